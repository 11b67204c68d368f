import { describe, expect, it } from 'vitest';
import { applyTextHunks, diffText, mapTextPosition, mergeText, TEXT_DIFF_BUDGET } from './index.ts';

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function isSubsequence(small: string, big: string): boolean {
  let i = 0;
  for (const c of big) if (c === small[i]) i++;
  return i === small.length;
}

describe('diffText', () => {
  it('[T11] gives sorted ranges of the base that turn it into the new text exactly', () => {
    expect(diffText('abc', 'abc')).toEqual([]);
    expect(diffText('Everything', 'Truly Everything')).toEqual([{ start: 0, end: 0, text: 'Truly ' }]);
    expect(diffText('needs', 'needs today')).toEqual([{ start: 5, end: 5, text: ' today' }]);
    expect(diffText('a team needs', 'a needs')).toEqual([{ start: 2, end: 7, text: '' }]);
    // Two places at once are two ranges, not one that spans the text between them.
    expect(diffText('the middle of it', 'Xthe middle of itY')).toEqual([
      { start: 0, end: 0, text: 'X' },
      { start: 16, end: 16, text: 'Y' },
    ]);
    const r = mulberry32(7);
    for (let n = 0; n < 500; n++) {
      const word = () => Array.from({ length: Math.floor(r() * 12) }, () => 'abcde'[Math.floor(r() * 5)]).join('');
      const a = word();
      const b = word();
      const hunks = diffText(a, b);
      expect(applyTextHunks(a, hunks)).toBe(b);
      for (let i = 1; i < hunks.length; i++)
        expect((hunks[i] as { start: number }).start).toBeGreaterThan((hunks[i - 1] as { end: number }).end - 1);
    }
  });

  it('[T11] keeps every character it aligns: several edits at once are several ranges', () => {
    expect(diffText('abcdefgh', 'aXcdefYh')).toEqual([
      { start: 1, end: 2, text: 'X' },
      { start: 6, end: 7, text: 'Y' },
    ]);
    expect(diffText('abc', 'aXbYc')).toEqual([
      { start: 1, end: 1, text: 'X' },
      { start: 2, end: 2, text: 'Y' },
    ]);
    // The known limit: a whole text retyped counts the letters it shares with the old one as kept
    // ("o"), so it goes when someone else deletes the old text at the same time.
    expect(diffText('Welcome to your page', 'Bob’s')).toEqual([
      { start: 0, end: 4, text: 'B' },
      { start: 5, end: 20, text: 'b’s' },
    ]);
    expect(mergeText('Welcome to your page', 'Ann’s', 'Bob’s')).toBe('Ann’sBb’s');
  });

  it('[T11] never cuts a surrogate pair in two', () => {
    const hunks = diffText('a😀b', 'a😃b');
    expect(hunks).toEqual([{ start: 1, end: 3, text: '😃' }]);
    expect(mergeText('a😀b', 'a😃b', 'a😁b')).toBe('a😃😁b');
  });

  it('[T14] stays exact and bounded on hostile input of 20,000 characters', () => {
    const a = 'ab'.repeat(10_000);
    const b = `${'ba'.repeat(10_000).slice(0, 19_999)}x`;
    const hunks = diffText(a, b);
    expect(applyTextHunks(a, hunks)).toBe(b);
    const r = mulberry32(3);
    const noise = (n: number) => Array.from({ length: n }, () => 'ab'[Math.floor(r() * 2)]).join('');
    const c = noise(20_000);
    const d = noise(20_000);
    expect(applyTextHunks(c, diffText(c, d))).toBe(d);
    // Past the budget the middle is one range: still exact, still the same everywhere.
    expect(diffText(c, d)).toEqual(diffText(c, d));
    expect(TEXT_DIFF_BUDGET).toBeGreaterThan(0);
  });
});

