/**
 * The one list alignment: which elements of two lists stay, so that a change
 * between them is a few insertions and removals rather than a new list. `diff`
 * (SPEC X2) aligns every array with it, and the editor store turns each change
 * to a `children` list into removals and insertions by id with it.
 */

/** Past this many cells of the table, lists with repeated elements are not aligned (X2). */
export const MAX_ALIGNMENT_CELLS = 4_000_000;

/**
 * The index pairs `[i, j]` (increasing in both) of a longest common subsequence
 * of `a` and `b`, compared as strings, their common prefix and suffix included.
 * When the middle of `a` repeats no element (always so for a `children` list,
 * D3) this is a longest increasing run of `a`-positions in `b`'s order, found in
 * O(n log n); otherwise the classic table, and null when it would exceed
 * `MAX_ALIGNMENT_CELLS` (the caller then replaces the list whole).
 */
export function alignLists(a: readonly string[], b: readonly string[]): [number, number][] | null {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const middle = unique(a, start, endA) ? increasingRun(a, b, start, endA, endB) : commonSubsequence(a, b, start, endA, endB);
  if (middle === null) return null;
  const pairs: [number, number][] = [];
  for (let k = 0; k < start; k++) pairs.push([k, k]);
  pairs.push(...middle);
  for (let k = 0; k < a.length - endA; k++) pairs.push([endA + k, endB + k]);
  return pairs;
}

function unique(list: readonly string[], from: number, to: number): boolean {
  return new Set(list.slice(from, to)).size === to - from;
}

/** a[from, toA) has no repeats: a common subsequence is an increasing run of a-positions (patience sorting). */
function increasingRun(a: readonly string[], b: readonly string[], from: number, toA: number, toB: number): [number, number][] {
  const position = new Map<string, number>();
  for (let i = from; i < toA; i++) position.set(a[i] as string, i);
  const old: number[] = [];
  for (let j = from; j < toB; j++) old.push(position.get(b[j] as string) ?? -1);
  const tails: number[] = []; // tails[k]: offset in `old` ending the best run of length k + 1
  const previous: number[] = new Array(old.length).fill(-1);
  for (let j = 0; j < old.length; j++) {
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
  const pairs: [number, number][] = [];
  for (let j = tails.length > 0 ? (tails[tails.length - 1] as number) : -1; j >= 0; j = previous[j] as number) {
    pairs.push([old[j] as number, from + j]);
  }
  return pairs.reverse();
}

/** The classic LCS table over a[from, toA) and b[from, toB); null past MAX_ALIGNMENT_CELLS. */
function commonSubsequence(a: readonly string[], b: readonly string[], from: number, toA: number, toB: number): [number, number][] | null {
  const rows = toA - from;
  const cols = toB - from;
  if (rows * cols > MAX_ALIGNMENT_CELLS) return null;
  // lengths[r][c]: LCS length of a[from + r ..] and b[from + c ..].
  const lengths = Array.from({ length: rows + 1 }, () => new Uint32Array(cols + 1));
  for (let r = rows - 1; r >= 0; r--) {
    const row = lengths[r] as Uint32Array;
    const below = lengths[r + 1] as Uint32Array;
    for (let c = cols - 1; c >= 0; c--) {
      row[c] = a[from + r] === b[from + c] ? (below[c + 1] as number) + 1 : Math.max(below[c] as number, row[c + 1] as number);
    }
  }
  const pairs: [number, number][] = [];
  let r = 0;
  let c = 0;
  while (r < rows && c < cols) {
    if (a[from + r] === b[from + c]) {
      pairs.push([from + r, from + c]);
      r++;
      c++;
    } else if (((lengths[r + 1] as Uint32Array)[c] as number) >= ((lengths[r] as Uint32Array)[c + 1] as number)) r++;
    else c++;
  }
  return pairs;
}
