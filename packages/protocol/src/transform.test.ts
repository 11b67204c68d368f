import { describe, expect, it } from 'vitest';
import { applyPatch, cloneJson, type Json, jsonEqual, type Operation, transform, transformBefore, transformPastPatches } from './index.ts';
import { transformEvery } from './transform.ts';

const add = (path: string, value: Json): Operation => ({ op: 'add', path, value });
const remove = (path: string): Operation => ({ op: 'remove', path });
const replace = (path: string, value: Json): Operation => ({ op: 'replace', path, value });
const test = (path: string, value: Json): Operation => ({ op: 'test', path, value });
/** A text edit as the client sends it (T10): the base it was made against, then the new text. */
const text = (path: string, base: string, value: string): Operation[] => [test(path, base), replace(path, value)];

function apply<T>(doc: T, ops: Operation[]): T {
  const result = applyPatch(doc, ops);
  if (!result.ok) throw new Error(result.error.message);
  return result.doc;
}

/** Both orders of two concurrent patches end in the same document. */
function converge(base: Json, mine: Operation[], theirs: Operation[]): Json {
  const left = apply(apply(cloneJson(base), theirs), transform(mine, theirs));
  const right = apply(apply(cloneJson(base), mine), transformBefore(theirs, mine));
  expect(right).toEqual(left);
  return left;
}