describe('mergeText', () => {
  const base = 'Everything a team needs';

  it('[T12] keeps both edits when they touch different parts of the text', () => {
    expect(mergeText(base, `${base} today`, `Truly ${base}`)).toBe(`Truly ${base} today`);
    expect(mergeText(base, 'Everything a team needs', 'Everything a big team needs')).toBe('Everything a big team needs');
    expect(mergeText(base, 'Everything team needs', 'Everything a team needs now')).toBe('Everything team needs now');
  });

  it('[T13] at one place both insertions stay, the earlier in server order first', () => {
    expect(mergeText('ab', 'aXb', 'aYb')).toBe('aXYb');
    expect(mergeText('ab', 'aYb', 'aXb')).toBe('aYXb');
  });

  it('[T13] a character deleted by either side is gone; text inserted inside a deleted range stays', () => {
    expect(mergeText('abcdef', 'af', 'abcXdef')).toBe('aXf');
    expect(mergeText('abcdef', 'abf', 'acdf')).toBe('af');
    // Both rewrote the same word: both new words stay, the earlier's first…
    expect(mergeText('a cat here', 'a dog here', 'a pig here')).toBe('a dogpig here');
    // …and a letter kept by one but deleted by the other is gone ("c" of "cow").
    expect(mergeText('a cat here', 'a dog here', 'a cow here')).toBe('a dogow here');
  });

  it("[T13] keeps every inserted character of both sides, in each side's order (random edits)", () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const r = mulberry32(seed);
      const start = Array.from({ length: 1 + Math.floor(r() * 10) }, (_, i) => String.fromCharCode(97 + i)).join('');
      // Each side deletes some base letters and inserts its own distinct characters.
      const edit = (upper: number) => {
        let out = '';
        let tag = upper;
        for (const ch of start) {
          if (r() < 0.3) out += String.fromCharCode(tag++);
          if (r() > 0.25) out += ch;
        }
        if (r() < 0.3) out += String.fromCharCode(tag++);
        return out;
      };
      const e = edit(0x391); // Greek capitals
      const l = edit(0x410); // Cyrillic capitals
      const merged = mergeText(start, e, l);
      const keep = (s: string, test: (c: number) => boolean) => [...s].filter((c) => test(c.charCodeAt(0))).join('');
      expect(keep(merged, (c) => c >= 0x391 && c < 0x400)).toBe(keep(e, (c) => c >= 0x391 && c < 0x400));
      expect(keep(merged, (c) => c >= 0x410)).toBe(keep(l, (c) => c >= 0x410));
      // A base letter outside every range of both sides survives, in order; one inside a range
      // is gone unless that range's text has it again (a rewrite keeps what its author retyped).
      const ranges = [...diffText(start, e), ...diffText(start, l)];
      const outside = [...start].filter((_, k) => !ranges.some((h) => h.start <= k && k < h.end)).join('');
      const retyped = ranges.map((h) => keep(h.text, (c) => c < 0x391)).join('');
      const letters = keep(merged, (c) => c < 0x391);
      expect(letters.length).toBe(outside.length + retyped.length);
      expect(isSubsequence(outside, letters)).toBe(true);
      for (const h of ranges) if (h.text === '') expect(h.end - h.start).toBeGreaterThan(0);
    }
  });
});

describe('mapTextPosition', () => {
  it('[T15] moves a caret past text inserted or removed before it, and keeps it at an insertion at its place', () => {
    const base = 'Everything a team needs';
    expect(mapTextPosition(base.length, diffText(base, `Truly ${base}`))).toBe(base.length + 6);
    expect(mapTextPosition(0, diffText(base, `Truly ${base}`))).toBe(0);
    expect(mapTextPosition(5, diffText(base, `${base}!`))).toBe(5);
    expect(mapTextPosition(12, diffText('abcdefghijklmnop', 'abcdefghijklmnop'.slice(4)))).toBe(8);
    // Inside a removed range: the start of the range.
    expect(mapTextPosition(3, diffText('abcdef', 'af'))).toBe(1);
  });
});
