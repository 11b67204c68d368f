/**
 * RFC 6902 JSON Patch: the operation schema and the one `applyPatch` that the
 * server, the collaboration client and the tests all use. Rules are numbered in
 * SPEC.md (P1, P2, …) and cited by patch.test.ts.
 */
import { z } from 'zod';
import { ErrorCode, type ProtocolError } from './errors.ts';
import { cloneJson, findDangerousKey, hasOwn, type Json, jsonEqual } from './json.ts';
import { formatPointer, isDangerousKey, isPrefixOf, parseArrayIndex, parsePointer } from './pointer.ts';

import { MAX_OPERATIONS_PER_PATCH } from './limits.ts';
export { MAX_OPERATIONS_PER_PATCH };

const Pointer = z.string().refine((p) => parsePointer(p) !== null, 'not a JSON Pointer');

export const OperationSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), path: Pointer, value: z.json() }),
  z.object({ op: z.literal('remove'), path: Pointer }),
  z.object({ op: z.literal('replace'), path: Pointer, value: z.json() }),
  z.object({ op: z.literal('move'), from: Pointer, path: Pointer }),
  z.object({ op: z.literal('copy'), from: Pointer, path: Pointer }),
  z.object({ op: z.literal('test'), path: Pointer, value: z.json() }),
]);
export type Operation = z.infer<typeof OperationSchema>;
export type OperationType = Operation['op'];

export const PatchSchema = z.array(OperationSchema).max(MAX_OPERATIONS_PER_PATCH);

export type PatchParseResult = { ok: true; ops: Operation[] } | { ok: false; error: ProtocolError };

/**
 * Checks that untrusted input is a list of well-formed operations whose paths and
 * values stay clear of prototype keys (P8). Returns them typed, or `invalid-patch`.
 */
export function parsePatch(input: unknown): PatchParseResult {
  const parsed = PatchSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return invalid(`not a list of RFC 6902 operations${where}: ${issue?.message ?? 'invalid'}`);
  }
  for (const [i, op] of parsed.data.entries()) {
    for (const pointer of 'from' in op ? [op.path, op.from] : [op.path]) {
      const bad = (parsePointer(pointer) as string[]).find(isDangerousKey);
      if (bad !== undefined) return invalid(`path ${pointer} uses the reserved key "${bad}"`);
    }
    if ('value' in op) {
      // The value as it came in: zod's parse silently drops "__proto__" keys, so its copy would pass.
      const bad = findDangerousKey((input as { value?: unknown }[])[i]?.value, isDangerousKey);
      if (bad !== null) return invalid(`value at ${op.path} uses the reserved key "${bad}"`);
    }
  }
  return { ok: true, ops: parsed.data };
}

function invalid(message: string): { ok: false; error: ProtocolError } {
  return { ok: false, error: { code: ErrorCode.InvalidPatch, message } };
}

export type ApplyResult<T> = { ok: true; doc: T; applied?: Operation[] } | { ok: false; error: ProtocolError };

export interface ApplyOptions {
  /**
   * Mutate `doc` instead of copying (P7). Only for an owner that holds the sole
   * reference: copying a record of thousands of components costs milliseconds,
   * so the server applies in place. Still atomic: a failed patch is rolled back.
   */
  inPlace?: boolean;
  /**
   * Judges the result before it is committed; an error rolls the patch back, so
   * a patch that breaks an invariant changes nothing even in place.
   */
  check?: (result: unknown) => ProtocolError | null;
  /**
   * Also return the patch in canonical form (P11): only add, remove and replace,
   * with `move` and `copy` spelled out with their values and "-" resolved to an
   * index. What the server logs and fans out, so that transformation never has
   * to guess what a move carried.
   */
  record?: boolean;
}

/**
 * Applies `ops` atomically (P1): every operation or none. By default `doc` is
 * never mutated (P6); the result shares every untouched subtree with it.
 */
