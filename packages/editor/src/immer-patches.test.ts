import { applyPatches, enablePatches, type Patch, produceWithPatches } from 'immer';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromImmerPatches, toImmerPatches } from './immer-patches.ts';
import { applyPatch, cloneJson, type Json, type Operation, parsePatch } from '@tandem/protocol';

beforeAll(() => {
  enablePatches();
});

type Doc = {
  title: string;
  count: number;
  flags: Record<string, boolean>;
  list: string[];
  items: { id: string; tags: string[]; meta?: Record<string, Json> }[];
  odd: Record<string, Json>;
};

const base = (): Doc => ({
  title: 'Page',
  count: 1,
  flags: { a: true, b: false },
  list: ['x', 'y', 'z'],
  items: [
    { id: 'i1', tags: ['red'] },
    { id: 'i2', tags: [], meta: { n: 1 } },
    { id: 'i3', tags: ['blue', 'green'] },
  ],
  odd: { 'a/b': 1, 'm~n': 2, '~1': 3, '': 4 },
});

const recipes: [name: string, recipe: (draft: Doc) => void][] = [
  [
    'sets, replaces and deletes object props',
    (d) => {
      d.title = 'Renamed';
      d.count += 1;
      d.flags.c = true;
      delete d.flags.a;
    },
  ],
  [
    'pushes onto an array',
    (d) => {
      d.list.push('w');
      d.list.push('v');
    },
  ],
  [
    'splices into the middle of an array',
    (d) => {
      d.list.splice(1, 1, 'p', 'q', 'r');
    },
  ],
  [
    'removes from the front of an array',
    (d) => {
      d.list.shift();
      d.items.splice(0, 1);
    },
  ],
  [
    'removes from the end and truncates an array',
    (d) => {
      d.list.pop();
      d.items.length = 1;
    },
  ],
  [
    'unshifts onto an array',
    (d) => {
      d.list.unshift('first');
    },
  ],
  [
    'edits deeply nested values',
    (d) => {
      (d.items[1] as Doc['items'][number]).meta = { n: 2, deep: { list: [1, 2] } };
      (d.items[2] as Doc['items'][number]).tags.reverse();
      (d.items[0] as Doc['items'][number]).tags.push('new');
    },
  ],
  [
    'replaces a whole subtree and adds a new item',
    (d) => {
      d.items[0] = { id: 'fresh', tags: ['a'] };
      d.items.push({ id: 'i4', tags: ['z'], meta: { x: null } });
    },
  ],
  [
    'sorts and filters an array in place',
    (d) => {
      d.list.sort((a, b) => b.localeCompare(a));
      d.items = d.items.filter((item) => item.tags.length > 0);
    },
  ],
  [
    'writes keys that contain "/" and "~"',
    (d) => {
      d.odd['a/b'] = 10;
      d.odd['m~n'] = { 'x/y~z': [1] };
      d.odd['~0/~1'] = 'new';
      delete d.odd['~1'];
      d.odd[''] = 40;
    },
  ],
];

