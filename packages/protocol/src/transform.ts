/**
 * Operational transformation for RFC 6902 patches. `transform(ops, against)`
 * rewrites a patch made concurrently with `against` so that it applies after it
 * and keeps its intent. The server (the single sequencer) and every client use
 * this one function; rules T1–T17 are in SPEC.md and cited by transform.test.ts.
 *
 * Paths are classified without the document: a token that is an array index
 * (or "-") names an array slot, anything else an object key. Page documents
 * keep that exact by refusing numeric component ids (D9).
 */
import type { Operation } from './patch.ts';
import { formatPointer, isPrefixOf, parsePointer } from './pointer.ts';
import { mergeText } from './text.ts';

type Path = string[];

/** An operation with its pointers parsed once, so that carrying it past many others costs no string work. */
interface Parsed {
  source: Operation;
  op: Operation['op'];
  path: Path;
  from: Path | null;
  /** T10: a text replace's base (the string it was made against), null when unknown. */
  base: string | null;
  /** The `test` that stated the base on the wire, written again (with the current base) while it is known. */
  test: Operation | null;
}

function parse(op: Operation): Parsed {
  return {
    source: op,
    op: op.op,
    path: parsePointer(op.path) as Path,
    from: 'from' in op ? (parsePointer(op.from) as Path) : null,
    base: null,
    test: null,
  };
}

/** T10: a `test` of a string immediately followed by a `replace` of the same path with a string is one text edit. */
function parseAll(ops: readonly Operation[]): Parsed[] {
  const out: Parsed[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as Operation;
    const next = ops[i + 1];
    if (
      op.op === 'test' &&
      typeof op.value === 'string' &&
      next?.op === 'replace' &&
      next.path === op.path &&
      typeof next.value === 'string'
    ) {
      out.push({ ...parse(next), base: op.value, test: op });
      i++;
    } else out.push(parse(op));
  }
  return out;
}

/** Back to operations; the original objects when nothing changed. */
function format(p: Parsed): Operation[] {
  const op = formatOne(p);
  if (p.test === null || p.base === null) return [op];
  const same = p.test.path === op.path && (p.test as { value: unknown }).value === p.base;
  return [same ? p.test : { op: 'test', path: op.path, value: p.base }, op];
}

function formatOne(p: Parsed): Operation {
  const path = formatPointer(p.path);
  if (p.from === null) return path === p.source.path ? p.source : ({ ...p.source, path } as Operation);
  const from = formatPointer(p.from);
  const source = p.source as Operation & { from: string };
  return path === source.path && from === source.from ? p.source : ({ ...p.source, path, from } as Operation);
}

/** A `replace` whose value is a string: the kind of write T12 merges. */
function textValue(p: Parsed): string | null {
  if (p.op !== 'replace') return null;
  const value = (p.source as { value: unknown }).value;
  return typeof value === 'string' ? value : null;
}

/**
 * T12: two text replaces of one location, with a base known on either side (the
 * earlier side's first), become the same merged text on both sides. Each side's
 * base is then the other's value: what the location holds when it applies.
 * Null when the T1–T9 rules apply instead.
 */
function mergeWrites(op: Parsed, theirs: Parsed, later: boolean): [Parsed, Parsed] | null {
  const mine = textValue(op);
  const other = textValue(theirs);
  if (mine === null || other === null || !samePath(op.path, theirs.path)) return null;
  const base = later ? (theirs.base ?? op.base) : (op.base ?? theirs.base);
  if (base === null) return null;
  const merged = later ? mergeText(base, other, mine) : mergeText(base, mine, other);
  const withValue = (p: Parsed, value: string, newBase: string): Parsed => ({
    ...p,
    source: merged === value ? p.source : ({ ...p.source, value: merged } as Operation),
    base: newBase,
  });
  return [withValue(op, mine, other), withValue(theirs, other, mine)];
}

/** T10: a text edit whose location the other side wrote (and T5 kept it) no longer knows its base: it goes on as a plain replace. */
function forgetBase(p: Parsed | null, writer: Parsed): Parsed | null {
  if (p === null || p.base === null) return p;
  const path = p.path;
  return effectsOf(writer).some((e) => e.kind !== 'insert' && samePath(e.at, path)) ? { ...p, base: null } : p;
}