export function applyPatch<T>(doc: T, ops: readonly Operation[], options: ApplyOptions = {}): ApplyResult<T> {
  const state = new PatchState(doc as Json, options.inPlace === true, options.record === true);
  for (let i = 0; i < ops.length; i++) {
    const failure = state.apply(ops[i] as Operation);
    if (failure !== null) {
      state.rollback();
      return { ok: false, error: { code: failure.code, message: `operation ${i} (${ops[i]?.op}): ${failure.message}` } };
    }
  }
  const rejected = options.check?.(state.root) ?? null;
  if (rejected !== null) {
    state.rollback();
    return { ok: false, error: rejected };
  }
  return state.recorded ? { ok: true, doc: state.root as T, applied: state.recorded } : { ok: true, doc: state.root as T };
}

type Container = Json[] | { [key: string]: Json };
type Undo = () => void;

class Failure {
  constructor(
    readonly code: ProtocolError['code'],
    readonly message: string,
  ) {}
}

/**
 * The working state of one application. In copy mode every container on a written
 * path is shallow-copied once (tracked in `owned`); in place mode each write pushes
 * its inverse onto `journal` so that a failure can be undone.
 */
class PatchState {
  root: Json;
  private readonly original: Json;
  private readonly owned = new Set<object>();
  private readonly journal: Undo[] = [];
  readonly recorded: Operation[] | null;

  constructor(
    doc: Json,
    private readonly inPlace: boolean,
    record: boolean,
  ) {
    this.root = doc;
    this.original = doc;
    this.recorded = record ? [] : null;
  }

  rollback(): void {
    for (let i = this.journal.length - 1; i >= 0; i--) (this.journal[i] as Undo)();
    this.root = this.original;
  }

  apply(op: Operation): Failure | null {
    const path = parsePointer(op.path);
    if (path === null) return new Failure(ErrorCode.InvalidPatch, `malformed path ${op.path}`);
    // P8: checked here too, so that no caller can reach a prototype by skipping parsePatch.
    const from = 'from' in op ? parsePointer(op.from) : [];
    if (from === null) return new Failure(ErrorCode.InvalidPatch, `malformed from ${(op as { from: string }).from}`);
    if (path.some(isDangerousKey) || from.some(isDangerousKey)) return new Failure(ErrorCode.InvalidPatch, 'path uses a reserved key');
    try {
      switch (op.op) {
        case 'add':
          this.record({ op: 'add', path: this.add(path, cloneJson(op.value as Json), op.path), value: op.value });
          return null;
        case 'remove':
          this.remove(path, op.path);
          this.record(op);
          return null;
        case 'replace':
          this.read(path, op.path);
          this.replace(path, cloneJson(op.value as Json));
          this.record(op);
          return null;
        case 'move': {
          if (op.from === op.path) {
            this.read(from, op.from);
            return null;
          }
          // P4: a value cannot be moved into one of its own descendants.
          if (isPrefixOf(from, path)) return new Failure(ErrorCode.PatchFailed, `cannot move ${op.from} into itself`);
          const value = this.read(from, op.from);
          this.remove(from, op.from);
          this.record({ op: 'remove', path: op.from });
          const at = this.add(path, value, op.path);
          if (this.recorded) this.record({ op: 'add', path: at, value: cloneJson(value) });
          return null;
        }
        case 'copy': {
          const value = cloneJson(this.read(from, op.from));
          const at = this.add(path, value, op.path);
          if (this.recorded) this.record({ op: 'add', path: at, value: cloneJson(value) });
          return null;
        }
        case 'test': {
          const actual = this.read(path, op.path);
          if (!jsonEqual(actual, op.value)) return new Failure(ErrorCode.PatchFailed, `test failed at ${op.path}`);
          return null;
        }
      }
    } catch (error) {
      if (error instanceof Failure) return error;
      throw error;
    }
  }

  private record(op: Operation): void {
    this.recorded?.push(op);
  }

  /** The value at `path`; fails when any step is missing. */
  private read(path: readonly string[], pointer: string): Json {
    let node = this.root;
    for (const token of path) {
      const next = child(node, token);
      if (next === undefined) throw new Failure(ErrorCode.PatchFailed, `no value at ${pointer}`);
      node = next;
    }
    return node;
  }