describe('transform', () => {
  it('[T1] shifts an index past an earlier insert or remove in the same array', () => {
    expect(transform([replace('/a/2', 'x')], [add('/a/0', 'y')])).toEqual([replace('/a/3', 'x')]);
    expect(transform([replace('/a/2', 'x')], [remove('/a/0')])).toEqual([replace('/a/1', 'x')]);
    expect(transform([replace('/a/0', 'x')], [add('/a/1', 'y')])).toEqual([replace('/a/0', 'x')]);
    expect(transform([add('/a/1/k', 'x')], [add('/a/0', 'y')])).toEqual([add('/a/2/k', 'x')]);
    expect(transform([replace('/b/0', 'x')], [add('/a/0', 'y')])).toEqual([replace('/b/0', 'x')]);
  });

  it('[T2] keeps server order for two inserts at the same slot: the later goes after', () => {
    expect(transform([add('/a/1', 'mine')], [add('/a/1', 'theirs')])).toEqual([add('/a/2', 'mine')]);
    expect(transformBefore([add('/a/1', 'theirs')], [add('/a/1', 'mine')])).toEqual([add('/a/1', 'theirs')]);
    expect(converge({ a: ['p', 'q'] }, [add('/a/1', 'mine')], [add('/a/1', 'theirs')])).toEqual({ a: ['p', 'theirs', 'mine', 'q'] });
  });

  it('[T3] leaves appends as appends', () => {
    expect(transform([add('/a/-', 'x')], [add('/a/0', 'y'), remove('/a/1')])).toEqual([add('/a/-', 'x')]);
    expect(transform([replace('/a/0', 'x')], [add('/a/-', 'y')])).toEqual([replace('/a/0', 'x')]);
  });

  it('[T4] drops what targets a removed element, but keeps an insert at its slot', () => {
    expect(transform([replace('/a/1', 'x')], [remove('/a/1')])).toEqual([]);
    expect(transform([add('/a/1/k', 'x')], [remove('/a/1')])).toEqual([]);
    expect(transform([add('/a/1', 'x')], [remove('/a/1')])).toEqual([add('/a/1', 'x')]);
    expect(converge({ a: ['p', 'q', 'r'] }, [add('/a/1', 'x')], [remove('/a/1')])).toEqual({ a: ['p', 'x', 'r'] });
  });

  it('[T5] settles two writes to one place by order: the later wins, a removal beats a replace', () => {
    expect(converge({ o: { k: 1 } }, [replace('/o/k', 'mine')], [replace('/o/k', 'theirs')])).toEqual({ o: { k: 'mine' } });
    expect(converge({ o: { k: 1 } }, [add('/o/k', 'mine')], [replace('/o/k', 'theirs')])).toEqual({ o: { k: 'mine' } });
    expect(converge({ o: { k: 1 } }, [replace('/o/k', 'mine')], [remove('/o/k')])).toEqual({ o: {} });
    expect(converge({ o: { k: 1 } }, [remove('/o/k')], [replace('/o/k', 'theirs')])).toEqual({ o: {} });
    expect(converge({ o: { k: 1 } }, [remove('/o/k')], [remove('/o/k')])).toEqual({ o: {} });
    expect(converge({ a: [1, 2] }, [replace('/a/0', 'mine')], [replace('/a/0', 'theirs')])).toEqual({ a: ['mine', 2] });
    expect(converge({ a: [1, 2] }, [remove('/a/0')], [remove('/a/0')])).toEqual({ a: [2] });
  });

  it('[T6] drops what lies under a value the other side removed or replaced', () => {
    const base = { c: { s: { props: { t: 'a' } }, x: { props: { t: 'b' } } } };
    expect(transform([replace('/c/s/props/t', 'z')], [remove('/c/s')])).toEqual([]);
    expect(transform([replace('/c/s/props/t', 'z')], [replace('/c/s', { props: {} })])).toEqual([]);
    expect(transform([replace('/c/x/props/t', 'z')], [remove('/c/s')])).toEqual([replace('/c/x/props/t', 'z')]);
    expect(converge(base, [replace('/c/s/props/t', 'z')], [remove('/c/s')])).toEqual({ c: { x: { props: { t: 'b' } } } });
    expect(transform([replace('/c/s/props/t', 'z')], [add('', {})])).toEqual([]);
  });

  it('[T7] carries move and copy paths, and drops them when their source is gone', () => {
    expect(transform([{ op: 'move', from: '/a/2', path: '/b/0' }], [add('/a/0', 'y')])).toEqual([
      { op: 'move', from: '/a/3', path: '/b/0' },
    ]);
    expect(transform([{ op: 'move', from: '/a/2', path: '/b/0' }], [remove('/a/2')])).toEqual([]);
    expect(transform([{ op: 'copy', from: '/o/k', path: '/o/j' }], [remove('/o/k')])).toEqual([]);
    expect(transform([add('/a/0', 'x')], [{ op: 'move', from: '/a/1', path: '/b/0' }])).toEqual([add('/a/0', 'x')]);
    expect(transform([replace('/a/2', 'x')], [{ op: 'move', from: '/a/0', path: '/b/0' }])).toEqual([replace('/a/1', 'x')]);
  });

  it('[T8] carries every operation past every earlier one, each side seeing the other in its own coordinates', () => {
    const mine = [add('/a/0', 'm0'), replace('/a/3', 'm1')];
    const theirs = [remove('/a/1'), add('/a/1', 't')];
    expect(converge({ a: ['p', 'q', 'r', 's'] }, mine, theirs)).toEqual({ a: ['m0', 'p', 't', 'm1', 's'] });
  });

  it('[T10] a test of a string right before a replace of it states the base; without one, T5 applies', () => {
    const base = { t: 'ab' };
    expect(transform(text('/t', 'ab', 'abX'), [replace('/t', 'Yab')])).toEqual(text('/t', 'Yab', 'YabX'));
    expect(converge(base, text('/t', 'ab', 'abX'), [replace('/t', 'Yab')])).toEqual({ t: 'YabX' });
    // Plain replaces on both sides: the later wins, as before.
    expect(transform([replace('/t', 'abX')], [replace('/t', 'Yab')])).toEqual([replace('/t', 'abX')]);
    expect(transformBefore([replace('/t', 'Yab')], [replace('/t', 'abX')])).toEqual([]);
    // Overwritten by a value that is not text: the edit goes on as a plain replace (its base is gone).
    expect(transform(text('/t', 'ab', 'abX'), [replace('/t', 5)])).toEqual([replace('/t', 'abX')]);
    expect(transform(text('/t', 'ab', 'abX'), [remove('/t')])).toEqual([]);
    expect(transform(text('/t', 'ab', 'abX'), [replace('/u', 'q')])).toEqual(text('/t', 'ab', 'abX'));
    // A test not followed by a replace of the same path is an ordinary test.
    expect(transform([test('/t', 'ab'), replace('/u', 'x')], [replace('/t', 'Yab')])).toEqual([test('/t', 'ab'), replace('/u', 'x')]);
  });

  it('[T12] merges two text edits of one location into the same text on both sides', () => {
    // The editor's text edit against a plain replace from the log, in both directions.
    expect(transformBefore([replace('/t', 'Yab')], text('/t', 'ab', 'abX'))).toEqual([replace('/t', 'YabX')]);
    expect(converge({ t: 'ab' }, text('/t', 'ab', 'abX'), text('/t', 'ab', 'Yab'))).toEqual({ t: 'YabX' });
    // Carried past two logged keystrokes one after the other, as the server does.
    expect(transform(text('/t', 'ab', 'abX'), [replace('/t', 'Yab'), replace('/t', 'YabZ')])).toEqual(text('/t', 'YabZ', 'YabZX'));
    // A list item: the index shifts (T1), then the texts merge.
    expect(transform(text('/a/1', 'ab', 'abX'), [add('/a/0', 'new'), replace('/a/2', 'Yab')])).toEqual(text('/a/2', 'Yab', 'YabX'));
    // The scenario of issue 11: A appends, B prefixes and then types in the middle.
    const heading = 'Everything a team needs';
    const a = text('/h', heading, `${heading} today`);
    const b = [...text('/h', heading, `Truly ${heading}`), ...text('/h', `Truly ${heading}`, 'Truly Everything a great team needs')];
    expect(converge({ h: heading }, a, b)).toEqual({ h: 'Truly Everything a great team needs today' });
    expect(converge({ h: heading }, b, a)).toEqual({ h: 'Truly Everything a great team needs today' });
  });

  it('[T13] resolves edits of the same characters the same way in both orders: deletions of either side, both insertions in server order', () => {
    expect(converge({ t: 'ab' }, text('/t', 'ab', 'aXb'), [replace('/t', 'aYb')])).toEqual({ t: 'aYXb' });
    expect(converge({ t: 'a cat' }, text('/t', 'a cat', 'a dog'), text('/t', 'a cat', 'a pig'))).toEqual({ t: 'a pigdog' });
    expect(converge({ t: 'abcdef' }, text('/t', 'abcdef', 'abcXdef'), text('/t', 'abcdef', 'af'))).toEqual({ t: 'aXf' });
  });

  it('is pure and deterministic', () => {
    const mine = [replace('/a/2', 'x')];
    const theirs = [add('/a/0', 'y')];
    const copies = [cloneJson(mine), cloneJson(theirs)];
    expect(transform(mine, theirs)).toEqual(transform(mine, theirs));
    expect([mine, theirs]).toEqual(copies);
  });
});

