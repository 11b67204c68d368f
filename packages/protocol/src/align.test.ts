import { describe, expect, it } from 'vitest';
import { alignLists, MAX_ALIGNMENT_CELLS } from './align.ts';

/** Whether `pairs` is a common subsequence of `a` and `b` (increasing in both, equal elements). */
function isCommon(a: string[], b: string[], pairs: [number, number][]): boolean {
  return pairs.every(([i, j], k) => a[i] === b[j] && (k === 0 || (i > (pairs[k - 1] as [number, number])[0] && j > (pairs[k - 1] as [number, number])[1])));
}

/** The LCS length by the textbook recursion (small lists only), to check against. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const memo = new Map<string, number>();
  const at = (i: number, j: number): number => {
    if (i === a.length || j === b.length) return 0;
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const value = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    memo.set(key, value);
    return value;
  };
  return at(0, 0);
}

describe('[X2] alignLists', () => {
  it('[X2] keeps the common prefix and suffix and what stayed in order between them', () => {
    expect(alignLists(['a', 'b', 'c'], ['a', 'x', 'b', 'c'])).toEqual([
      [0, 0],
      [1, 2],
      [2, 3],
    ]);
    expect(alignLists(['a', 'b', 'c', 'd'], ['d', 'a', 'b', 'c'])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(alignLists([], ['a'])).toEqual([]);
  });

  it('[X2] finds a longest common subsequence, with and without repeated elements (seeded random lists)', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 500; n++) {
      const unique = n % 2 === 0;
      const pool = unique ? 12 : 4;
      const list = (length: number) => {
        const out: string[] = [];
        while (out.length < length) {
          const item = `k${Math.floor(next() * pool)}`;
          if (!unique || !out.includes(item)) out.push(item);
        }
        return out;
      };
      const a = list(Math.floor(next() * (unique ? 12 : 10)));
      const b = list(Math.floor(next() * (unique ? 12 : 10)));
      const pairs = alignLists(a, b);
      if (pairs === null) throw new Error('small lists are always aligned');
      expect(isCommon(a, b, pairs)).toBe(true);
      expect(pairs).toHaveLength(lcsLength(a, b));
    }
  });

  it('[X2] aligns long lists without repeats at any size, and gives up on repeats past the cell limit', () => {
    const n = Math.ceil(Math.sqrt(MAX_ALIGNMENT_CELLS)) + 10;
    const ids = Array.from({ length: n }, (_, i) => `id${i}`);
    const reversed = [...ids].reverse();
    expect(alignLists(ids, reversed)).toHaveLength(1);
    const repeats = Array.from({ length: n }, (_, i) => `r${i % 3}`);
    expect(alignLists(['x', ...repeats], ['y', ...[...repeats].reverse()])).toBeNull();
  });
});
