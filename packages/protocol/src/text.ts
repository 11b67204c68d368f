/**
 * Strings as edits: the difference between two versions of a text as character
 * ranges, the three-way merge of two concurrent edits of one text, and the
 * mapping of a caret through an edit. `transform` merges concurrent `replace`s
 * of a string with these (SPEC T10–T15); the editor maps carets with them.
 *
 * Work is bounded whatever the input (T14): the common prefix and suffix are cut
 * first (linear), and what is left is aligned by Myers' O(ND) algorithm with a
 * fixed budget of steps, past which the rest is one range. Every result is a pure
 * function of the strings, so every client and the server compute the same one.
 */

/** `base.slice(start, end)` is replaced by `text`. */
export interface TextHunk {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Steps of the bounded alignment (one per diagonal visited or character matched), per diff. */
export const TEXT_DIFF_BUDGET = 200_000;

/**
 * T11: the edit that turns `base` into `next`, as sorted ranges of `base` that
 * do not overlap. Applying them gives `next` exactly; equal strings give [].
 */
export function diffText(base: string, next: string): TextHunk[] {
  if (base === next) return [];
  let prefix = 0;
  const shortest = Math.min(base.length, next.length);
  while (prefix < shortest && base.charCodeAt(prefix) === next.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shortest - prefix && base.charCodeAt(base.length - 1 - suffix) === next.charCodeAt(next.length - 1 - suffix)) {
    suffix++;
  }
  const a = base.slice(prefix, base.length - suffix);
  const b = next.slice(prefix, next.length - suffix);
  const middle = a.length === 0 || b.length === 0 ? null : align(a, b);
  const hunks = middle ?? [{ start: 0, end: a.length, text: b }];
  return hunks.map((h) => wholeCharacters(base, { start: h.start + prefix, end: h.end + prefix, text: h.text }));
}

/** Applies sorted, non-overlapping hunks to `base`. */
export function applyTextHunks(base: string, hunks: readonly TextHunk[]): string {
  let out = '';
  let at = 0;
  for (const h of hunks) {
    out += base.slice(at, h.start) + h.text;
    at = h.end;
  }
  return out + base.slice(at);
}

/**
 * T12/T13: both edits of `base` at once. A character either side deleted is
 * gone; every inserted text of both sides stays, each where its author put it
 * among the characters of `base`; texts inserted at the same place go in server
 * order, `earlier` first. Same inputs, same result, on every machine.
 */
export function mergeText(base: string, earlier: string, later: string): string {
  if (earlier === base) return later;
  if (later === base) return earlier;
  return mergeHunks(base, diffText(base, earlier), diffText(base, later));
}

function mergeHunks(base: string, earlier: readonly TextHunk[], later: readonly TextHunk[]): string {
  let out = '';
  let at = 0; // every character of base before `at` is written out or deleted
  let i = 0;
  let j = 0;
  while (i < earlier.length || j < later.length) {
    const e = earlier[i];
    const l = later[j];
    // Hunks in order of where their text goes; at the same place the earlier side's first.
    const h = (e !== undefined && (l === undefined || e.start <= l.start) ? earlier[i++] : later[j++]) as TextHunk;
    if (h.start > at) {
      out += base.slice(at, h.start);
      at = h.start;
    }
    out += h.text;
    if (h.end > at) at = h.end;
  }
  return out + base.slice(at);
}

/**
 * T15: where position `at` of `base` is once `hunks` are applied. A position
 * inside a replaced range goes to the range's start; text inserted exactly at
 * `at` goes after it (the caret of someone not typing stays put).
 */
export function mapTextPosition(at: number, hunks: readonly TextHunk[]): number {
  let shift = 0;
  for (const h of hunks) {
    if (h.start >= at) break;
    if (h.end > at) return h.start + shift;
    shift += h.text.length - (h.end - h.start);
  }
  return at + shift;
}

/** Widens a hunk that would cut a surrogate pair in two, so merged text never splits a character. */
function wholeCharacters(base: string, h: TextHunk): TextHunk {
  let { start, end, text } = h;
  if (start > 0 && isHigh(base.charCodeAt(start - 1)) && isLow(base.charCodeAt(start))) {
    start--;
    text = base[start] + text;
  }
  if (end > 0 && end < base.length && isHigh(base.charCodeAt(end - 1)) && isLow(base.charCodeAt(end))) {
    text += base[end];
    end++;
  }
  return start === h.start && end === h.end ? h : { start, end, text };
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * Myers' greedy alignment of `a` and `b` (both non-empty, no common prefix or
 * suffix), as the ranges of `a` outside the common subsequence it finds; null
 * when the budget runs out first.
 */
function align(a: string, b: string): TextHunk[] | null {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let steps = 0;
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number))
          ? (v[offset + k + 1] as number)
          : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a.charCodeAt(x) === b.charCodeAt(y)) {
        x++;
        y++;
        steps++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace, d, x, y);
      if (++steps > TEXT_DIFF_BUDGET) return null;
    }
  }
  return null;
}

/** Walks the saved rounds back from (x, y) at round `d`, collecting the runs of equal characters, then the ranges between them. */
function backtrack(a: string, b: string, trace: Int32Array[], d: number, x: number, y: number): TextHunk[] {
  const runs: Array<{ x: number; y: number; length: number }> = [];
  for (let round = d; round > 0; round--) {
    const saved = trace[round] as Int32Array; // v as it was before this round, indices -round-1 … round+1
    const at = (k: number) => saved[k + round + 1] as number;
    const k = x - y;
    const down = k === -round || (k !== round && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    const midX = down ? prevX : prevX + 1;
    const midY = down ? prevY + 1 : prevY;
    if (x > midX) runs.push({ x: midX, y: midY, length: x - midX });
    x = prevX;
    y = prevY;
  }
  if (x > 0) runs.push({ x: 0, y: 0, length: x });
  runs.reverse();
  const hunks: TextHunk[] = [];
  let ax = 0;
  let by = 0;
  for (const run of runs) {
    if (run.x > ax || run.y > by) hunks.push({ start: ax, end: run.x, text: b.slice(by, run.y) });
    ax = run.x + run.length;
    by = run.y + run.length;
  }
  if (ax < a.length || by < b.length) hunks.push({ start: ax, end: a.length, text: b.slice(by) });
  return hunks;
}
