/**
 * Immer's patches in the form we send and keep in history. Immer describes a
 * changed array index by index (`replace /children/1`, then `add`s or `remove`s at
 * the tail), which says nothing about which component moved: transformed against a
 * colleague's concurrent insert it would overwrite the wrong slot. Every change to a
 * `children` list is therefore rewritten as the smallest list of removals and
 * insertions by id (ids are unique in a list, D3); everything else stays as
 * `fromImmerPatches` gives it (object keys, whole values).
 *
 * Property (canonical.test.ts): applying the result to `before` gives `after`.
 */
import { formatPointer, hasOwn, jsonEqual, type Operation, type PageDocument } from '@tandem/protocol';
import { fromImmerPatches, type ImmerPatch } from './immer-patches.ts';
import { nodeOf } from './tree.ts';

export interface CanonicalOptions {
  /**
   * Put a `test` of the id before each removal from a `children` list, so that
   * an undo whose index went stale (after a change nobody told us about) fails
   * instead of detaching another component. Only for history, never sent.
   */
  guard?: boolean;
}

export function canonicalOps(
  before: PageDocument,
  after: PageDocument,
  patches: readonly ImmerPatch[],
  options: CanonicalOptions = {},
): Operation[] {
  const out: Operation[] = [];
  const listsDone = new Set<string>();
  for (const patch of patches) {
    const id = childrenListOf(patch);
    if (id !== null) {
      if (listsDone.has(id)) continue;
      const from = nodeOf(before, id)?.children;
      const to = nodeOf(after, id)?.children;
      const diff = Array.isArray(from) && Array.isArray(to) ? diffChildren(id, from, to, options.guard === true) : null;
      if (diff !== null) {
        listsDone.add(id);
        out.push(...diff);
        continue;
      }
    }
    // Writing an equal value (a new but equal list) is no change: nothing to send or undo.
    if (patch.op === 'replace' && jsonEqual(valueAt(before, patch.path), patch.value)) continue;
    out.push(...fromImmerPatches([patch]));
  }
  return out;
}

function valueAt(doc: unknown, path: readonly (string | number)[]): unknown {
  let node = doc;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !hasOwn(node, String(key))) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The component id when the patch writes into (or replaces) that component's `children` list. */
function childrenListOf(patch: ImmerPatch): string | null {
  const [root, id, key] = patch.path;
  if (root !== 'components' || typeof id !== 'string' || key !== 'children') return null;
  return patch.path.length === 3 || patch.path.length === 4 ? id : null;
}

/**
 * Removals (highest index first) and insertions (lowest final index first) turning
 * `from` into `to`, keeping the longest run of ids whose order did not change.
 * Null when either list repeats an id (not a valid document; let immer's patches stand).
 */
export function diffChildren(id: string, from: readonly string[], to: readonly string[], guard = false): Operation[] | null {
  const oldIndex = new Map<string, number>();
  for (const [i, child] of from.entries()) {
    if (oldIndex.has(child)) return null;
    oldIndex.set(child, i);
  }
  if (new Set(to).size !== to.length) return null;
  const kept = keptIds(to, oldIndex);
  const ops: Operation[] = [];
  for (let i = from.length - 1; i >= 0; i--) {
    const child = from[i] as string;
    if (kept.has(child)) continue;
    const path = formatPointer(['components', id, 'children', i]);
    if (guard) ops.push({ op: 'test', path, value: child });
    ops.push({ op: 'remove', path });
  }
  for (const [j, child] of to.entries()) {
    if (!kept.has(child)) ops.push({ op: 'add', path: formatPointer(['components', id, 'children', j]), value: child });
  }
  return ops;
}

/** The ids of `to` that stay put: a longest increasing run of their old indices (patience sorting, O(n log n)). */
function keptIds(to: readonly string[], oldIndex: ReadonlyMap<string, number>): Set<string> {
  const tails: number[] = []; // tails[k]: position in `to` ending the best run of length k + 1
  const previous: number[] = new Array(to.length).fill(-1);
  const old = to.map((child) => oldIndex.get(child) ?? -1);
  for (let j = 0; j < to.length; j++) {
    const value = old[j] as number;
    if (value < 0) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((old[tails[mid] as number] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    previous[j] = lo > 0 ? (tails[lo - 1] as number) : -1;
    tails[lo] = j;
  }
  const kept = new Set<string>();
  for (let j = tails.length > 0 ? (tails[tails.length - 1] as number) : -1; j >= 0; j = previous[j] as number) {
    kept.add(to[j] as string);
  }
  return kept;
}
