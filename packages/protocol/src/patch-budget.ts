/**
 * What a patch will cost before it is applied (SPEC L3, L4): its bytes once
 * `copy` and `move` are spelled out with their values (as the server logs and
 * relays it, P11), how much it can grow the document, and how many components
 * it can add. A 900-byte frame of nested `copy`s can otherwise add 50 MB; this
 * bounds it without doing the copying. Upper bounds, computed from the document
 * before the patch: what a replace or remove frees is subtracted only when it is
 * certain. Pure, no recursion.
 */
import { ErrorCode, type ProtocolError } from './errors.ts';
import { isPlainObject } from './json.ts';
import type { Operation } from './patch.ts';
import { isPrefixOf, parsePointer } from './pointer.ts';

export interface PatchBudget {
  /** Largest patch, in bytes after expansion (L3). */
  patchBytes: number;
  /** Largest document, in bytes (L4). */
  documentBytes: number;
  /** Most components in a document (L4). */
  components: number;
}

/** The document as it stands: its size in bytes and its component count (upper bounds are fine). */
export interface DocumentMeasure {
  bytes: number;
  components: number;
}

export interface PatchCost {
  /** The patch's size with every copy and move spelled out. */
  bytes: number;
  /** How many bytes the document can grow by, at most (negative when it certainly shrinks). */
  growth: number;
  /** How many components the document will have, at most. */
  components: number;
}

export type PatchCostResult = { ok: true; cost: PatchCost } | { ok: false; error: ProtocolError };

/**
 * The approximate JSON size of `value` in UTF-8 bytes, iteratively; stops as
 * soon as it passes `cap` and returns a number greater than `cap`.
 */
export function jsonSize(value: unknown, cap = Number.POSITIVE_INFINITY): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') total += stringSize(node);
    else if (typeof node === 'number') total += String(node).length;
    else if (typeof node === 'boolean') total += node ? 4 : 5;
    else if (node === null || node === undefined) total += 4;
    else if (Array.isArray(node)) {
      total += 1 + node.length;
      for (const item of node) stack.push(item);
    } else {
      const keys = Object.keys(node as object);
      total += 1 + keys.length;
      for (const key of keys) {
        total += stringSize(key) + 1;
        stack.push((node as Record<string, unknown>)[key]);
      }
    }
    if (total > cap) return total;
  }
  return total;
}

function stringSize(text: string): number {
  let bytes = 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? (c < 0x20 || c === 0x22 || c === 0x5c ? 2 : 1) : c < 0x800 ? 2 : 3;
  }
  return bytes;
}

/** Old values bigger than this are not measured to be subtracted (the bound stays an upper bound). */
const FREED_CAP = 64 * 1024;

/** The value at `tokens` in `doc`, or undefined. */
function resolve(doc: unknown, tokens: readonly string[]): unknown {
  let node = doc;
  for (const token of tokens) {
    if (Array.isArray(node)) node = /^(0|[1-9][0-9]*)$/.test(token) ? node[Number(token)] : undefined;
    else if (isPlainObject(node)) node = Object.hasOwn(node, token) ? node[token] : undefined;
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * Measures `ops` against `doc` (the document they will apply to, as it is now)
 * and refuses them when they would exceed `budget`: `patch-too-large` past
 * the patch bytes, `document-too-large` past the document's bytes or components.
 */
export function patchCost(doc: unknown, ops: readonly Operation[], current: DocumentMeasure, budget: PatchBudget): PatchCostResult {
  let bytes = 0;
  let growth = 0;
  let components = current.components;
  // Where earlier operations of this patch wrote or removed: a source below one of them
  // (or whose array they shifted) is no longer what the document before the patch holds.
  const touched: string[][] = [];
  const tooBig = (): PatchCostResult => ({
    ok: false,
    error: { code: ErrorCode.PatchTooLarge, message: `the patch would be over ${budget.patchBytes} bytes once copies and moves are spelled out` },
  });

  const isStale = (at: string[]) => touched.some((t) => isPrefixOf(t.slice(0, -1), at) || isPrefixOf(at, t));
  // What a replace or remove takes away, when it is certain (untouched so far in this patch, and small enough to measure).
  const freed = (at: string[]): number => {
    if (isStale(at)) return 0;
    const size = jsonSize(resolve(doc, at), FREED_CAP);
    return size > FREED_CAP ? 0 : size;
  };

  for (const op of ops) {
    const path = parsePointer(op.path) ?? [];
    bytes += op.path.length + 24;
    if (op.op === 'replace' || op.op === 'remove') growth -= freed(path);
    if (op.op === 'copy' || op.op === 'move') {
      const from = parsePointer(op.from) ?? [];
      const stale = isStale(from);
      // When the source may have changed within this patch, assume the worst: all the document could be there.
      const size = stale ? current.bytes + growth : jsonSize(resolve(doc, from), budget.patchBytes - bytes);
      bytes += size + op.from.length;
      if (op.op === 'copy') growth += size;
      else touched.push(from);
      if (path[0] === 'components' && path.length === 2 && op.op === 'copy') components += 1;
    } else if ('value' in op) {
      const size = jsonSize(op.value, budget.patchBytes - bytes);
      bytes += size;
      if (op.op !== 'test') growth += size;
      if (op.op === 'add' && path[0] === 'components' && path.length === 2) components += 1;
      else if (op.op !== 'test' && path.length === 0 && isPlainObject(op.value) && isPlainObject(op.value.components)) {
        components = Object.keys(op.value.components).length;
      } else if (op.op !== 'test' && path.length === 1 && path[0] === 'components' && isPlainObject(op.value)) {
        components = Object.keys(op.value).length;
      }
    }
    if (op.op !== 'test') touched.push(path);
    if (bytes > budget.patchBytes) return tooBig();
  }
  if (current.bytes + growth > budget.documentBytes) {
    return {
      ok: false,
      error: { code: ErrorCode.DocumentTooLarge, message: `the page would grow past ${budget.documentBytes} bytes` },
    };
  }
  if (components > budget.components) {
    return {
      ok: false,
      error: { code: ErrorCode.DocumentTooLarge, message: `the page would have more than ${budget.components} components` },
    };
  }
  return { ok: true, cost: { bytes, growth, components } };
}