// ---- [T9] convergence of canonical patches, by seeded random search -----------------

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Doc = { a: Json[]; b: Json[]; o: Record<string, Json> };

function randomOp(r: () => number, doc: Doc, tag: string): Operation | null {
  const arr = r() < 0.5 ? 'a' : 'b';
  const len = doc[arr].length;
  const keys = Object.keys(doc.o);
  const key = keys[Math.floor(r() * keys.length)];
  const pick = r();
  if (pick < 0.3) return add(`/${arr}/${Math.floor(r() * (len + 1))}`, tag);
  if (pick < 0.45) return len > 0 ? remove(`/${arr}/${Math.floor(r() * len)}`) : null;
  if (pick < 0.55) return len > 0 ? replace(`/${arr}/${Math.floor(r() * len)}`, tag) : null;
  if (pick < 0.7) return add(`/o/k${Math.floor(r() * 4)}`, r() < 0.5 ? tag : { n: tag });
  if (pick < 0.8) return key ? remove(`/o/${key}`) : null;
  if (pick < 0.9) return key ? replace(`/o/${key}`, tag) : null;
  const nested = keys.find((k) => typeof doc.o[k] === 'object');
  return nested ? add(`/o/${nested}/n`, tag) : null;
}

function randomPatch(r: () => number, base: Doc, tag: string): Operation[] {
  const ops: Operation[] = [];
  let doc = base;
  const count = 1 + Math.floor(r() * 4);
  for (let i = 0; i < count; i++) {
    const op = randomOp(r, doc, `${tag}${i}`);
    const result = op && applyPatch(doc, [op]);
    if (!op || !result?.ok) continue;
    ops.push(op);
    doc = result.doc;
  }
  return ops;
}

