/**
 * RFC 6902 JSON Patch: the operation schema and the one `applyPatch` that the
 * server, the collaboration client and the editor store all use, a thin layer
 * over fast-json-patch (see `PatchState` for what the layer adds). Rules are numbered in
 * SPEC.md (P1, P2, …) and cited by patch.test.ts.
 */
import jsonpatch, { type Operation as FastOperation } from 'fast-json-patch';
import { z } from 'zod';
import { ErrorCode, type ProtocolError } from './errors.ts';
import { cloneJson, findDangerousKey, hasOwn, isPlainObject, type Json, jsonEqual } from './json.ts';
import { escapeToken, formatPointer, isDangerousKey, isPrefixOf, parseArrayIndex, parsePointer } from './pointer.ts';

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
  const quick = quickParse(input);
  if (quick !== null) return { ok: true, ops: quick };
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

/**
 * What `PatchSchema` and the checks after it accept, without zod, for a patch
 * with nothing wrong in it (every one a server receives from a real client):
 * the same operations, fresh objects holding only their own fields and copies
 * of their values, each pointer parsed once. Null when anything is off, or
 * merely unusual: then the schema runs and says exactly what.
 */
function quickParse(input: unknown): Operation[] | null {
  if (!Array.isArray(input) || input.length > MAX_OPERATIONS_PER_PATCH) return null;
  const out: Operation[] = new Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const raw: unknown = input[i];
    if (!isPlainObject(raw) || !cleanPointer(raw.path)) return null;
    const { op, path } = raw;
    if (op === 'remove') out[i] = { op, path };
    else if (op === 'move' || op === 'copy') {
      if (!cleanPointer(raw.from)) return null;
      out[i] = { op, from: raw.from, path };
    } else if (op === 'add' || op === 'replace' || op === 'test') {
      if (!hasOwn(raw, 'value')) return null;
      const value = copyValue(raw.value);
      if (value instanceof Failure) return null;
      out[i] = { op, path, value };
    } else return null;
  }
  return out;
}

