/**
 * Questions about a group of selected components, asked by the group actions and
 * by the range and sibling selections. Pure: a document in, ids out.
 *
 * A group action works on the selection's top level: the ids that still name a
 * component other than the page, without any whose ancestor is selected too (that
 * one goes with its ancestor's subtree), in the order they appear on the page.
 */
import { LIMITS, nodeOf, type PageDocument } from '@tandem/protocol';

/** Every component's place in a depth-first walk from the root (the outline's order). */
export function pageOrder(doc: PageDocument): Map<string, number> {
  const order = new Map<string, number>();
  const stack = [doc.rootId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (order.has(id)) continue; // a broken page cannot loop us
    const node = nodeOf(doc, id);
    if (!node) continue;
    order.set(id, order.size);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as string);
  }
  return order;
}

/** The selection's top level, in page order (see above). */
export function topLevel(doc: PageDocument, ids: readonly string[]): string[] {
  const order = pageOrder(doc);
  const wanted = new Set(ids.filter((id) => id !== doc.rootId && order.has(id)));
  const parents = parentIndex(doc);
  const covered = (id: string): boolean => {
    // Bounded by the page's size: pageOrder reached each id once.
    for (let up = parents.get(id), steps = 0; up !== undefined && steps <= order.size; up = parents.get(up), steps++) {
      if (wanted.has(up)) return true;
    }
    return false;
  };
  return [...wanted].filter((id) => !covered(id)).sort((a, b) => (order.get(a) as number) - (order.get(b) as number));
}

/** The ids from `anchor` to `target` inclusive, along `order` (by default the page's order, root left out). */
export function rangeIds(doc: PageDocument, anchor: string, target: string, order?: readonly string[]): string[] {
  const rows = order ?? [...pageOrder(doc).keys()].filter((id) => id !== doc.rootId);
  const from = rows.indexOf(anchor);
  const to = rows.indexOf(target);
  if (from === -1 || to === -1) return [target];
  return rows.slice(Math.min(from, to), Math.max(from, to) + 1).filter((id) => id !== doc.rootId && nodeOf(doc, id) !== undefined);
}

/** The children of `id`'s parent (for the page, or nothing selected: the page's own children). */
export function siblingIds(doc: PageDocument, id: string | null): string[] {
  const parent = id === null || id === doc.rootId ? doc.rootId : parentIndex(doc).get(id);
  return parent === undefined ? [] : [...(nodeOf(doc, parent)?.children ?? [])];
}

function parentIndex(doc: PageDocument): Map<string, string> {
  const parents = new Map<string, string>();
  for (const node of Object.values(doc.components)) for (const child of node.children) parents.set(child, node.id);
  return parents;
}

/** At most this many ids go out in one presence message (the schema's own limit). */
export const MAX_PRESENCE_IDS = 1_000;

/**
 * A selection as presence sends it: the primary first (others name it on their
 * canvas), then the rest in order, cut short to fit the presence limits (L6: at
 * most `LIMITS.presenceBytes` of JSON, and 1 000 ids), which a Ctrl/Cmd+A on a
 * long page could pass: the others then see the first of them, never a refusal.
 */
export function presenceOrder(ids: readonly string[], primary: string | null): string[] | null {
  if (ids.length === 0) return null;
  const ordered = primary === null || !ids.includes(primary) ? [...ids] : [primary, ...ids.filter((id) => id !== primary)];
  let bytes = 2; // []
  const out: string[] = [];
  for (const id of ordered) {
    bytes += JSON.stringify(id).length + (out.length > 0 ? 1 : 0);
    if (bytes > LIMITS.presenceBytes || out.length >= MAX_PRESENCE_IDS) break;
    out.push(id);
  }
  return out;
}
