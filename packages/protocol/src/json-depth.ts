/**
 * Bounded-depth check of untrusted JSON before anything recursive touches it
 * (SPEC L1). Recursion over a value nested thousands of levels deep (zod's
 * `z.json()`, a deep copy, `JSON.stringify`) overflows the stack; these checks
 * are loops with an explicit counter, so they cost one pass and never recurse.
 */
import { MAX_JSON_DEPTH } from './limits.ts';

/**
 * The nesting depth of JSON text (`[]` and `{}` each add a level), scanning
 * once and skipping strings; stops early and returns `limit + 1` as soon as the
 * text goes deeper than `limit`. Whether the text is valid JSON is not its concern.
 */
export function jsonTextDepth(text: string, limit: number = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return limit + 1;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/**
 * True when JSON text nests no deeper than `limit`. Text with no more than
 * `limit` brackets cannot (each level opens one), and counting them is a few
 * native `indexOf` calls, where `jsonTextDepth` looks at every character: a
 * server reading tens of thousands of small frames a second does the scan only
 * for the rare frame with many brackets.
 */
export function withinTextDepth(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let brackets = 0;
  for (const bracket of ['[', '{']) {
    for (let i = text.indexOf(bracket); i !== -1; i = text.indexOf(bracket, i + 1)) {
      if (++brackets > limit) return jsonTextDepth(text, limit) <= limit;
    }
  }
  return true;
}

/** The nesting depth of a parsed value (a scalar is 0), iteratively; stops early past `limit`, returning `limit + 1`. */
export function jsonValueDepth(value: unknown, limit: number = MAX_JSON_DEPTH): number {
  if (typeof value !== 'object' || value === null) return 0;
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (depth > max) {
      max = depth;
      if (max > limit) return limit + 1;
    }
    const children = Array.isArray(node) ? node : Object.values(node as object);
    for (const child of children) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return max;
}

/** True when `value` nests no deeper than `limit`. */
export function withinDepth(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
  return jsonValueDepth(value, limit) <= limit;
}