/** How an operation touches the tree, for the purpose of shifting others. */
type Effect =
  | { kind: 'insert'; at: Path } // array insertion at a slot
  | { kind: 'set'; at: Path } // object key written (created or overwritten)
  | { kind: 'replace'; at: Path } // an existing value swapped
  | { kind: 'remove'; at: Path };

/** What an operation of the patch being transformed does at one of its paths. */
type Role = 'insert' | 'set' | 'replace' | 'remove' | 'read';

/** An array slot token: "-", "0", or digits without a leading zero (RFC 6901). */
function isSlot(token: string | undefined): boolean {
  if (token === undefined || token.length === 0) return false;
  if (token === '-') return true;
  if (token.length > 1 && token.charCodeAt(0) === 48) return false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function effectsOf(op: Parsed): Effect[] {
  const write = (at: Path): Effect => ({ kind: isSlot(at[at.length - 1]) ? 'insert' : 'set', at });
  switch (op.op) {
    case 'add':
    case 'copy':
      return [write(op.path)];
    case 'replace':
      return [{ kind: 'replace', at: op.path }];
    case 'remove':
      return [{ kind: 'remove', at: op.path }];
    case 'move':
      if (samePath(op.from as Path, op.path)) return [];
      return [{ kind: 'remove', at: op.from as Path }, write(op.path)];
    case 'test':
      return [];
  }
}

function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && isPrefixOf(a, b);
}

/**
 * Where `path` (used by an operation in role `role`) ends up after `effect`,
 * or null when the operation must be dropped. `later` says whether the
 * operation owning `path` is ordered after the effect's (ties go to the later).
 */
function shift(path: Path, role: Role, effect: Effect, later: boolean): Path | null {
  const at = effect.at;
  const last = at[at.length - 1];
  const parent = at.slice(0, -1);

  if (isSlot(last) && isPrefixOf(parent, path) && path.length > parent.length && isSlot(path[parent.length])) {
    // Both paths go through the same array (T1–T3).
    const mine = path[parent.length] as string;
    if (effect.kind === 'insert') {
      if (mine === '-' || last === '-') return path; // appends stay appends; an append moves nothing before it
      const i = Number(last);
      const j = Number(mine);
      const sameSlot = path.length === parent.length + 1 && role === 'insert';
      // T2: concurrent inserts at one slot keep server order: the later goes after.
      if (j > i || (j === i && (!sameSlot || later))) return withToken(path, parent.length, String(j + 1));
      return path;
    }
    if (mine === '-' || last === '-') return path;
    const i = Number(last);
    const j = Number(mine);
    if (effect.kind === 'remove') {
      if (j > i) return withToken(path, parent.length, String(j - 1));
      if (j < i) return path;
      // j === i: an insertion at the removed slot stays; anything at or under the removed element is dropped (T4).
      return path.length === parent.length + 1 && role === 'insert' ? path : null;
    }
    // A replaced element: what was under it is gone (T6); a write to it is settled by order (T5).
    if (j !== i) return path;
    return path.length === parent.length + 1 ? sameTarget(path, role, effect, later) : null;
  }

  if (!isPrefixOf(at, path)) return path;
  if (path.length > at.length) return null; // T6: under a removed, replaced or overwritten value
  return sameTarget(path, role, effect, later);
}

/**
 * T5: two operations on exactly the same location. The later write wins; a
 * removal beats a replace in either order (the value is gone); a second removal
 * of the same value is dropped.
 */
function sameTarget(path: Path, role: Role, effect: Effect, later: boolean): Path | null {
  if (role === 'read') return effect.kind === 'remove' ? null : path;
  if (role === 'insert') return path; // a slot, not a value: nothing to settle
  const theirs = effect.kind;
  if (theirs === 'insert') return path;
  if (role === 'remove') {
    if (theirs === 'remove') return null;
    if (theirs === 'replace') return path;
    return later ? path : null; // against a set: the later wins
  }
  if (role === 'replace') {
    if (theirs === 'remove') return null;
    return later ? path : null;
  }
  // role === 'set'
  return later ? path : null;
}

function withToken(path: Path, index: number, token: string): Path {
  const out = path.slice();
  out[index] = token;
  return out;
}

function roleOf(op: Parsed): Role {
  switch (op.op) {
    case 'add':
    case 'copy':
    case 'move':
      return isSlot(op.path[op.path.length - 1]) ? 'insert' : 'set';
    case 'replace':
      return 'replace';
    case 'remove':
      return 'remove';
    case 'test':
      return 'read';
  }
}

