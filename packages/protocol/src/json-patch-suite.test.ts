/**
 * The public JSON Patch test suite (npm `json-patch-test-suite`: tests.json and
 * spec_tests.json, the RFC 6902 examples), run against `applyPatch` exactly as
 * given: raw, unvalidated operations. Each case runs in both modes (pure on a
 * deep-frozen input, and in place), which must agree; a case with `error` must
 * fail without changing its input (P1), one with `expected` must give it, and
 * one with neither must apply. The suite's `disabled` cases stay disabled: they
 * are JSON documents with a duplicated `op` member, which a JSON parser has
 * already collapsed before any patch code sees them.
 */
import spec from 'json-patch-test-suite/spec_tests.json' with { type: 'json' };
import tests from 'json-patch-test-suite/tests.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { cloneJson, type Json } from './json.ts';
import { applyPatch, type Operation } from './patch.ts';

interface SuiteCase {
  comment?: string;
  doc?: unknown;
  patch?: unknown;
  expected?: unknown;
  error?: string;
  disabled?: boolean;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

function run(file: string, cases: readonly SuiteCase[]) {
  const enabled = cases.filter((c) => c.disabled !== true && 'doc' in c && 'patch' in c);
  describe(file, () => {
    it.each(enabled.map((c, i) => [c.comment ?? `case ${i}`, c] as const))('[P1] [P2] [P9] %s', (_name, c) => {
      const ops = c.patch as Operation[];
      const pure = applyPatch(deepFreeze(cloneJson(c.doc as Json)), cloneJson(ops));
      const target = cloneJson(c.doc as Json);
      const inPlace = applyPatch(target, cloneJson(ops), { inPlace: true });
      expect(inPlace.ok).toBe(pure.ok);
      if (c.error !== undefined) {
        expect(pure).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(invalid-patch|patch-failed)$/) } });
        expect(target).toEqual(c.doc);
        return;
      }
      if (!pure.ok || !inPlace.ok) throw new Error(`expected the patch to apply: ${pure.ok ? '' : pure.error.message}`);
      expect(inPlace.doc).toEqual(pure.doc);
      if ('expected' in c) expect(pure.doc).toEqual(c.expected);
    });
  });
}

run('tests.json', tests as SuiteCase[]);
run('spec_tests.json', spec as SuiteCase[]);

it('[P9] runs every enabled case of both files (91)', () => {
  const enabled = [...tests, ...spec].filter((c) => (c as SuiteCase).disabled !== true && 'patch' in c);
  expect(enabled).toHaveLength(91);
});
