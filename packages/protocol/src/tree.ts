/**
 * Questions about the page tree, answered once for everyone: the document
 * invariants (document.ts), the editor store's actions, drag and drop, the
 * canvas's subscriptions and the fuzz. The document is a flat map with
 * `children` lists, so a component's own node is O(1) and only the parent
 * lookup scans (pages hold a few thousand components at most).
 *
 * Every walk keeps a set of what it has seen, so these answer (and end) on a
 * document that breaks D3 or D4 too: `validateChange` asks them about a
 * patch's result before it knows it is valid.
 *
 * The container rules (SPEC D7) are `childTypeRefusal` and `childCountRefusal`;
 * `holdRefusal` applies both to a place in a document.
 */
import type { ComponentNode, PageDocument } from './document.ts';
import { hasOwn } from './json.ts';
import { getDefinition } from './registry.ts';

/** The component `id`, or undefined. Own members only: an id such as `toString` names nothing. */
export function nodeOf(doc: PageDocument, id: string): ComponentNode | undefined {
  return hasOwn(doc.components, id) ? doc.components[id] : undefined;
}

/** The id of the component whose children hold `id`, or null (the root, or an unknown id). */
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

/** `id` and every component below it, parents before children, in document order; [] for an unknown id. */
export function subtreeIds(doc: PageDocument, id: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    const node = nodeOf(doc, current);
    if (!node || seen.has(current)) continue;
    seen.add(current);
    out.push(current);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as string);
  }
  return out;
}

/**
 * Whether `ancestor` is `id` itself or lies above it. Walks down from `ancestor`,
 * so it costs that subtree's size, not a parent scan per level.
 */
export function isAncestor(doc: PageDocument, ancestor: string, id: string): boolean {
  const seen = new Set<string>();
  const stack = [ancestor];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    if (current === id) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    const node = nodeOf(doc, current);
    if (node) for (const child of node.children) stack.push(child);
  }
  return false;
}

/** The ids from the root down to `id`, both included; [] when `id` is not in the tree. */
export function pathOf(doc: PageDocument, id: string): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  for (let current: string | null = id; current !== null && !seen.has(current); current = parentOf(doc, current)) {
    if (!nodeOf(doc, current)) return [];
    seen.add(current);
    path.push(current);
  }
  return path[path.length - 1] === doc.rootId ? path.reverse() : [];
}

/**
 * Why a container rule (D7) refuses a child: the parent holds no children at all,
 * not that type (`allowedChildren`), or the child is a `rootOnly` type; or the
 * parent would hold more than `maxChildren`.
 */
export type HoldRefusal = 'not-a-container' | 'type-not-allowed' | 'root-only' | 'full';

/** Whether a `parentType` may hold a `childType` (null: it may). */
export function childTypeRefusal(parentType: string, childType: string): HoldRefusal | null {
  const def = getDefinition(parentType);
  if (!def?.acceptsChildren) return 'not-a-container';
  if (def.allowedChildren && !def.allowedChildren.includes(childType)) return 'type-not-allowed';
  if (getDefinition(childType)?.rootOnly) return 'root-only';
  return null;
}

/** Whether a `parentType` may hold `count` children (null: it may). */
export function childCountRefusal(parentType: string, count: number): HoldRefusal | null {
  const def = getDefinition(parentType);
  if (!def?.acceptsChildren) return count > 0 ? 'not-a-container' : null;
  return def.maxChildren !== undefined && count > def.maxChildren ? 'full' : null;
}

/** A refusal as a person reads it: "a Columns holds only Column". */
export function describeRefusal(refusal: HoldRefusal, parentType: string, childType?: string): string {
  const def = getDefinition(parentType);
  const label = def?.label ?? parentType;
  switch (refusal) {
    case 'not-a-container':
      return `a ${label} cannot hold other components`;
    case 'type-not-allowed':
      return `a ${label} holds only ${def?.allowedChildren?.join(', ') ?? 'nothing'}`;
    case 'root-only':
      return `a ${childType ?? 'root'} is only ever the root`;
    case 'full':
      return `a ${label} holds at most ${def?.maxChildren ?? 0}`;
  }
}

/**
 * Why `parentId` cannot take a child of `childType` (null: the type is not known
 * yet, so only the container and the count are checked), as a sentence; null when
 * it can. `extra` is how many children it gains: 0 for a move within the parent.
 */
export function holdRefusal(doc: PageDocument, parentId: string, childType: string | null, extra = 1): string | null {
  const parent = nodeOf(doc, parentId);
  if (!parent) return 'that place no longer exists';
  const refusal =
    (childType === null ? null : childTypeRefusal(parent.type, childType)) ??
    childCountRefusal(parent.type, parent.children.length + extra) ??
    (getDefinition(parent.type)?.acceptsChildren ? null : 'not-a-container');
  return refusal === null ? null : describeRefusal(refusal, parent.type, childType ?? undefined);
}

/** Whether `parentId` can take one more child of `childType` (see `holdRefusal`). */
export function canHold(doc: PageDocument, parentId: string, childType: string | null, extra = 1): boolean {
  return holdRefusal(doc, parentId, childType, extra) === null;
}