/** A well-formed pointer with no prototype key in it (P8). */
function cleanPointer(pointer: unknown): pointer is string {
  if (typeof pointer !== 'string') return false;
  const tokens = parsePointer(pointer);
  return tokens !== null && !tokens.some(isDangerousKey);
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
 * never mutated (P6); the result shares every untouched subtree with it. Safe on
 * raw input: a malformed operation is `invalid-patch` (P9), never a throw.
 */
export function applyPatch<T>(doc: T, ops: readonly Operation[], options: ApplyOptions = {}): ApplyResult<T> {
  if (!Array.isArray(ops)) return invalid('a patch is a list of operations');
  const state = new PatchState(doc as Json, options.inPlace === true, options.record === true);
  for (let i = 0; i < ops.length; i++) {
    const op: unknown = ops[i];
    const failure = state.apply(op, i);
    if (failure !== null) {
      state.rollback();
      const name = isPlainObject(op) && typeof op.op === 'string' ? op.op.slice(0, 32) : '?';
      return { ok: false, error: { code: failure.code, message: `operation ${i} (${name}): ${failure.message}` } };
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

class Failure {
  constructor(
    readonly code: ProtocolError['code'],
    readonly message: string,
  ) {}
}

const OPS: ReadonlySet<string> = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** One add, remove or replace of a single key of one container: what fast-json-patch is handed. */
type Write = { op: 'add' | 'remove' | 'replace'; path: string; value?: Json };

/** An operation that passed `checkOperation`: known op, parsed pointers, and its value copied (P5). */
interface Checked {
  op: Operation;
  path: string[];
  from: string[];
  value: Json;
}

/**
 * The shape of one raw operation (P9): our own list of op names, since
 * fast-json-patch's validator looks them up on a plain object (so `toString` or
 * its internal `_get` would pass), then its validator (an object, a string `path`
 * starting with "/", a string `from` for move and copy, a `value` with no
 * `undefined` in it), then what neither checks: well-formed `~` escapes, a `from`
 * that is a pointer, no prototype key in a path (P8) or inside a value.
 */
function checkOperation(raw: unknown, index: number): Checked | Failure {
  if (!isPlainObject(raw)) return new Failure(ErrorCode.InvalidPatch, 'not an operation object');
  if (typeof raw.op !== 'string' || !OPS.has(raw.op)) return new Failure(ErrorCode.InvalidPatch, 'unknown op');
  try {
    jsonpatch.validator(raw as unknown as FastOperation, index);
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n', 1)[0] as string) : 'malformed operation';
    return new Failure(ErrorCode.InvalidPatch, message);
  }
  const op = raw as unknown as Operation;
  const path = parsePointer(op.path);
  if (path === null) return new Failure(ErrorCode.InvalidPatch, `malformed path ${op.path}`);
  const from = op.op === 'move' || op.op === 'copy' ? parsePointer(op.from) : [];
  if (from === null) return new Failure(ErrorCode.InvalidPatch, `malformed from ${(op as { from: string }).from}`);
  // P8: checked here too, so that no caller can reach a prototype by skipping parsePatch.
  if (path.some(isDangerousKey) || from.some(isDangerousKey)) return new Failure(ErrorCode.InvalidPatch, 'path uses a reserved key');
  let value: Json | Failure = null;
  try {
    if (op.op === 'add' || op.op === 'replace') value = copyValue(op.value);
  } catch {
    // Only a value nested deeper than the stack gets here; parsePatch's callers never send one.
    return new Failure(ErrorCode.InvalidPatch, 'a value is nested too deeply');
  }
  if (value instanceof Failure) return value;
  return { op, path, from, value };
}

/** A deep copy of a JSON value, or invalid-patch when it is not JSON or holds a prototype key (P8, P9). */
function copyValue(value: unknown): Json | Failure {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : new Failure(ErrorCode.InvalidPatch, 'a value holds a number that is not finite');
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const out: Json[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = copyValue(value[i]);
          if (item instanceof Failure) return item;
          out[i] = item;
        }
        return out;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null)
        return new Failure(ErrorCode.InvalidPatch, 'a value holds an object that is not JSON');
      const out: { [key: string]: Json } = {};
      for (const key of Object.keys(value)) {
        if (isDangerousKey(key)) return new Failure(ErrorCode.InvalidPatch, `a value uses the reserved key "${key}"`);
        const item = copyValue((value as Record<string, unknown>)[key]);
        if (item instanceof Failure) return item;
        out[key] = item;
      }
      return out;
    }
    default:
      return new Failure(ErrorCode.InvalidPatch, `a value holds ${typeof value}, which is not JSON`);
  }
}

/**
 * The working state of one application. fast-json-patch does each write
 * (`applyOperation` with a one-token path on the container that holds it); this
 * layer resolves the container strictly first (own members only, RFC 6901 array
 * indices, P2, P3), and keeps the guarantees fast-json-patch has no notion of:
 * in copy mode every container on a written path is shallow-copied once (tracked
 * in `owned`, P6) instead of fast-json-patch's clone of the whole document; in
 * place each write pushes its inverse onto `journal` so that a failure can be
 * undone (P1, P7). An immer draft can be the target in place.
 */
class PatchState {
  root: Json;
  private readonly original: Json;
  private readonly owned = new Set<object>();
  private readonly journal: { target: Container; undo: Write }[] = [];
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
    for (let i = this.journal.length - 1; i >= 0; i--) {
      const { target, undo } = this.journal[i] as { target: Container; undo: Write };
      jsonpatch.applyOperation(target, undo as FastOperation);
    }
    this.root = this.original;
  }

  apply(raw: unknown, index: number): Failure | null {
    const checked = checkOperation(raw, index);
    if (checked instanceof Failure) return checked;
    const { op, path, from, value } = checked;
    try {
      switch (op.op) {
        case 'add':
          this.record({ op: 'add', path: this.add(path, value, op.path), value: op.value });
          return null;
        case 'remove':
          this.remove(path, op.path);
          this.record({ op: 'remove', path: op.path });
          return null;
        case 'replace':
          this.replace(path, value, op.path);
          this.record({ op: 'replace', path: op.path, value: op.value });
          return null;
        case 'move': {
          if (op.from === op.path) {
            this.read(from, op.from);
            return null;
          }
          // P4: a value cannot be moved into one of its own descendants.
          if (isPrefixOf(from, path)) return new Failure(ErrorCode.PatchFailed, `cannot move ${op.from} into itself`);
          // RFC 6902 §4.4: a remove at `from`, then an add at `path`, each checked as such.
          const moved = this.read(from, op.from);
          this.remove(from, op.from);
          this.record({ op: 'remove', path: op.from });
          const at = this.add(path, moved, op.path);
          if (this.recorded) this.record({ op: 'add', path: at, value: cloneJson(moved) });
          return null;
        }
        case 'copy': {
          const copied = cloneJson(this.read(from, op.from));
          const at = this.add(path, copied, op.path);
          if (this.recorded) this.record({ op: 'add', path: at, value: cloneJson(copied) });
          return null;
        }
        case 'test': {
          // Our jsonEqual, not fast-json-patch's _areEquals, which calls a value's own
          // `hasOwnProperty` (a JSON key of that name would make it throw).
          const actual = this.read(path, op.path);
          if (!jsonEqual(actual, op.value)) return new Failure(ErrorCode.PatchFailed, `test failed at ${op.path}`);
          return null;
        }
      }
    } catch (error) {
      if (error instanceof Failure) return error;
      // fast-json-patch is only handed writes checked above; should it throw anyway, the
      // patch fails like any other rather than escaping the caller.
      return new Failure(ErrorCode.PatchFailed, error instanceof Error ? (error.message.split('\n', 1)[0] as string) : 'cannot apply');
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
      this.root = jsonpatch.applyOperation(this.root, { op: 'add', path: '', value }).newDocument;
      return pointer;
    }
    const key = path[path.length - 1] as string;
    const parent = this.writableParent(path, pointer);
    if (Array.isArray(parent)) {
      const index = key === '-' ? parent.length : parseArrayIndex(key);
      // P3: an array index may name any slot up to and including the end.
      if (index === null || index > parent.length) throw new Failure(ErrorCode.PatchFailed, `bad array index at ${pointer}`);
      this.write(parent, { op: 'add', path: `/${index}`, value }, { op: 'remove', path: `/${index}` });
      return key === '-' ? formatPointer([...path.slice(0, -1), String(index)]) : pointer;
    }
    const at = `/${escapeToken(key)}`;
    const undo: Write = hasOwn(parent, key) ? { op: 'replace', path: at, value: parent[key] as Json } : { op: 'remove', path: at };
    this.write(parent, { op: 'add', path: at, value }, undo);
    return pointer;
  }

  private remove(path: readonly string[], pointer: string): void {
    if (path.length === 0) throw new Failure(ErrorCode.PatchFailed, 'cannot remove the whole document');
    const parent = this.writableParent(path, pointer);
    const at = this.existingKey(parent, path[path.length - 1] as string, pointer);
    this.write(parent, { op: 'remove', path: at.path }, { op: 'add', path: at.path, value: at.value });
  }

  private replace(path: readonly string[], value: Json, pointer: string): void {
    if (path.length === 0) {
      this.root = jsonpatch.applyOperation(this.root, { op: 'replace', path: '', value }).newDocument;
      return;
    }
    const parent = this.writableParent(path, pointer);
    const at = this.existingKey(parent, path[path.length - 1] as string, pointer);
    this.write(parent, { op: 'replace', path: at.path, value }, { op: 'replace', path: at.path, value: at.value });
  }

  /** The one-token pointer to an existing member of `parent` and its value; fails when there is none (P2, P3). */
  private existingKey(parent: Container, key: string, pointer: string): { path: string; value: Json } {
    const value = child(parent, key);
    if (value === undefined) throw new Failure(ErrorCode.PatchFailed, `no value at ${pointer}`);
    return { path: Array.isArray(parent) ? `/${key}` : `/${escapeToken(key)}`, value };
  }

  /** fast-json-patch applies the write; in place, its inverse is journalled first. */
  private write(target: Container, write: Write, undo: Write): void {
    jsonpatch.applyOperation(target, write as FastOperation);
    if (this.inPlace) this.journal.push({ target, undo });
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

/** The child of a container at one token, or undefined when there is none: own members and strict indices only (P2, P3). */
function child(node: Json, token: string): Json | undefined {
  if (Array.isArray(node)) {
    const index = parseArrayIndex(token);
    return index === null || index >= node.length ? undefined : node[index];
  }
  if (typeof node === 'object' && node !== null && hasOwn(node, token)) return node[token];
  return undefined;
}