describe('[T9] convergence', () => {
  it('both orders of two random concurrent patches of add, remove and replace end equal (5,000 seeds)', () => {
    for (let seed = 1; seed <= 5000; seed++) {
      const r = mulberry32(seed);
      const base: Doc = { a: ['a0', 'a1', 'a2'], b: ['b0'], o: { k0: { n: 0 }, k1: 'v' } };
      const mine = randomPatch(r, base, 'm');
      const theirs = randomPatch(r, base, 't');
      const left = applyPatch(apply(cloneJson(base), theirs), transform(mine, theirs));
      const right = applyPatch(apply(cloneJson(base), mine), transformBefore(theirs, mine));
      const same = left.ok && right.ok && jsonEqual(left.doc, right.doc);
      if (!same) throw new Error(`seed ${seed} diverges: mine ${JSON.stringify(mine)} theirs ${JSON.stringify(theirs)}`);
    }
  });
});

// ---- [T9] with text: typing, deleting and overwriting one string on both sides ----------------

type TextDoc = { t: Record<string, string | number> };

function randomTextOp(r: () => number, doc: TextDoc, tag: string): Operation[] {
  const keys = Object.keys(doc.t);
  const key = keys[Math.floor(r() * keys.length)];
  const pick = r();
  if (key === undefined || pick < 0.05) return [add(`/t/k${Math.floor(r() * 3)}`, tag)];
  const path = `/t/${key}`;
  const value = doc.t[key];
  if (pick < 0.1) return [remove(path)];
  if (pick < 0.15) return [replace(path, r() < 0.5 ? 7 : tag)];
  if (typeof value !== 'string') return [replace(path, tag)];
  const at = Math.floor(r() * (value.length + 1));
  const cut = Math.min(value.length, at + Math.floor(r() * 3));
  const next = r() < 0.6 ? value.slice(0, at) + tag + value.slice(at) : value.slice(0, at) + value.slice(cut);
  return r() < 0.85 ? text(path, value, next) : [replace(path, next)];
}

describe('[T9] convergence with text', () => {
  it('both orders of two random concurrent patches of text edits end equal (5,000 seeds)', () => {
    for (let seed = 1; seed <= 5000; seed++) {
      const r = mulberry32(seed);
      const base: TextDoc = { t: { k0: 'hello', k1: 'world', k2: 3 } };
      const patch = (tag: string) => {
        const ops: Operation[] = [];
        let doc = base;
        for (let i = 0, n = 1 + Math.floor(r() * 3); i < n; i++) {
          const step = randomTextOp(r, doc, `${tag}${i}`);
          const result = applyPatch(doc, step);
          if (!result.ok) continue;
          ops.push(...step);
          doc = result.doc;
        }
        return ops;
      };
      const mine = patch('m');
      const theirs = patch('T');
      const left = applyPatch(apply(cloneJson(base), theirs), transform(mine, theirs));
      const right = applyPatch(apply(cloneJson(base), mine), transformBefore(theirs, mine));
      const same = left.ok && right.ok && jsonEqual(left.doc, right.doc);
      if (!same) throw new Error(`seed ${seed} diverges: mine ${JSON.stringify(mine)} theirs ${JSON.stringify(theirs)}`);
    }
  });
});

