import { describe, expect, it } from 'vitest';
import type { Operation } from './patch.ts';
import { jsonSize, patchCost } from './patch-budget.ts';

const budget = { patchBytes: 10_000, documentBytes: 50_000, components: 10 };
const doc = { rootId: 'root', components: { root: { id: 'root', type: 'Page', props: { title: 'x'.repeat(4000) }, children: [] } } };
const measure = { bytes: jsonSize(doc), components: 1 };

describe('patch budget', () => {
  it('[L3] sizes JSON close to its serialization, and stops early past a cap', () => {
    const value = { a: [1, 'two', true, null], 'é': 'ü' };
    // {"a":[1,"two",true,null],"é":"ü"} is 34 bytes of UTF-8 (é and ü take two each).
    expect(Math.abs(jsonSize(value) - 34)).toBeLessThanOrEqual(2);
    expect(jsonSize('x'.repeat(1_000_000), 100)).toBeGreaterThan(100);
  });

  it('[L3] counts a copy at the size of its source and refuses a patch too big once spelled out', () => {
    const one: Operation[] = [{ op: 'copy', from: '/components/root/props/title', path: '/components/root/props/alt' }];
    const ok = patchCost(doc, one, measure, budget);
    expect(ok.ok && ok.cost.bytes).toBeGreaterThan(4000);
    const three = [0, 1, 2].map((i) => ({ op: 'copy', from: '/components/root/props/title', path: `/components/root/props/t${i}` }) as Operation);
    expect(patchCost(doc, three, measure, budget)).toMatchObject({ ok: false, error: { code: 'patch-too-large' } });
  });

  it('[L3] sees through nested copies: a source an earlier operation changed counts as the whole document', () => {
    // Each copy doubles /a; measured against the document before the patch, /a would look empty.
    const ops: Operation[] = [{ op: 'add', path: '/a', value: { x: 'y'.repeat(100) } }];
    for (let i = 0; i < 30; i++) ops.push({ op: 'copy', from: '/a', path: `/a/c${i}` });
    const small = { bytes: 200, components: 1 };
    expect(patchCost({ rootId: 'r', components: {} }, ops, small, { ...budget, patchBytes: 1_000_000 })).toMatchObject({
      ok: false,
      error: { code: 'patch-too-large' },
    });
  });

  it('[L4] refuses growth past the document budget and components past their number, before applying', () => {
    // 10,000 characters in place of 4,000: the page grows by 6,000, past 50,000.
    const big: Operation[] = [{ op: 'replace', path: '/components/root/props/title', value: 'z'.repeat(10_000) }];
    const roomy = { ...budget, patchBytes: 100_000 };
    expect(patchCost(doc, big, { bytes: 45_000, components: 1 }, roomy)).toMatchObject({ ok: false, error: { code: 'document-too-large' } });
    expect(patchCost(doc, big, { bytes: 43_000, components: 1 }, roomy).ok).toBe(true);
    const many = Array.from({ length: 10 }, (_, i) => ({ op: 'add', path: `/components/c${i}`, value: {} }) as Operation);
    expect(patchCost(doc, many, measure, budget)).toMatchObject({ ok: false, error: { code: 'document-too-large' } });
    expect(patchCost(doc, many.slice(0, 9), measure, budget).ok).toBe(true);
  });

  it('[L4] subtracts what a replace frees, so typing in a long text does not grow the page', () => {
    const typing: Operation[] = [{ op: 'replace', path: '/components/root/props/title', value: `${'x'.repeat(4000)}!` }];
    const result = patchCost(doc, typing, measure, budget);
    expect(result.ok && result.cost.growth).toBeLessThanOrEqual(1);
    // Unless an earlier operation of the patch changed it: then nothing is subtracted.
    const twice: Operation[] = [
      { op: 'replace', path: '/components/root/props/title', value: 'short' },
      { op: 'replace', path: '/components/root/props/title', value: 'x'.repeat(4000) },
    ];
    const second = patchCost(doc, twice, measure, budget);
    expect(second.ok && second.cost.growth).toBeGreaterThan(0);
  });
});