/** One operation past one effect: the rewritten operation, or null when it is dropped. */
function transformOp(op: Parsed, effect: Effect, later: boolean): Parsed | null {
  const path = shift(op.path, roleOf(op), effect, later);
  if (path === null) return null;
  if (op.from !== null) {
    // T7: the source is read; if it is gone there is nothing to move or copy.
    const from = shift(op.from, op.op === 'move' ? 'remove' : 'read', effect, later);
    if (from === null) return null;
    return from === op.from && path === op.path ? op : { ...op, from, path };
  }
  return path === op.path ? op : { ...op, path };
}

/**
 * Rewrites `ops` to apply after `against`, which the server ordered first.
 * Each operation of `ops` is carried past each operation of `against`, while
 * `against` is carried past the operations of `ops` that precede it (T8), so
 * that both sides agree on every position. Pure and deterministic.
 */
export function transform(ops: readonly Operation[], against: readonly Operation[]): Operation[] {
  return transformAll(ops, [against], true);
}

/**
 * `transform` past several patches in order, each one on its own (a text edit's
 * `test` and `replace` are never split between two): what the server does with
 * the patches logged since a base, without first copying them into one list.
 */
export function transformPastPatches(ops: readonly Operation[], patches: readonly (readonly Operation[])[]): Operation[] {
  return transformAll(ops, patches, true);
}

/**
 * The pair of `transform`: rewrites `ops` as if it had been ordered before
 * `against` (so `against` keeps ties). Clients use it to carry a remote patch
 * past their own pending edits.
 */
export function transformBefore(ops: readonly Operation[], against: readonly Operation[]): Operation[] {
  return transformAll(ops, [against], false);
}

/**
 * T17: only what can touch `ops` is parsed and carried past. An operation of
 * `against` in another subtree two levels down (another component, in a page)
 * leaves every operation of `ops` as it is, and skipping it changes nothing:
 * the operations after it are written for the document it left, which is the
 * same there. So a patch behind by a thousand edits of other components costs
 * a thousand string comparisons, not a thousand transformations.
 */
function transformAll(ops: readonly Operation[], patches: readonly (readonly Operation[])[], later: boolean): Operation[] {
  const scopes = subtreesOf(ops);
  let mine: Parsed[] | null = null;
  for (const against of patches) {
    for (let i = 0; i < against.length; i++) {
      const theirs = against[i] as Operation;
      // T10: a text edit (a `test` and its `replace`, one path) is one unit, kept or skipped whole.
      const pair = isTextEdit(theirs, against[i + 1]);
      if (scopes === null || related(scopes, theirs.path) || ('from' in theirs && related(scopes, theirs.from))) {
        mine ??= parseAll(ops);
        const parsed = parsedOf(theirs, pair ? (against[i + 1] as Operation) : null);
        if (!keepsPast(mine, parsed, later)) mine = transformPast(mine, parsed, later);
      }
      if (pair) i++;
    }
  }
  return mine === null ? ops.slice() : mine.flatMap(format);
}

/** For tests: the same transformation without T17's skipping, to show that skipping changes nothing. */
export function transformEvery(ops: readonly Operation[], against: readonly Operation[], later = true): Operation[] {
  let mine = parseAll(ops);
  for (const theirs of parseAll(against)) mine = transformPast(mine, theirs, later);
  return mine.flatMap(format);
}

/**
 * The parsed form of an operation of `against` (with the `replace` of its text
 * edit, T10), kept for as long as the operation object lives: the server carries
 * patch after patch past the same logged ones, and parsing their pointers again
 * each time was most of what that cost. Parsed values are never changed in place
 * (every rewrite makes a new one), so one can serve every transformation.
 */
const parsedCache = new WeakMap<Operation, Parsed>();

function parsedOf(op: Operation, replace: Operation | null): Parsed {
  const hit = parsedCache.get(op);
  // The same operation object may sit in another list, without its pair: the cached form must be of this pairing.
  if (hit && (replace === null ? hit.test === null : hit.test === op && hit.source === replace)) return hit;
  const parsed = replace === null ? parse(op) : { ...parse(replace), base: (op as { value: string }).value, test: op };
  parsedCache.set(op, parsed);
  return parsed;
}