describe('T17: skipping what cannot touch a patch', () => {
  /** A seeded generator (mulberry32), so that a failing case is the same case every run. */
  function random(seed: number) {
    let a = seed >>> 0;
    const next = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    return { next, pick };
  }
  // Pointers in a few subtrees, some through arrays at the first or second level, some sharing prefixes.
  const pointers = [
    '',
    '/components',
    '/components/a',
    '/components/a/props/text',
    '/components/a/children/0',
    '/components/a/children/1',
    '/components/a/children/-',
    '/components/b',
    '/components/b/props/text',
    '/components/b/props/items/0',
    '/components/b/props/items/2/label',
    '/components/c~1d/props/text',
    '/components/0/props/text',
    '/list/0',
    '/list/1/x',
    '/list/-',
    '/rootId',
    '/0',
  ];
  function operation(r: ReturnType<typeof random>): Operation[] {
    const path = r.pick(pointers);
    switch (r.pick(['add', 'remove', 'replace', 'move', 'copy', 'test', 'text'] as const)) {
      case 'add':
        return [add(path, r.pick(['x', 'y', 1]))];
      case 'remove':
        return [remove(path)];
      case 'replace':
        return [replace(path, r.pick(['x', 'y', 'xyz']))];
      case 'move':
        return [{ op: 'move', from: r.pick(pointers), path }];
      case 'copy':
        return [{ op: 'copy', from: r.pick(pointers), path }];
      case 'test':
        return [test(path, 'x')];
      case 'text':
        return text(path, 'abc', r.pick(['abXc', 'ab', 'Yabc']));
    }
  }
  const patch = (r: ReturnType<typeof random>, most: number) =>
    Array.from({ length: 1 + Math.floor(r.next() * most) }, () => operation(r)).flat();

  it('[T17] gives exactly what carrying the patch past every operation gives, in both orders', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const r = random(seed);
      const mine = patch(r, 3);
      const against = patch(r, 12);
      expect(transform(mine, against), `seed ${seed}`).toEqual(transformEvery(mine, against, true));
      expect(transformBefore(mine, against), `seed ${seed}`).toEqual(transformEvery(mine, against, false));
      // The server's form, patch by patch, is the same as one list when no text edit is split.
      const split = Math.floor(r.next() * against.length);
      const first = against.slice(0, split);
      const second = against.slice(split);
      if (!(first.at(-1)?.op === 'test' && second[0]?.op === 'replace')) {
        expect(transformPastPatches(mine, [first, second]), `seed ${seed}`).toEqual(transformEvery(mine, against, true));
      }
    }
  }, 60_000);

  it('[T17] gives the same result when the same logged operations are carried past again (their parsed form is kept)', () => {
    const r = random(99);
    const logged = Array.from({ length: 40 }, () => patch(r, 4));
    for (let round = 0; round < 300; round++) {
      const mine = patch(r, 3);
      const from = Math.floor(r.next() * logged.length);
      const against = logged.slice(from);
      expect(transformPastPatches(mine, against), `round ${round}`).toEqual(transformEvery(mine, against.flat(), true));
      expect(transformBefore(mine, against.flat()), `round ${round}`).toEqual(transformEvery(mine, against.flat(), false));
    }
    // One `test` object, paired with its `replace` in one list and alone in another, is each time what that list says.
    const [check, write] = text('/components/a/props/text', 'abc', 'abXc') as [Operation, Operation];
    const mine = text('/components/a/props/text', 'abc', 'Yabc');
    expect(transform(mine, [check, write])).toEqual(transformEvery(mine, [check, write]));
    expect(transform(mine, [check])).toEqual(transformEvery(mine, [check]));
    expect(transform(mine, [check, write])).toEqual(transformEvery(mine, [check, write]));
  });

  it('[T17] leaves a patch untouched by edits of other components, returning its own operations', () => {
    const mine = text('/components/a/props/text', 'abc', 'abXc');
    const others = Array.from({ length: 1000 }, (_, i) => replace(`/components/other-${i}/props/text`, `v${i}`));
    const out = transform(mine, others);
    expect(out).toEqual(mine);
    expect(out[0]).toBe(mine[0]);
    expect(transform(mine, [...others, replace('/components/a/props/text', 'abcd')])).toEqual(
      transformEvery(mine, [replace('/components/a/props/text', 'abcd')]),
    );
  });
});
