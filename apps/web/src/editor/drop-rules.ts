/**
 * Where a dragged component may go, shared by the canvas and the outline: the
 * protocol's container rules (tree.ts: allowedChildren, maxChildren) plus the
 * one drag adds, no moving a component into itself.
 */
import { holdRefusal, isAncestor, nodeOf, type PageDocument } from '@tandem/protocol';

/** A move drags `id`; with `ids` (a multi-selection that holds `id`) the whole group goes with it. */
export type DragSource =
  | { kind: 'new'; type: string }
  | { kind: 'move'; id: string; ids?: readonly string[] }
  | { kind: 'paste'; json: string };

/** The type being dragged; null for a paste, whose content is only read on drop. */
export function sourceType(doc: PageDocument, source: DragSource): string | null {
  if (source.kind === 'new') return source.type;
  if (source.kind === 'move') return nodeOf(doc, source.id)?.type ?? null;
  return null;
}

/** Whether `parentId` may take the dragged thing as a child. */
export function canDropInto(doc: PageDocument, parentId: string, source: DragSource): boolean {
  if (source.kind === 'move' && source.ids !== undefined && source.ids.length > 1) return canDropGroupInto(doc, parentId, source.ids);
  if (source.kind === 'move' && isAncestor(doc, source.id, parentId)) return false;
  // A move within the same parent adds no child.
  const alreadyHere = source.kind === 'move' && (nodeOf(doc, parentId)?.children.includes(source.id) ?? false);
  return holdRefusal(doc, parentId, sourceType(doc, source), alreadyHere ? 0 : 1) === null;
}

/** A group: outside every member, every type taken, and room for all that arrive (the store checks the same). */
function canDropGroupInto(doc: PageDocument, parentId: string, ids: readonly string[]): boolean {
  const parent = nodeOf(doc, parentId);
  if (!parent || ids.some((id) => isAncestor(doc, id, parentId))) return false;
  const arriving = ids.filter((id) => !parent.children.includes(id)).length;
  return ids.every((id) => holdRefusal(doc, parentId, nodeOf(doc, id)?.type ?? null, arriving) === null);
}