describe('fromImmerPatches', () => {
  it.each(recipes)('[P10] applyPatch of the converted patches reproduces immer for a recipe that %s', (_name, recipe) => {
    const start = base();
    const [next, patches] = produceWithPatches(start, recipe);
    const ops = fromImmerPatches(patches);
    const result = applyPatch(base() as unknown as Json, ops);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.doc).toEqual(next);
  });

  it.each(recipes)('[P10] the converted inverse patches restore the original for a recipe that %s', (_name, recipe) => {
    const [next, , inverse] = produceWithPatches(base(), recipe);
    const result = applyPatch(cloneJson(next) as unknown as Json, fromImmerPatches(inverse));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.doc).toEqual(base());
  });

  it.each(recipes)('[P10] the converted patches also apply in place for a recipe that %s', (_name, recipe) => {
    const [next, patches] = produceWithPatches(base(), recipe);
    const doc = base() as unknown as Json;
    const result = applyPatch(doc, fromImmerPatches(patches), { inPlace: true });
    expect(result.ok).toBe(true);
    expect(doc).toEqual(next);
  });

  it.each(recipes)('[P10] the converted patches pass parsePatch for a recipe that %s', (_name, recipe) => {
    const [, patches, inverse] = produceWithPatches(base(), recipe);
    expect(parsePatch(fromImmerPatches(patches)).ok).toBe(true);
    expect(parsePatch(fromImmerPatches(inverse)).ok).toBe(true);
  });

  it('[P10] escapes "/" and "~" in keys as ~1 and ~0', () => {
    const patches: Patch[] = [
      { op: 'replace', path: ['odd', 'a/b'], value: 1 },
      { op: 'add', path: ['odd', 'm~n'], value: 2 },
      { op: 'remove', path: ['odd', '~1'] },
    ];
    expect(fromImmerPatches(patches)).toEqual([
      { op: 'replace', path: '/odd/a~1b', value: 1 },
      { op: 'add', path: '/odd/m~0n', value: 2 },
      { op: 'remove', path: '/odd/~01' },
    ]);
  });

  it('[P10] writes numeric path segments as array indices', () => {
    expect(fromImmerPatches([{ op: 'add', path: ['items', 2, 'tags', 0], value: 'x' }])).toEqual([
      { op: 'add', path: '/items/2/tags/0', value: 'x' },
    ]);
  });

  it('[P10] converts an empty immer path to the whole-document pointer ""', () => {
    expect(fromImmerPatches([{ op: 'replace', path: [], value: { a: 1 } }])).toEqual([{ op: 'replace', path: '', value: { a: 1 } }]);
  });

  it('[P10] drops the value of a remove', () => {
    expect(fromImmerPatches([{ op: 'remove', path: ['a'], value: 1 } as Patch])).toEqual([{ op: 'remove', path: '/a' }]);
  });
});

describe('toImmerPatches', () => {
  it('[P10] turns pointers into key arrays, unescaping ~0 and ~1 and turning index tokens into numbers', () => {
    const ops: Operation[] = [
      { op: 'add', path: '/items/2/tags/-', value: 'x' },
      { op: 'replace', path: '/odd/a~1b', value: 1 },
      { op: 'remove', path: '/odd/~01' },
      { op: 'add', path: '/odd/01', value: 'leading zero stays a key' },
    ];
    expect(toImmerPatches(ops)).toEqual([
      { op: 'add', path: ['items', 2, 'tags', '-'], value: 'x' },
      { op: 'replace', path: ['odd', 'a/b'], value: 1 },
      { op: 'remove', path: ['odd', '~1'] },
      { op: 'add', path: ['odd', '01'], value: 'leading zero stays a key' },
    ]);
  });

  it.each([
    ['move', { op: 'move', from: '/a', path: '/b' }],
    ['copy', { op: 'copy', from: '/a', path: '/b' }],
    ['test', { op: 'test', path: '/a', value: 1 }],
  ] as [string, Operation][])('[P10] returns null for a patch holding %s, which immer cannot express', (_name, op) => {
    expect(toImmerPatches([{ op: 'add', path: '/x', value: 1 }, op])).toBeNull();
  });

  it('[P10] returns null for a malformed pointer', () => {
    expect(toImmerPatches([{ op: 'remove', path: 'nope' }])).toBeNull();
  });

  it('[P10] returns an empty list for an empty patch', () => {
    expect(toImmerPatches([])).toEqual([]);
  });

  it.each(recipes)('[P10] round-trips immer -> RFC 6902 -> immer for a recipe that %s', (_name, recipe) => {
    const [next, patches] = produceWithPatches(base(), recipe);
    const back = toImmerPatches(fromImmerPatches(patches));
    expect(back).toEqual(patches.map((p) => (p.op === 'remove' ? { op: 'remove', path: p.path } : p)));
    expect(applyPatches(base(), back as Patch[])).toEqual(next);
  });

  it('[P10] round-trips RFC 6902 -> immer -> RFC 6902 for keys with "/" and "~"', () => {
    const ops: Operation[] = [
      { op: 'add', path: '/odd/~0~1', value: 1 },
      { op: 'replace', path: '/odd/a~1b', value: 2 },
      { op: 'remove', path: '/odd/m~0n' },
      { op: 'add', path: '/odd/', value: 3 },
      { op: 'add', path: '/list/1', value: 'ins' },
    ];
    const immer = toImmerPatches(ops);
    expect(immer).not.toBeNull();
    expect(fromImmerPatches(immer as Patch[])).toEqual(ops);
    const viaImmer = applyPatches(base(), immer as Patch[]);
    const viaRfc = applyPatch(base() as unknown as Json, ops);
    expect(viaRfc.ok).toBe(true);
    if (viaRfc.ok) expect(viaRfc.doc).toEqual(viaImmer);
  });
});
