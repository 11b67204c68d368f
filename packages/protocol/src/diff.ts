/**
 * `diff(a, b)`: the RFC 6902 patch that turns one JSON value into another, in the
 * canonical form the server logs (add, remove, replace only; SPEC P11). The server
 * restores an old version of a page with it: the difference to the current
 * document goes through the room as one ordinary patch. Rules X1–X4 in SPEC.md.
 */
import { alignLists } from './align.ts';
import { cloneJson, hasOwn, isPlainObject, type Json } from './json.ts';
import type { Operation } from './patch.ts';
import { escapeToken } from './pointer.ts';

/**
 * The operations that turn `a` into `b`: applying them to `a` gives a value
 * deep-equal to `b` (X1). Objects are compared member by member, arrays are
 * aligned (`alignLists`) on a longest common subsequence so that an insertion or removal is
 * one operation (X2), anything else is replaced (X3). Equal values give `[]`.
 * Pure: neither input is touched, and every value in the result is a copy (X4).
 */
export function diff(a: Json, b: Json): Operation[] {
  const out: Operation[] = [];
  diffAt(a, b, '', out);
  return out;
}

function diffAt(a: Json, b: Json, path: string, out: Operation[]): void {
  if (a === b) return;
  if (isPlainObject(a) && isPlainObject(b)) return diffObjects(a, b, path, out);
  if (Array.isArray(a) && Array.isArray(b)) return diffArrays(a, b, path, out);
  out.push({ op: 'replace', path, value: copy(b) });
}

function diffObjects(a: { [key: string]: Json }, b: { [key: string]: Json }, path: string, out: Operation[]): void {
  for (const key of Object.keys(a)) {
    const at = `${path}/${escapeToken(key)}`;
    if (!hasOwn(b, key)) out.push({ op: 'remove', path: at });
    else diffAt(a[key] as Json, b[key] as Json, at, out);
  }
  for (const key of Object.keys(b)) {
    if (!hasOwn(a, key)) out.push({ op: 'add', path: `${path}/${escapeToken(key)}`, value: copy(b[key] as Json) });
  }
}

/**
 * Walks the two arrays along their alignment (`alignLists`). Everything before
 * the cursor already equals `b`'s prefix, so each index is valid when its
 * operation applies. In a gap, elements of `a` and `b` facing each other become a
 * (recursive) change in place; the rest are removed or inserted.
 */
function diffArrays(a: Json[], b: Json[], path: string, out: Operation[]): void {
  const pairs = alignLists(a.map(keyOf), b.map(keyOf));
  if (pairs === null) {
    out.push({ op: 'replace', path, value: copy(b) });
    return;
  }
  pairs.push([a.length, b.length]);
  let i = 0;
  let j = 0;
  let cursor = 0;
  for (const [matchA, matchB] of pairs) {
    const facing = Math.min(matchA - i, matchB - j);
    for (let k = 0; k < facing; k++) diffAt(a[i + k] as Json, b[j + k] as Json, `${path}/${cursor++}`, out);
    for (let k = facing; k < matchA - i; k++) out.push({ op: 'remove', path: `${path}/${cursor}` });
    for (let k = facing; k < matchB - j; k++) out.push({ op: 'add', path: `${path}/${cursor++}`, value: copy(b[j + k] as Json) });
    i = matchA + 1;
    j = matchB + 1;
    cursor++;
  }
}

/** A string equal for deep-equal JSON values (object keys sorted). */
function keyOf(value: Json): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isPlainObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

function copy<T extends Json>(value: T): T {
  return cloneJson(value);
}