  /** Adds `value` at `path`; returns the pointer it landed at, with "-" resolved. */
  private add(path: readonly string[], value: Json, pointer: string): string {
    if (path.length === 0) {
      this.root = value;
      return pointer;
    }
    const key = path[path.length - 1] as string;
    const parent = this.writableParent(path, pointer);
    if (Array.isArray(parent)) {
      const index = key === '-' ? parent.length : parseArrayIndex(key);
      // P3: an array index may name any slot up to and including the end.
      if (index === null || index > parent.length) throw new Failure(ErrorCode.PatchFailed, `bad array index at ${pointer}`);
      parent.splice(index, 0, value);
      if (this.inPlace) this.journal.push(() => parent.splice(index, 1));
      return key === '-' ? formatPointer([...path.slice(0, -1), String(index)]) : pointer;
    }
    this.setKey(parent, key, value);
    return pointer;
  }

  private remove(path: readonly string[], pointer: string): void {
    if (path.length === 0) throw new Failure(ErrorCode.PatchFailed, 'cannot remove the whole document');
    const key = path[path.length - 1] as string;
    const parent = this.writableParent(path, pointer);
    if (Array.isArray(parent)) {
      const index = parseArrayIndex(key);
      if (index === null || index >= parent.length) throw new Failure(ErrorCode.PatchFailed, `no value at ${pointer}`);
      const [old] = parent.splice(index, 1);
      if (this.inPlace) this.journal.push(() => parent.splice(index, 0, old as Json));
      return;
    }
    if (!hasOwn(parent, key)) throw new Failure(ErrorCode.PatchFailed, `no value at ${pointer}`);
    const old = parent[key] as Json;
    delete parent[key];
    if (this.inPlace)
      this.journal.push(() => {
        parent[key] = old;
      });
  }

  /** Replaces an existing value; the caller has checked that it exists. */
  private replace(path: readonly string[], value: Json): void {
    if (path.length === 0) {
      this.root = value;
      return;
    }
    const key = path[path.length - 1] as string;
    const parent = this.writableParent(path, '');
    if (Array.isArray(parent)) {
      const index = parseArrayIndex(key) as number;
      const old = parent[index] as Json;
      parent[index] = value;
      if (this.inPlace)
        this.journal.push(() => {
          parent[index] = old;
        });
      return;
    }
    this.setKey(parent, key, value);
  }

  private setKey(parent: { [key: string]: Json }, key: string, value: Json): void {
    if (this.inPlace) {
      const had = hasOwn(parent, key);
      const old = parent[key] as Json;
      this.journal.push(
        had
          ? () => {
              parent[key] = old;
            }
          : () => {
              delete parent[key];
            },
      );
    }
    parent[key] = value;
  }

  /** The container that holds the last token of `path`, made safe to write. */
  private writableParent(path: readonly string[], pointer: string): Container {
    if (this.inPlace) {
      const parent = this.read(path.slice(0, -1), pointer);
      if (typeof parent !== 'object' || parent === null) throw new Failure(ErrorCode.PatchFailed, `no container at ${pointer}`);
      return parent;
    }
    this.root = this.own(this.root, pointer);
    let node = this.root as Container;
    for (let i = 0; i < path.length - 1; i++) {
      const token = path[i] as string;
      const next = child(node, token);
      if (next === undefined) throw new Failure(ErrorCode.PatchFailed, `no value at ${pointer}`);
      const owned = this.own(next, pointer);
      if (owned !== next) (node as Record<string, Json>)[token] = owned;
      node = owned;
    }
    return node;
  }

  /** A container this application may write: the same one if already copied, else a copy. */
  private own(node: Json, pointer: string): Container {
    if (typeof node !== 'object' || node === null) throw new Failure(ErrorCode.PatchFailed, `no container at ${pointer}`);
    if (this.owned.has(node)) return node;
    const copy: Container = Array.isArray(node) ? node.slice() : { ...node };
    this.owned.add(copy);
    return copy;
  }
}

/** The child of a container at one token, or undefined when there is none. */
function child(node: Json, token: string): Json | undefined {
  if (Array.isArray(node)) {
    const index = parseArrayIndex(token);
    return index === null || index >= node.length ? undefined : node[index];
  }
  if (typeof node === 'object' && node !== null && hasOwn(node, token)) return node[token];
  return undefined;
}
