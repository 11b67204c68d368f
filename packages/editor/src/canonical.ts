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
import { alignLists, formatPointer, hasOwn, jsonEqual, nodeOf, type Operation, type PageDocument } from '@tandem/protocol';
import { fromImmerPatches, type ImmerPatch } from './immer-patches.ts';

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
 * `from` into `to`, keeping the longest run of ids whose order did not change
 * (the protocol's `alignLists`, the one `diff` uses). Null when either list repeats
 * an id (not a valid document; let immer's patches stand).
 */
export function diffChildren(id: string, from: readonly string[], to: readonly string[], guard = false): Operation[] | null {
  if (new Set(from).size !== from.length || new Set(to).size !== to.length) return null;
  const kept = new Set<string>();
  for (const [i] of alignLists(from, to) ?? []) kept.add(from[i] as string);
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
