/**
 * Reading the page tree. The document is a flat map with `children` lists, so a
 * component's own node is O(1) and only the parent lookup scans (pages hold a few
 * thousand components at most; the hot paths, setProp and selection, never call it).
 */
import { type ComponentNode, getDefinition, hasOwn, type PageDocument } from '@tandem/protocol';

export function nodeOf(doc: PageDocument, id: string): ComponentNode | undefined {
  return hasOwn(doc.components, id) ? doc.components[id] : undefined;
}

/** The id of the component whose children hold `id`, or null (the root, or unknown). */
export function parentOf(doc: PageDocument, id: string): string | null {
  if (id === doc.rootId) return null;
  for (const node of Object.values(doc.components)) if (node.children.includes(id)) return node.id;
  return null;
}

/** Where `id` sits in its parent: `{ parentId, index }`, or null for the root or an unknown id. */
export function locate(doc: PageDocument, id: string): { parentId: string; index: number } | null {
  const parentId = parentOf(doc, id);
  if (parentId === null) return null;
  return { parentId, index: (doc.components[parentId] as ComponentNode).children.indexOf(id) };
}

export function indexOf(doc: PageDocument, id: string): number {
  return locate(doc, id)?.index ?? -1;
}

/** `id` and every component below it, parents before children. */
export function subtreeIds(doc: PageDocument, id: string): string[] {
  const out: string[] = [];
  const stack = [id];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    const node = nodeOf(doc, current);
    if (!node) continue;
    out.push(current);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as string);
  }
  return out;
}

/** Whether `ancestor` is `id` itself or lies above it. */
export function isAncestor(doc: PageDocument, ancestor: string, id: string): boolean {
  for (let current: string | null = id; current !== null; current = parentOf(doc, current)) {
    if (current === ancestor) return true;
  }
  return false;
}

/**
 * Why `parentId` cannot take one more child of `type`, or null when it can (D7).
 * `extra` is how many children it gains: 0 for a move within the same parent.
 */
export function refuseChild(doc: PageDocument, parentId: string, type: string, extra = 1): string | null {
  const parent = nodeOf(doc, parentId);
  if (!parent) return 'that place no longer exists';
  const def = getDefinition(parent.type);
  if (!def?.acceptsChildren) return `a ${def?.label ?? parent.type} cannot hold other components`;
  if (def.allowedChildren && !def.allowedChildren.includes(type)) {
    return `a ${def.label} holds only ${def.allowedChildren.join(', ')}`;
  }
  if (def.maxChildren !== undefined && parent.children.length + extra > def.maxChildren) {
    return `a ${def.label} holds at most ${def.maxChildren}`;
  }
  return null;
}
