/**
 * What a click on a palette tile will do, in words, from the same rule the store
 * applies (`placementFor`), so the hint can never promise one place and the click
 * use another (issue 11, bug 2).
 */
import { placementFor } from '@tandem/editor';
import { getDefinition, nodeOf, type PageDocument } from '@tandem/protocol';

const nameOf = (doc: PageDocument, id: string): string => {
  const node = nodeOf(doc, id);
  const label = node ? (getDefinition(node.type)?.label ?? node.type) : 'component';
  return id === doc.rootId ? 'the page' : `this ${label}`;
};

export function clickHint(doc: PageDocument | null, type: string, selection: string | null): string {
  if (doc === null) return 'The page is still loading.';
  const place = placementFor(doc, type, selection);
  if (!place.ok) return `Cannot be added here: ${place.reason}`;
  const { parentId, index } = place.value;
  const parent = nodeOf(doc, parentId);
  const before = parent && index > 0 ? parent.children[index - 1] : undefined;
  if (selection !== null && before === selection) return `Click to add it right after ${nameOf(doc, selection)}.`;
  if (parentId === doc.rootId && (parent?.children.length ?? 0) === index) return 'Click to add it at the end of the page.';
  return `Click to add it at the end of ${nameOf(doc, parentId)}.`;
}

export const IDLE_HINT = 'Point at a component to see where a click puts it, or drag it onto the page or the outline.';