/**
 * T17 within a subtree: whether carrying a one-operation patch past a plain
 * `replace` leaves it exactly as it is, so that the carrying can be skipped. A
 * replace moves nothing (no index shifts: T1–T4 are for insertions and
 * removals); it changes only what is at or under its path (T5, T6), a text edit
 * there (T10, T12), and a read of it. Past it, an operation elsewhere, and a later
 * plain replace of the same location (the later write wins), are unchanged: the
 * case of one person's edits in flight one behind the other, which a stale base
 * would otherwise carry past each of their earlier ones.
 */
function keepsPast(mine: readonly Parsed[], theirs: Parsed, later: boolean): boolean {
  if (mine.length !== 1 || theirs.op !== 'replace' || theirs.test !== null) return false;
  const op = mine[0] as Parsed;
  if (op.from !== null && isPrefixOf(theirs.path, op.from)) return false;
  if (!isPrefixOf(theirs.path, op.path)) return true;
  return later && op.path.length === theirs.path.length && op.op === 'replace' && op.base === null;
}

/** T10's pairing, as `parseAll` makes it. */
function isTextEdit(op: Operation, next: Operation | undefined): boolean {
  return (
    op.op === 'test' && typeof op.value === 'string' && next?.op === 'replace' && next.path === op.path && typeof next.value === 'string'
  );
}

/**
 * A pointer's subtree, as its first two tokens raw ("/components/hero"): an
 * escaped token has one spelling, so equal subtrees are equal strings. Null when
 * it could reach into others: fewer than two tokens (an ancestor of many), or an
 * array index or "-" among the two (indices shift).
 */
function scopeOf(pointer: string): string | null {
  const a = pointer.indexOf('/', 1);
  if (pointer.length === 0 || a === -1) return null;
  let b = pointer.indexOf('/', a + 1);
  if (b === -1) b = pointer.length;
  if (isSlotAt(pointer, 1, a) || isSlotAt(pointer, a + 1, b)) return null;
  return pointer.slice(0, b);
}

/** `isSlot` of pointer.slice(from, to), without making the string. */
function isSlotAt(pointer: string, from: number, to: number): boolean {
  if (to === from) return false;
  if (to - from === 1 && pointer.charCodeAt(from) === 45) return true; // "-"
  if (to - from > 1 && pointer.charCodeAt(from) === 48) return false;
  for (let i = from; i < to; i++) {
    const c = pointer.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * The subtrees `ops` reads or writes, by T17's rule (the first two tokens of each
 * pointer, raw); null when one has none, and so may touch anything. The server
 * indexes its log by them, so that a stale patch is carried past only the
 * logged patches that share one (or have none).
 */
export function subtreesOf(ops: readonly Operation[]): Set<string> | null {
  const out = new Set<string>();
  for (const op of ops) {
    for (const pointer of 'from' in op ? [op.path, op.from] : [op.path]) {
      const scope = scopeOf(pointer);
      if (scope === null) return null;
      out.add(scope);
    }
  }
  return out;
}

/**
 * Whether an operation at `pointer` can touch the patch: unless both name
 * different subtrees two object keys down, which nothing here moves, it may.
 */
function related(scopes: Set<string>, pointer: string): boolean {
  const scope = scopeOf(pointer);
  return scope === null || scopes.has(scope);
}

/** Carries `ops` past one operation `theirs`; `later` says which side wins ties. */
function transformPast(ops: Parsed[], theirs: Parsed, later: boolean): Parsed[] {
  const out: Parsed[] = [];
  let current: Parsed | null = theirs;
  for (const op of ops) {
    if (current === null) {
      out.push(op);
      continue;
    }
    const merged = mergeWrites(op, current, later);
    if (merged !== null) {
      out.push(merged[0]);
      current = merged[1];
      continue;
    }
    let rewritten: Parsed | null = op;
    for (const effect of effectsOf(current)) {
      rewritten = rewritten && transformOp(rewritten, effect, later);
    }
    rewritten = forgetBase(rewritten, current);
    if (rewritten) out.push(rewritten);
    // Carry `theirs` past `op` (in its original form) for the operations that follow.
    let next: Parsed | null = current;
    for (const effect of effectsOf(op)) next = next && transformOp(next, effect, !later);
    current = forgetBase(next, op);
  }
  return out;
}
