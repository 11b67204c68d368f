import { describe, expect, it } from 'vitest';
import { applyDocumentPatch, applyPatch, cloneJson, diff, type Json, type Operation, starterDocument, templateDocument } from './index.ts';

function apply(doc: Json, ops: Operation[]): Json {
  const result = applyPatch(doc, ops);
  if (!result.ok) throw new Error(result.error.message);
  return result.doc;
}

/** X1 for one pair, both ways, with neither input touched (X4). */
function roundTrip(a: Json, b: Json): Operation[] {
  const before = [cloneJson(a), cloneJson(b)];
  const ops = diff(a, b);
  expect(apply(cloneJson(a), ops)).toEqual(b);
  expect(apply(cloneJson(b), diff(b, a))).toEqual(a);
  expect([a, b]).toEqual(before);
  for (const op of ops) expect(['add', 'remove', 'replace']).toContain(op.op);
  return ops;
}

describe('diff', () => {
  it('[X1] gives nothing for equal values, key order aside', () => {
    expect(diff({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toEqual([]);
    expect(diff('x', 'x')).toEqual([]);
    expect(diff(null, null)).toEqual([]);
  });

  it('[X1] adds, removes and replaces object members, escaping keys', () => {
    expect(roundTrip({ a: 1, 'x/y': 2, keep: true }, { a: 2, 'm~n': [1], keep: true })).toEqual([
      { op: 'replace', path: '/a', value: 2 },
      { op: 'remove', path: '/x~1y' },
      { op: 'add', path: '/m~0n', value: [1] },
    ]);
  });

  it('[X2] turns one insertion or removal in an array into one operation', () => {
    expect(roundTrip(['a', 'b', 'c'], ['a', 'x', 'b', 'c'])).toEqual([{ op: 'add', path: '/1', value: 'x' }]);
    expect(roundTrip(['a', 'b', 'c'], ['a', 'c'])).toEqual([{ op: 'remove', path: '/1' }]);
    expect(roundTrip({ children: ['a', 'b', 'c'] }, { children: ['c', 'a', 'b'] })).toHaveLength(2);
  });

  it('[X2] changes elements that face each other in place, recursively', () => {
    expect(roundTrip(['a', 'b', 'c'], ['a', 'B', 'c'])).toEqual([{ op: 'replace', path: '/1', value: 'B' }]);
    expect(roundTrip([{ id: 1, v: 'x' }], [{ id: 1, v: 'y' }])).toEqual([{ op: 'replace', path: '/0/v', value: 'y' }]);
  });

  it('[X3] replaces a value whose kind changes, and the whole document at ""', () => {
    expect(roundTrip({ a: [1] }, { a: { 0: 1 } })).toEqual([{ op: 'replace', path: '/a', value: { 0: 1 } }]);
    expect(roundTrip([1], { a: 1 })).toEqual([{ op: 'replace', path: '', value: { a: 1 } }]);
    expect(roundTrip(1, 'one')).toEqual([{ op: 'replace', path: '', value: 'one' }]);
  });

  it('[X4] copies values into the patch', () => {
    const b = { list: [{ deep: true }] };
    const ops = diff({}, b);
    (ops[0] as unknown as { value: { deep: boolean }[] }).value[0] = { deep: false };
    expect(b.list[0]?.deep).toBe(true);
  });

  it('[X1] holds for thousands of seeded random pairs', () => {
    const random = mulberry32(7);
    for (let n = 0; n < 3000; n++) roundTrip(randomJson(random, 3), randomJson(random, 3));
  });

  it('[X1] turns one page into another with a patch that applyDocumentPatch accepts', () => {
    for (const [from, to] of [
      [starterDocument(), templateDocument('landing', 'Hello')],
      [templateDocument('landing'), templateDocument('pricing')],
      [templateDocument('pricing'), templateDocument('blank')],
    ] as const) {
      const result = applyDocumentPatch(cloneJson(from), diff(from, to));
      expect(result.ok && result.doc).toEqual(to);
    }
  });
});

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Small values from a small alphabet, so that random pairs share a lot. */
function randomJson(r: () => number, depth: number): Json {
  const pick = r();
  if (depth === 0 || pick < 0.3) return ['a', 'b', 'c', 1, 2, true, null][Math.floor(r() * 7)] as Json;
  if (pick < 0.65) return Array.from({ length: Math.floor(r() * 6) }, () => randomJson(r, depth - 1));
  const out: Record<string, Json> = {};
  for (let i = Math.floor(r() * 5); i > 0; i--)
    out[['k', 'l', 'm/n', 'o~p', '0'][Math.floor(r() * 5)] as string] = randomJson(r, depth - 1);
  return out;
}
