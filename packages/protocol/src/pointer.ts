/**
 * JSON Pointer (RFC 6901). A pointer is "" (the whole document) or a sequence of
 * "/"-prefixed tokens in which "~" is written "~0" and "/" is written "~1".
 * Escaping is fast-json-patch's; what it leaves out (a malformed "~", strict
 * array indices, prototype keys) is checked here.
 */
import jsonpatch from 'fast-json-patch';

/** Keys that would reach an object's prototype chain if written through. */
const DANGEROUS_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function isDangerousKey(key: string): boolean {
  return DANGEROUS_KEYS.has(key);
}

export function escapeToken(token: string): string {
  return jsonpatch.escapePathComponent(token);
}

export function unescapeToken(token: string): string {
  // "~1" first, then "~0": "~01" is "~1" unescaped once, never "/".
  return jsonpatch.unescapePathComponent(token);
}

/** Splits a pointer into unescaped tokens, or returns null when it is malformed. */
export function parsePointer(pointer: string): string[] | null {
  if (pointer === '') return [];
  if (pointer[0] !== '/') return null;
  const raw = pointer.slice(1).split('/');
  const tokens: string[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const token = raw[i] as string;
    if (!token.includes('~')) {
      tokens[i] = token;
      continue;
    }
    // A "~" must be followed by 0 or 1.
    if (/~(?![01])/.test(token)) return null;
    tokens[i] = unescapeToken(token);
  }
  return tokens;
}

export function formatPointer(tokens: readonly (string | number)[]): string {
  let out = '';
  for (const token of tokens) out += `/${escapeToken(String(token))}`;
  return out;
}

/** True when `prefix` names `path` itself or one of its ancestors. */
export function isPrefixOf(prefix: readonly string[], path: readonly string[]): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== path[i]) return false;
  return true;
}

/** An array index token: "0" or a number without leading zeros (RFC 6901 §4). */
export function parseArrayIndex(token: string): number | null {
  return /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : null;
}
