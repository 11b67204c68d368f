/**
 * Where a dragged component may go: pure rules over the document and the
 * registry (containers, allowedChildren, maxChildren, no moving into oneself),
 * shared by the canvas and the outline.
 */
import { getDefinition, type PageDocument } from '@tandem/protocol';

export type DragSource = { kind: 'new'; type: string } | { kind: 'move'; id: string } | { kind: 'paste'; json: string };

export function nodeOf(doc: PageDocument, id: string) {
  return Object.hasOwn(doc.components, id) ? doc.components[id] : undefined;
}

export function sourceType(doc: PageDocument, source: DragSource): string | null {
  if (source.kind === 'new') return source.type;
  if (source.kind === 'move') return nodeOf(doc, source.id)?.type ?? null;
  return null;
}

/** True when `id` is `ancestorId` or lies inside its subtree. */
export function isWithin(doc: PageDocument, id: string, ancestorId: string): boolean {
  const stack = [ancestorId];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const current = stack.pop() as string;
    if (current === id) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    const node = nodeOf(doc, current);
    if (node) stack.push(...node.children);
  }
  return false;
}

/** The parent of `id`, or null for the root (and for ids not in the document). */
export function parentOf(doc: PageDocument, id: string): string | null {
  for (const node of Object.values(doc.components)) if (node.children.includes(id)) return node.id;
  return null;
}

/** Whether `parentId` may take the dragged thing as a child. */
export function canDropInto(doc: PageDocument, parentId: string, source: DragSource): boolean {
  const parent = nodeOf(doc, parentId);
  if (!parent) return false;
  const def = getDefinition(parent.type);
  if (!def?.acceptsChildren) return false;
  const type = sourceType(doc, source);
  if (type !== null && def.allowedChildren && !def.allowedChildren.includes(type)) return false;
  if (source.kind === 'move' && isWithin(doc, parentId, source.id)) return false;
  const alreadyHere = source.kind === 'move' && parent.children.includes(source.id);
  if (def.maxChildren !== undefined && !alreadyHere && parent.children.length >= def.maxChildren) return false;
  return true;
}
