import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { cloneJson, type Json } from './json.ts';
import { type ApplyResult, applyPatch, MAX_OPERATIONS_PER_PATCH, type Operation, parsePatch } from './patch.ts';

/** Freezes a value and everything inside it, so that any write throws (modules run in strict mode). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

function applied<T>(result: ApplyResult<T>): T {
  if (!result.ok) throw new Error(`expected the patch to apply: ${result.error.code}: ${result.error.message}`);
  return result.doc;
}

/** Applies in both modes and checks that they agree; returns the result. */
function applyBoth(doc: Json, ops: Operation[]): ApplyResult<Json> {
  const pure = applyPatch(deepFreeze(cloneJson(doc)), ops);
  const target = cloneJson(doc);
  const inPlace = applyPatch(target, ops, { inPlace: true });
  expect(inPlace.ok).toBe(pure.ok);
  if (pure.ok && inPlace.ok) expect(inPlace.doc).toEqual(pure.doc);
  if (!pure.ok && !inPlace.ok) {
    expect(inPlace.error.code).toBe(pure.error.code);
    expect(target).toEqual(doc);
  }
  return pure;
}

const polluted = () => ({}) as Record<string, unknown>;

describe('RFC 6902 Appendix A examples', () => {
  it('[P2] A.1 adds an object member', () => {
    expect(applied(applyBoth({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }]))).toEqual({ baz: 'qux', foo: 'bar' });
  });

  it('[P2] A.2 adds an array element, shifting later elements right', () => {
    const result = applyBoth({ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }]);
    expect(applied(result)).toEqual({ foo: ['bar', 'qux', 'baz'] });
  });

  it('[P2] A.3 removes an object member', () => {
    expect(applied(applyBoth({ baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }]))).toEqual({ foo: 'bar' });
  });

  it('[P2] A.4 removes an array element, shifting later elements left', () => {
    const result = applyBoth({ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }]);
    expect(applied(result)).toEqual({ foo: ['bar', 'baz'] });
  });

  it('[P2] A.5 replaces a value', () => {
    const result = applyBoth({ baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }]);
    expect(applied(result)).toEqual({ baz: 'boo', foo: 'bar' });
  });

  it('[P2] A.6 moves a value between objects', () => {
    const doc = { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } };
    const result = applyBoth(doc, [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }]);
    expect(applied(result)).toEqual({ foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } });
  });

  it('[P2] A.7 moves an array element (the target index is read after the removal)', () => {
    const result = applyBoth({ foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }]);
    expect(applied(result)).toEqual({ foo: ['all', 'cows', 'eat', 'grass'] });
  });

  it('[P2] A.8 a passing test leaves the document unchanged', () => {
    const doc = { baz: 'qux', foo: ['a', 2, 'c'] };
    const result = applyBoth(doc, [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
    ]);
    expect(applied(result)).toEqual(doc);
  });

  it('[P2] A.9 a failing test is patch-failed', () => {
    const result = applyBoth({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
  });

  it('[P2] A.10 adds a nested member object', () => {
    const result = applyBoth({ foo: 'bar' }, [{ op: 'add', path: '/child', value: { grandchild: {} } }]);
    expect(applied(result)).toEqual({ foo: 'bar', child: { grandchild: {} } });
  });

  it('[P2] A.11 ignores unrecognized members of an operation', () => {
    const parsed = parsePatch(JSON.parse('[{ "op": "add", "path": "/baz", "value": "qux", "xyz": 123 }]'));
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.ops).toEqual([{ op: 'add', path: '/baz', value: 'qux' }]);
    expect(applied(applyBoth({ foo: 'bar' }, parsed.ops))).toEqual({ foo: 'bar', baz: 'qux' });
  });

  it('[P2] A.12 adding to a nonexistent target is patch-failed', () => {
    const result = applyBoth({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
  });

  it('[P2] A.13 an operation with a duplicated "op" member is never treated as "add"', () => {
    // JSON.parse keeps the last duplicate, so this arrives as a remove of /baz, which does not exist.
    const parsed = parsePatch(JSON.parse('[{ "op": "add", "path": "/baz", "value": "qux", "op": "remove" }]'));
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(parsed.ops).toEqual([{ op: 'remove', path: '/baz' }]);
    expect(applyBoth({ foo: 'bar' }, parsed.ops)).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
  });

  it('[P2] A.14 unescapes ~01 to "~1", not to "/"', () => {
    const doc = { '/': 9, '~1': 10 };
    expect(applied(applyBoth(doc, [{ op: 'test', path: '/~01', value: 10 }]))).toEqual({ '/': 9, '~1': 10 });
  });

  it('[P2] A.15 test does not equate the string "10" with the number 10', () => {
    const result = applyBoth({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
  });

  it('[P2] A.16 adds an array value as one element at the end', () => {
    const result = applyBoth({ foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }]);
    expect(applied(result)).toEqual({ foo: ['bar', ['abc', 'def']] });
  });
});

describe('the six operations', () => {
  it('[P2] add replaces an existing object member', () => {
    expect(applied(applyBoth({ a: 1 }, [{ op: 'add', path: '/a', value: 2 }]))).toEqual({ a: 2 });
  });

  it('[P2] add at "" replaces the whole document', () => {
    expect(applied(applyBoth({ a: 1 }, [{ op: 'add', path: '', value: [1, 2] }]))).toEqual([1, 2]);
  });

  it('[P2] add under a primitive is patch-failed', () => {
    expect(applyBoth({ a: 1 }, [{ op: 'add', path: '/a/b', value: 2 }])).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
  });

  it('[P2] add treats "-" as an ordinary key on an object', () => {
    expect(applied(applyBoth({}, [{ op: 'add', path: '/-', value: 1 }]))).toEqual({ '-': 1 });
  });

  it('[P2] add can use the empty string as a key', () => {
    expect(applied(applyBoth({}, [{ op: 'add', path: '/', value: 1 }]))).toEqual({ '': 1 });
  });

  it('[P2] remove of a missing member is patch-failed', () => {
    expect(applyBoth({ a: 1 }, [{ op: 'remove', path: '/b' }])).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
  });

  it('[P2] remove of the whole document is patch-failed', () => {
    expect(applyBoth({ a: 1 }, [{ op: 'remove', path: '' }])).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
  });

  it('[P2] remove does not see inherited members such as toString', () => {
    expect(applyBoth({ a: 1 }, [{ op: 'remove', path: '/toString' }])).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
  });

  it('[P2] replace changes an existing value, including null and nested ones', () => {
    const doc = { a: null, b: { c: [1, 2] } };
    const result = applyBoth(doc, [
      { op: 'replace', path: '/a', value: { x: 1 } },
      { op: 'replace', path: '/b/c/1', value: 'two' },
    ]);
    expect(applied(result)).toEqual({ a: { x: 1 }, b: { c: [1, 'two'] } });
  });

  it('[P2] replace of a missing member is patch-failed and never creates it', () => {
    expect(applyBoth({ a: 1 }, [{ op: 'replace', path: '/b', value: 2 }])).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
  });

  it('[P2] replace at "" replaces the whole document', () => {
    expect(applied(applyBoth({ a: 1 }, [{ op: 'replace', path: '', value: 'x' }]))).toBe('x');
  });

  it('[P2] move of a missing value is patch-failed', () => {
    const result = applyBoth({ a: 1 }, [{ op: 'move', from: '/b', path: '/c' }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
  });

  it('[P2] move onto an existing member replaces it', () => {
    expect(applied(applyBoth({ a: 1, b: 2 }, [{ op: 'move', from: '/a', path: '/b' }]))).toEqual({ b: 1 });
  });

  it('[P2] move of a subtree carries it whole', () => {
    const doc = { a: { deep: { list: [1, { x: 2 }] } }, b: {} };
    const result = applyBoth(doc, [{ op: 'move', from: '/a/deep', path: '/b/moved' }]);
    expect(applied(result)).toEqual({ a: {}, b: { moved: { list: [1, { x: 2 }] } } });
  });

  it('[P2] move between arrays', () => {
    const result = applyBoth({ x: [1, 2, 3], y: ['a'] }, [{ op: 'move', from: '/x/0', path: '/y/1' }]);
    expect(applied(result)).toEqual({ x: [2, 3], y: ['a', 1] });
  });

  it('[P4] move to its own location is a no-op', () => {
    const doc = { a: { b: 1 } };
    expect(applied(applyBoth(doc, [{ op: 'move', from: '/a', path: '/a' }]))).toEqual(doc);
  });

  it('[P4] move to its own location still requires the value to exist', () => {
    const result = applyBoth({ a: 1 }, [{ op: 'move', from: '/b', path: '/b' }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
  });

  it('[P4] move into its own descendant is patch-failed', () => {
    const doc = { a: { b: { c: 1 } } };
    expect(applyBoth(doc, [{ op: 'move', from: '/a', path: '/a/b/d' }])).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
    expect(applyBoth(doc, [{ op: 'move', from: '/a', path: '/a/x' }])).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
  });

  it('[P4] move of the whole document into itself is patch-failed', () => {
    expect(applyBoth({ a: 1 }, [{ op: 'move', from: '', path: '/b' }])).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
  });

  it('[P4] move to a sibling whose key merely starts with the same characters is allowed', () => {
    expect(applied(applyBoth({ a: 1 }, [{ op: 'move', from: '/a', path: '/ab' }]))).toEqual({ ab: 1 });
  });

  it('[P2] copy duplicates a value', () => {
    expect(applied(applyBoth({ a: { b: 1 } }, [{ op: 'copy', from: '/a', path: '/c' }]))).toEqual({ a: { b: 1 }, c: { b: 1 } });
  });

  it('[P2] copy into an array inserts', () => {
    expect(applied(applyBoth({ a: [1, 2], v: 9 }, [{ op: 'copy', from: '/v', path: '/a/1' }]))).toEqual({ a: [1, 9, 2], v: 9 });
  });

  it('[P2] copy of a missing value is patch-failed', () => {
    expect(applyBoth({ a: 1 }, [{ op: 'copy', from: '/b', path: '/c' }])).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
  });

  it('[P5] copy makes an independent deep copy', () => {
    const result = applied(
      applyPatch({ a: { list: [{ x: 1 }] } } as Json, [
        { op: 'copy', from: '/a', path: '/b' },
        { op: 'replace', path: '/b/list/0/x', value: 2 },
        { op: 'add', path: '/b/list/-', value: 3 },
      ]),
    ) as { a: { list: Json[] }; b: { list: Json[] } };
    expect(result).toEqual({ a: { list: [{ x: 1 }] }, b: { list: [{ x: 2 }, 3] } });
    expect(result.b).not.toBe(result.a);
    expect(result.b.list).not.toBe(result.a.list);
  });

  it('[P5] copy in place makes an independent deep copy', () => {
    const doc = { a: { list: [{ x: 1 }] } } as { a: { list: { x: number }[] }; b?: { list: { x: number }[] } };
    applied(applyPatch(doc, [{ op: 'copy', from: '/a', path: '/b' }], { inPlace: true }));
    expect(doc.b).toEqual(doc.a);
    expect(doc.b?.list[0]).not.toBe(doc.a.list[0]);
  });

  it('[P5] the result never aliases a value held by the patch', () => {
    const value = { nested: [1, 2] };
    const ops: Operation[] = [
      { op: 'add', path: '/a', value },
      { op: 'replace', path: '/b', value },
    ];
    for (const inPlace of [false, true]) {
      const result = applied(applyPatch({ b: 0 } as Record<string, Json>, ops, { inPlace }));
      expect(result.a).toEqual(value);
      expect(result.a).not.toBe(value);
      expect(result.b).not.toBe(value);
      expect(result.a).not.toBe(result.b);
    }
  });

  it('[P2] test compares objects structurally, ignoring key order', () => {
    const doc = { a: { x: 1, y: [1, { z: null }] } };
    expect(applied(applyBoth(doc, [{ op: 'test', path: '/a', value: { y: [1, { z: null }], x: 1 } }]))).toEqual(doc);
  });

  it('[P2] test fails on a different array length, an extra key or a different type', () => {
    const doc = { a: [1, 2], o: { x: 1 }, n: null };
    for (const op of [
      { op: 'test', path: '/a', value: [1, 2, 3] },
      { op: 'test', path: '/o', value: { x: 1, y: 2 } },
      { op: 'test', path: '/n', value: false },
      { op: 'test', path: '/a', value: { 0: 1, 1: 2 } },
    ] as Operation[]) {
      expect(applyBoth(doc, [op])).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
    }
  });

  it('[P2] test of a missing value is patch-failed', () => {
    expect(applyBoth({}, [{ op: 'test', path: '/a', value: null }])).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
  });

  it('[P2] test at "" compares the whole document', () => {
    expect(applyBoth({ a: 1 }, [{ op: 'test', path: '', value: { a: 1 } }]).ok).toBe(true);
  });

  it('[P2] operations apply in order, each seeing the result of the ones before', () => {
    const result = applyBoth({}, [
      { op: 'add', path: '/list', value: [] },
      { op: 'add', path: '/list/-', value: 'a' },
      { op: 'add', path: '/list/0', value: 'b' },
      { op: 'test', path: '/list', value: ['b', 'a'] },
      { op: 'copy', from: '/list/1', path: '/first' },
      { op: 'remove', path: '/list/1' },
      { op: 'move', from: '/first', path: '/list/-' },
    ]);
    expect(applied(result)).toEqual({ list: ['b', 'a'] });
  });

  it('[P2] an empty patch returns the document unchanged', () => {
    const doc = deepFreeze({ a: 1 });
    expect(applied(applyPatch(doc, []))).toBe(doc);
  });

  it('[P2] reports a malformed pointer given straight to applyPatch as invalid-patch', () => {
    expect(applyPatch({}, [{ op: 'add', path: 'a', value: 1 }])).toMatchObject({ ok: false, error: { code: 'invalid-patch' } });
    expect(applyPatch({ a: 1 }, [{ op: 'move', from: '/~2', path: '/b' }])).toMatchObject({ ok: false, error: { code: 'invalid-patch' } });
    expect(applyPatch({ a: 1 }, [{ op: 'copy', from: 'a', path: '/b' }])).toMatchObject({ ok: false, error: { code: 'invalid-patch' } });
  });

  it('[P2] names the failing operation in the error message', () => {
    const result = applyPatch({ a: 1 }, [
      { op: 'test', path: '/a', value: 1 },
      { op: 'remove', path: '/missing' },
    ]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/^operation 1 \(remove\)/);
  });
});

describe('array indices', () => {
  it('[P3] add at index length appends', () => {
    expect(applied(applyBoth({ a: [1, 2] }, [{ op: 'add', path: '/a/2', value: 3 }]))).toEqual({ a: [1, 2, 3] });
  });

  it('[P3] add at "-" appends', () => {
    expect(applied(applyBoth({ a: [1, 2] }, [{ op: 'add', path: '/a/-', value: 3 }]))).toEqual({ a: [1, 2, 3] });
  });

  it('[P3] add at "-" and at 0 work on an empty array', () => {
    expect(applied(applyBoth({ a: [] }, [{ op: 'add', path: '/a/-', value: 1 }]))).toEqual({ a: [1] });
    expect(applied(applyBoth({ a: [] }, [{ op: 'add', path: '/a/0', value: 1 }]))).toEqual({ a: [1] });
  });

  it('[P3] add at index 0 prepends', () => {
    expect(applied(applyBoth({ a: [1, 2] }, [{ op: 'add', path: '/a/0', value: 0 }]))).toEqual({ a: [0, 1, 2] });
  });

  it('[P3] add past the end is patch-failed', () => {
    expect(applyBoth({ a: [1, 2] }, [{ op: 'add', path: '/a/3', value: 3 }])).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
  });

  it.each(['01', '-1', '1.5', 'x', '', ' 1'])('[P3] add at the non-index %j of an array is patch-failed', (token) => {
    const result = applyBoth({ a: [1, 2] }, [{ op: 'add', path: `/a/${token}`, value: 3 }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
  });

  it('[P3] remove, replace and test at index length are patch-failed', () => {
    const doc = { a: [1, 2] };
    for (const op of [
      { op: 'remove', path: '/a/2' },
      { op: 'replace', path: '/a/2', value: 0 },
      { op: 'test', path: '/a/2', value: null },
    ] as Operation[]) {
      expect(applyBoth(doc, [op])).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
    }
  });

  it('[P3] "-" names no existing element, so remove, replace, test and a move or copy from it are patch-failed', () => {
    const doc = { a: [1, 2] };
    for (const op of [
      { op: 'remove', path: '/a/-' },
      { op: 'replace', path: '/a/-', value: 0 },
      { op: 'test', path: '/a/-', value: 2 },
      { op: 'move', from: '/a/-', path: '/b' },
      { op: 'copy', from: '/a/-', path: '/b' },
    ] as Operation[]) {
      expect(applyBoth(doc, [op])).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
    }
  });

  it('[P3] move and copy may target "-"', () => {
    expect(applied(applyBoth({ a: [1, 2, 3] }, [{ op: 'move', from: '/a/0', path: '/a/-' }]))).toEqual({ a: [2, 3, 1] });
    expect(applied(applyBoth({ a: [1, 2] }, [{ op: 'copy', from: '/a/0', path: '/a/-' }]))).toEqual({ a: [1, 2, 1] });
  });

  it('[P3] a leading-zero index does not reach into an array on the way down', () => {
    expect(applyBoth({ a: [{ b: 1 }] }, [{ op: 'replace', path: '/a/00/b', value: 2 }])).toMatchObject({
      ok: false,
      error: { code: 'patch-failed' },
    });
  });

  it('[P3] numeric keys on objects are ordinary keys', () => {
    expect(applied(applyBoth({ o: { '0': 'x' } }, [{ op: 'add', path: '/o/01', value: 'y' }]))).toEqual({ o: { '0': 'x', '01': 'y' } });
  });
});

describe('atomicity', () => {
  const doc = (): Json => ({ a: { b: [1, 2, 3] }, c: 'keep', d: { e: { f: true } } });
  const failingLate: Operation[] = [
    { op: 'add', path: '/a/b/1', value: 'inserted' },
    { op: 'remove', path: '/c' },
    { op: 'replace', path: '/d/e/f', value: false },
    { op: 'move', from: '/a/b/0', path: '/d/moved' },
    { op: 'copy', from: '/d', path: '/copy' },
    { op: 'add', path: '/a/new', value: { deep: 1 } },
    { op: 'remove', path: '/a/b/0' },
    { op: 'test', path: '/c', value: 'keep' }, // fails: /c was removed above
  ];

  it('[P1] a failing later operation leaves a pure application without a result and the input untouched', () => {
    const input = deepFreeze(doc());
    const result = applyPatch(input, failingLate);
    expect(result).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
    expect(input).toEqual(doc());
  });

  it('[P1] a failing later operation rolls an in-place application back to a deep-equal input', () => {
    const input = doc();
    const result = applyPatch(input, failingLate, { inPlace: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
    expect(input).toEqual(doc());
  });

  it('[P1] an in-place rollback restores the very same containers', () => {
    const input = doc() as { a: { b: Json[] }; d: { e: Json } };
    const { a, d } = input;
    const b = a.b;
    const e = d.e;
    applyPatch(input, failingLate, { inPlace: true });
    expect(input.a).toBe(a);
    expect(input.a.b).toBe(b);
    expect(input.d.e).toBe(e);
  });

  it('[P1] rolls back an in-place patch that replaced the whole document before failing', () => {
    const input = doc();
    const result = applyPatch(
      input,
      [
        { op: 'replace', path: '/c', value: 'changed' },
        { op: 'replace', path: '', value: { other: 1 } },
        { op: 'add', path: '/other2', value: 2 },
        { op: 'remove', path: '/missing' },
      ],
      { inPlace: true },
    );
    expect(result.ok).toBe(false);
    expect(input).toEqual(doc());
  });

  it('[P1] rolls back interleaved array inserts and removals in place', () => {
    const input: Json = { list: [0, 1, 2, 3, 4] };
    const result = applyPatch(
      input,
      [
        { op: 'remove', path: '/list/0' },
        { op: 'add', path: '/list/2', value: 'x' },
        { op: 'move', from: '/list/4', path: '/list/0' },
        { op: 'remove', path: '/list/1' },
        { op: 'add', path: '/list/-', value: 'y' },
        { op: 'replace', path: '/list/0', value: 'z' },
        { op: 'test', path: '/list', value: [] },
      ],
      { inPlace: true },
    );
    expect(result.ok).toBe(false);
    expect(input).toEqual({ list: [0, 1, 2, 3, 4] });
  });

  it('[P1] rolls back a key that was added over an existing one, restoring the old value', () => {
    const input: Json = { a: 1 };
    applyPatch(
      input,
      [
        { op: 'add', path: '/a', value: 2 },
        { op: 'add', path: '/b', value: 3 },
        { op: 'remove', path: '/zz' },
      ],
      { inPlace: true },
    );
    expect(input).toEqual({ a: 1 });
    expect(Object.hasOwn(input, 'b')).toBe(false);
  });

  it('[P1] a patch that fails on its first operation returns the error and changes nothing', () => {
    const input = doc();
    expect(applyPatch(input, [{ op: 'remove', path: '/nope' }], { inPlace: true }).ok).toBe(false);
    expect(input).toEqual(doc());
  });

  it('[P1] a rejecting check rolls back a pure application and returns the check error', () => {
    const input = deepFreeze(doc());
    const seen: Json[] = [];
    const result = applyPatch(input, [{ op: 'replace', path: '/c', value: 'changed' }], {
      check: (candidate) => {
        seen.push(candidate as Json);
        return { code: 'schema-violation', message: 'no' };
      },
    });
    expect(result).toEqual({ ok: false, error: { code: 'schema-violation', message: 'no' } });
    expect(seen).toEqual([{ ...(doc() as object), c: 'changed' }]);
    expect(input).toEqual(doc());
  });

  it('[P1] a rejecting check rolls back an in-place application', () => {
    const input = doc();
    const result = applyPatch(
      input,
      [
        { op: 'replace', path: '/c', value: 'changed' },
        { op: 'add', path: '/a/b/-', value: 4 },
      ],
      { inPlace: true, check: () => ({ code: 'schema-violation', message: 'no' }) },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'schema-violation' } });
    expect(input).toEqual(doc());
  });

  it('[P1] the check sees the final result and an accepting check commits it', () => {
    const input = doc();
    let seen: unknown;
    const result = applyPatch(input, [{ op: 'remove', path: '/c' }], {
      inPlace: true,
      check: (candidate) => {
        seen = cloneJson(candidate);
        return null;
      },
    });
    expect(result.ok).toBe(true);
    expect(seen).toEqual({ a: { b: [1, 2, 3] }, d: { e: { f: true } } });
    expect(input).toEqual(seen);
  });

  it('[P1] the check is not called when an operation fails', () => {
    let calls = 0;
    applyPatch({}, [{ op: 'remove', path: '/x' }], {
      check: () => {
        calls++;
        return null;
      },
    });
    expect(calls).toBe(0);
  });
});

describe('pure application', () => {
  const doc = (): Json => ({
    meta: { title: 'T', tags: ['a', 'b'] },
    list: [{ id: 1 }, { id: 2 }, { id: 3 }],
    untouched: { deep: { deeper: [1, 2, 3] } },
  });

  it('[P6] never mutates a deep-frozen input with any of the six operations', () => {
    const input = deepFreeze(doc());
    const result = applyPatch(input, [
      { op: 'add', path: '/meta/tags/1', value: 'x' },
      { op: 'remove', path: '/list/0' },
      { op: 'replace', path: '/meta/title', value: 'U' },
      { op: 'move', from: '/list/0', path: '/meta/moved' },
      { op: 'copy', from: '/meta/tags', path: '/list/-' },
      { op: 'test', path: '/meta/moved', value: { id: 2 } },
      { op: 'add', path: '/meta/moved/extra', value: true },
    ]);
    expect(applied(result)).toEqual({
      meta: { title: 'U', tags: ['a', 'x', 'b'], moved: { id: 2, extra: true } },
      list: [{ id: 3 }, ['a', 'x', 'b']],
      untouched: { deep: { deeper: [1, 2, 3] } },
    });
    expect(input).toEqual(doc());
  });

  it('[P6] the result shares every untouched subtree with the input by identity', () => {
    const input = deepFreeze(doc()) as { meta: { title: string; tags: string[] }; list: { id: number }[]; untouched: Json };
    const result = applied(applyPatch(input, [{ op: 'replace', path: '/list/1/id', value: 20 }]));
    expect(result).not.toBe(input);
    expect(result.untouched).toBe(input.untouched);
    expect(result.meta).toBe(input.meta);
    expect(result.list).not.toBe(input.list);
    expect(result.list[0]).toBe(input.list[0]);
    expect(result.list[1]).not.toBe(input.list[1]);
    expect(result.list[2]).toBe(input.list[2]);
  });

  it('[P6] writes through the same container twice copy it only once and keep both writes', () => {
    const input = deepFreeze({ o: { a: 1, b: 2 } });
    const result = applied(
      applyPatch(input, [
        { op: 'replace', path: '/o/a', value: 10 },
        { op: 'replace', path: '/o/b', value: 20 },
        { op: 'add', path: '/o/c', value: 30 },
      ]),
    );
    expect(result).toEqual({ o: { a: 10, b: 20, c: 30 } });
    expect(input).toEqual({ o: { a: 1, b: 2 } });
  });

  it('[P6] a value moved out of a frozen input can be written to afterwards', () => {
    const input = deepFreeze({ from: { v: { n: 1 } }, to: {} });
    const result = applied(
      applyPatch(input, [
        { op: 'move', from: '/from/v', path: '/to/v' },
        { op: 'replace', path: '/to/v/n', value: 2 },
      ]),
    );
    expect(result).toEqual({ from: {}, to: { v: { n: 2 } } });
    expect(input).toEqual({ from: { v: { n: 1 } }, to: {} });
  });

  it('[P6] an application that only tests returns the input itself', () => {
    const input = deepFreeze(doc());
    expect(applied(applyPatch(input, [{ op: 'test', path: '/meta/title', value: 'T' }]))).toBe(input);
  });
});

describe('in-place application', () => {
  it('[P7] mutates and returns the same root object', () => {
    const input: Json = { a: [1], b: { c: 1 } };
    const result = applied(
      applyPatch(
        input,
        [
          { op: 'add', path: '/a/-', value: 2 },
          { op: 'replace', path: '/b/c', value: 2 },
        ],
        { inPlace: true },
      ),
    );
    expect(result).toBe(input);
    expect(input).toEqual({ a: [1, 2], b: { c: 2 } });
  });

  it('[P7] returns the new root when the patch replaces the whole document', () => {
    const input: Json = { a: 1 };
    const result = applied(applyPatch(input, [{ op: 'replace', path: '', value: { b: 2 } }], { inPlace: true }));
    expect(result).toEqual({ b: 2 });
  });
});

describe('an immer draft as the target', () => {
  const base = () =>
    deepFreeze({
      components: { a: { children: ['b', 'c'] }, b: { children: [] as string[] }, c: { children: [] as string[] }, d: { x: 1 } },
    });

  it('[P12] applies in place to a draft, giving the pure result and keeping untouched members by identity', () => {
    const input = base();
    const ops: Operation[] = [
      { op: 'move', from: '/components/a/children/0', path: '/components/c/children/-' },
      { op: 'copy', from: '/components/d', path: '/components/e' },
      { op: 'replace', path: '/components/e/x', value: 2 },
    ];
    const next = produce(input, (draft) => {
      const result = applyPatch(draft, ops, { inPlace: true });
      if (!result.ok) throw new Error(result.error.message);
    });
    expect(next).toEqual(applied(applyPatch(input, ops)));
    expect(next.components.b).toBe(input.components.b);
    expect(next.components.d).toBe(input.components.d);
    expect(input.components.d).toEqual({ x: 1 });
  });

  it('[P12] [P1] a failing patch leaves the draft deep-equal to what it was', () => {
    const input = base();
    const next = produce(input, (draft) => {
      const result = applyPatch(draft, [
        { op: 'remove', path: '/components/a/children/0' },
        { op: 'add', path: '/components/d/x', value: 3 },
        { op: 'remove', path: '/components/missing' },
      ], { inPlace: true });
      expect(result.ok).toBe(false);
    });
    expect(next).toEqual(base());
  });
});

describe('parsePatch', () => {
  const accepts = (input: unknown) => {
    const result = parsePatch(input);
    if (!result.ok) throw new Error(`expected ${JSON.stringify(input)} to parse: ${result.error.message}`);
    return result.ops;
  };
  const rejects = (input: unknown) => {
    const result = parsePatch(input);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-patch' } });
    if (!result.ok) expect(result.error.message).not.toBe('');
  };

  it('[P9] accepts each of the six operations', () => {
    const ops = [
      { op: 'add', path: '/a', value: { nested: [1, 'two', null, true] } },
      { op: 'remove', path: '/a' },
      { op: 'replace', path: '', value: 3.5 },
      { op: 'move', from: '/a', path: '/b' },
      { op: 'copy', from: '/b', path: '/c/-' },
      { op: 'test', path: '/a~1b/m~0n', value: null },
    ];
    expect(accepts(ops)).toEqual(ops);
  });

  it('[P9] accepts an empty patch', () => {
    expect(accepts([])).toEqual([]);
  });

  it('[P9] accepts null as a value', () => {
    expect(accepts([{ op: 'add', path: '/a', value: null }])).toEqual([{ op: 'add', path: '/a', value: null }]);
  });

  it('[P9] drops members an operation does not use', () => {
    expect(accepts([{ op: 'remove', path: '/a', value: 1, from: '/b' }])).toEqual([{ op: 'remove', path: '/a' }]);
  });

  it.each([
    ['an object', { op: 'add', path: '/a', value: 1 }],
    ['a string', '[{"op":"add","path":"/a","value":1}]'],
    ['null', null],
    ['undefined', undefined],
    ['a number', 7],
  ])('[P9] rejects %s, which is not an array, with invalid-patch', (_name, input) => {
    rejects(input);
  });

  it.each([
    ['add', { op: 'add', path: '/a' }],
    ['replace', { op: 'replace', path: '/a' }],
    ['test', { op: 'test', path: '/a' }],
  ])('[P9] rejects %s without a value with invalid-patch', (_name, op) => {
    rejects([op]);
  });

  it.each([
    ['move', { op: 'move', path: '/a' }],
    ['copy', { op: 'copy', path: '/a' }],
  ])('[P9] rejects %s without from with invalid-patch', (_name, op) => {
    rejects([op]);
  });

  it.each([
    ['an unknown op', { op: 'merge', path: '/a', value: 1 }],
    ['a missing op', { path: '/a', value: 1 }],
    ['an op in the wrong case', { op: 'ADD', path: '/a', value: 1 }],
    ['a missing path', { op: 'remove' }],
    ['a numeric path', { op: 'remove', path: 1 }],
    ['a path without a leading slash', { op: 'remove', path: 'a' }],
    ['a path with a bad escape', { op: 'remove', path: '/a~2' }],
    ['a from with a bad escape', { op: 'move', from: '/~', path: '/a' }],
    ['a from without a leading slash', { op: 'copy', from: 'a', path: '/b' }],
    ['an operation that is not an object', 'remove /a'],
    ['an operation that is null', null],
  ])('[P9] rejects %s with invalid-patch', (_name, op) => {
    rejects([op]);
  });

  it('[P9] rejects a bad operation after good ones', () => {
    rejects([
      { op: 'add', path: '/a', value: 1 },
      { op: 'remove', path: 'oops' },
    ]);
  });

  it.each([
    ['undefined', undefined],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a function', () => 1],
    ['a bigint', 1n],
    ['a Date', new Date(0)],
    ['undefined inside an array', [undefined]],
    ['undefined inside an object', { a: undefined }],
  ])('[P9] rejects a value that is not JSON (%s) with invalid-patch', (_name, value) => {
    rejects([{ op: 'add', path: '/a', value }]);
  });

  it(`[P9] accepts ${MAX_OPERATIONS_PER_PATCH} operations and rejects one more with invalid-patch`, () => {
    const op = { op: 'test', path: '', value: 1 };
    expect(accepts(Array.from({ length: MAX_OPERATIONS_PER_PATCH }, () => op))).toHaveLength(MAX_OPERATIONS_PER_PATCH);
    rejects(Array.from({ length: MAX_OPERATIONS_PER_PATCH + 1 }, () => op));
  });

  it.each([
    '/__proto__',
    '/__proto__/polluted',
    '/constructor',
    '/constructor/prototype/polluted',
    '/a/prototype',
    '/components/x/props/__proto__',
  ])('[P8] rejects a path through %s with invalid-patch', (path) => {
    for (const op of [
      { op: 'add', path, value: true },
      { op: 'replace', path, value: true },
      { op: 'remove', path },
      { op: 'test', path, value: true },
      { op: 'move', from: '/a', path },
      { op: 'copy', from: '/a', path },
    ]) {
      rejects([op]);
    }
  });

  it('[P8] rejects a reserved key written with escapes that unescape to it', () => {
    // "~0" and "~1" cannot spell "__proto__", but the check must run on the unescaped tokens anyway.
    rejects([{ op: 'add', path: '/a/__proto__', value: 1 }]);
    expect(parsePatch([{ op: 'add', path: '/a/__proto__~0', value: 1 }]).ok).toBe(true);
  });

  it.each(['/__proto__', '/constructor/prototype', '/x/prototype'])('[P8] rejects a from through %s with invalid-patch', (from) => {
    rejects([{ op: 'move', from, path: '/a' }]);
    rejects([{ op: 'copy', from, path: '/a' }]);
  });

  it.each([
    ['__proto__ at the top of the value', '{"__proto__":{"polluted":true}}'],
    ['__proto__ nested in an object', '{"a":{"b":{"__proto__":{"polluted":true}}}}'],
    ['__proto__ beside ordinary keys', '{"x":1,"__proto__":{"polluted":true}}'],
    ['__proto__ inside an array', '[1,{"__proto__":{"polluted":true}}]'],
    ['constructor at the top of the value', '{"constructor":{"prototype":{"polluted":true}}}'],
    ['constructor nested', '{"a":[{"constructor":1}]}'],
    ['prototype nested', '{"a":{"prototype":{"polluted":true}}}'],
  ])('[P8] rejects a value holding %s with invalid-patch', (_name, json) => {
    for (const op of ['add', 'replace', 'test']) {
      rejects(JSON.parse(`[{"op":"${op}","path":"/a","value":${json}}]`));
    }
  });

  it('[P8] allows reserved words as string values and as parts of longer keys', () => {
    const ops = [
      { op: 'add', path: '/proto', value: { name: '__proto__', list: ['constructor', 'prototype'], __proto: 1, prototypes: 2 } },
    ];
    expect(accepts(ops)).toEqual(ops);
  });

  it('[P8] leaves Object.prototype unpolluted after parsing and applying hostile patches', () => {
    const hostile = [
      '[{"op":"add","path":"/__proto__/polluted","value":true}]',
      '[{"op":"add","path":"/constructor/prototype/polluted","value":true}]',
      '[{"op":"replace","path":"/__proto__","value":{"polluted":true}}]',
      '[{"op":"add","path":"/a","value":{"__proto__":{"polluted":true}}}]',
      '[{"op":"add","path":"/a","value":{"constructor":{"prototype":{"polluted":true}}}}]',
      '[{"op":"copy","from":"/__proto__","path":"/a"}]',
      '[{"op":"move","from":"/constructor","path":"/a"}]',
    ];
    for (const json of hostile) {
      const parsed = parsePatch(JSON.parse(json));
      expect(parsed.ok, json).toBe(false);
      for (const inPlace of [false, true]) {
        // Even a caller that skipped parsePatch must not reach the prototype through a path.
        applyPatch({ a: {} } as Json, JSON.parse(json) as Operation[], { inPlace });
      }
    }
    expect(polluted().polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('[P8] parsed values are plain JSON that applies cleanly', () => {
    const ops = accepts(JSON.parse('[{"op":"add","path":"/a","value":{"b":[1,{"c":"d"}]}}]'));
    expect(applied(applyPatch({} as Json, ops))).toEqual({ a: { b: [1, { c: 'd' }] } });
  });
});

describe('[P11] canonical record', () => {
  const base = () => ({ a: ['x', 'y', 'z'], o: { k: { deep: 1 } } as Record<string, unknown> });

  it('[P11] spells out move and copy with their values, resolves "-" and leaves out test', () => {
    const result = applyPatch(
      base(),
      [
        { op: 'test', path: '/a/0', value: 'x' },
        { op: 'move', from: '/a/0', path: '/a/-' },
        { op: 'copy', from: '/o/k', path: '/o/j' },
        { op: 'add', path: '/a/-', value: 'w' },
        { op: 'replace', path: '/o/k/deep', value: 2 },
      ],
      { record: true },
    );
    expect(result.ok && result.applied).toEqual([
      { op: 'remove', path: '/a/0' },
      { op: 'add', path: '/a/2', value: 'x' },
      { op: 'add', path: '/o/j', value: { deep: 1 } },
      { op: 'add', path: '/a/3', value: 'w' },
      { op: 'replace', path: '/o/k/deep', value: 2 },
    ]);
  });

  it('[P11] records a change that replays to the same result, sharing nothing with it', () => {
    const ops: Operation[] = [
      { op: 'copy', from: '/o/k', path: '/o/j' },
      { op: 'move', from: '/a/2', path: '/a/0' },
    ];
    const result = applyPatch(base(), ops, { record: true, inPlace: true });
    if (!result.ok || !result.applied) throw new Error('expected a record');
    const replayed = applyPatch(base(), result.applied);
    expect(replayed.ok && replayed.doc).toEqual(result.doc);
    (result.doc.o.j as { deep: number }).deep = 99;
    expect(result.applied[0]).toEqual({ op: 'add', path: '/o/j', value: { deep: 1 } });
  });

  it('[P11] returns no record unless asked', () => {
    const result = applyPatch(base(), [{ op: 'add', path: '/a/-', value: 'w' }]);
    expect(result.ok && 'applied' in result).toBe(false);
  });
});

describe('[P8] applyPatch on its own', () => {
  it.each(['/__proto__/x', '/o/constructor', '/prototype'])('[P8] refuses the path %s with invalid-patch', (path) => {
    const result = applyPatch({ o: {} } as Record<string, unknown>, [{ op: 'add', path, value: 1 }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-patch' } });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('[P9] applyPatch on raw, unvalidated input', () => {
  const raw = (ops: unknown) => applyPatch({ a: 1, l: [1] } as Json, ops as Operation[]);

  it.each([
    ['a name on Object.prototype', { op: 'toString', path: '/a' }],
    ['fast-json-patch internal _get', { op: '_get', path: '/a' }],
    ['constructor', { op: 'constructor', path: '/a' }],
    ['__proto__', { op: '__proto__', path: '/a' }],
    ['upper case', { op: 'ADD', path: '/b', value: 1 }],
    ['no op', { path: '/a' }],
  ])('[P9] refuses an unknown op (%s) with invalid-patch', (_name, op) => {
    expect(raw([op])).toMatchObject({ ok: false, error: { code: 'invalid-patch' } });
  });

  it.each([
    ['null', null],
    ['a string', 'add'],
    ['an array', [{ op: 'add', path: '/b', value: 1 }]],
    ['a number path', { op: 'remove', path: 1 }],
    ['a missing path', { op: 'remove' }],
    ['a number from', { op: 'move', from: 0, path: '/b' }],
    ['a replace without value', { op: 'replace', path: '/a' }],
    ['a test without value', { op: 'test', path: '/a' }],
    ['undefined inside a value', { op: 'add', path: '/b', value: { x: undefined } }],
    ['NaN', { op: 'add', path: '/b', value: Number.NaN }],
    ['Infinity inside an array', { op: 'replace', path: '/a', value: [Number.POSITIVE_INFINITY] }],
    ['a function', { op: 'add', path: '/b', value: () => 1 }],
    ['a bigint', { op: 'add', path: '/b', value: 1n }],
    ['a Date', { op: 'add', path: '/b', value: new Date(0) }],
    ['a Map', { op: 'add', path: '/b', value: new Map() }],
  ])('[P9] refuses an operation with %s with invalid-patch, without throwing', (_name, op) => {
    expect(raw([op])).toMatchObject({ ok: false, error: { code: 'invalid-patch' } });
  });

  it('[P9] refuses a patch that is not a list', () => {
    expect(raw({ op: 'remove', path: '/a' })).toMatchObject({ ok: false, error: { code: 'invalid-patch' } });
    expect(raw(null)).toMatchObject({ ok: false, error: { code: 'invalid-patch' } });
  });

  it('[P1] a malformed operation after good ones rolls them back, in place too', () => {
    const input: Json = { a: 1, l: [1] };
    const result = applyPatch(input, [{ op: 'add', path: '/l/-', value: 2 }, { op: 'spam', path: '/a' }] as unknown as Operation[], {
      inPlace: true,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-patch', message: expect.stringMatching(/^operation 1 \(spam\)/) } });
    expect(input).toEqual({ a: 1, l: [1] });
  });

  it('[P8] refuses a value holding a prototype key given straight to applyPatch', () => {
    const value = JSON.parse('{"x":{"__proto__":{"polluted":true}}}') as Json;
    const input: Json = {};
    expect(applyPatch(input, [{ op: 'add', path: '/v', value }], { inPlace: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid-patch' },
    });
    expect(input).toEqual({});
    expect((polluted() as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('[P11] records only the members an operation uses', () => {
    const result = applyPatch({ a: 1 } as Json, [{ op: 'replace', path: '/a', value: 2, from: '/x', extra: 1 }] as unknown as Operation[], {
      record: true,
    });
    expect(result).toMatchObject({ ok: true, applied: [{ op: 'replace', path: '/a', value: 2 }] });
    if (result.ok) expect(Object.keys(result.applied?.[0] ?? {})).toEqual(['op', 'path', 'value']);
  });
});

it('[P9] a value nested deeper than the stack is invalid-patch, not a throw', () => {
  let value: Json = 1;
  for (let i = 0; i < 200_000; i++) value = [value];
  expect(applyPatch({} as Json, [{ op: 'add', path: '/deep', value }])).toMatchObject({ ok: false, error: { code: 'invalid-patch' } });
});
