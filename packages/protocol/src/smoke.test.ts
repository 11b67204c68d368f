import { expect, test } from 'vitest';
import { applyDocumentPatch, cloneJson, starterDocument, validateDocument } from './index.ts';
test('smoke', () => {
  const doc = starterDocument();
  expect(validateDocument(doc)).toEqual([]);
  const r = applyDocumentPatch(doc, [{ op: 'replace', path: '/components/hero-heading/props/text', value: 'Hi' }]);
  expect(r.ok).toBe(true);
  const bad = applyDocumentPatch(doc, [{ op: 'add', path: '/components/hero/children/-', value: 'root' }]);
  expect(bad).toMatchObject({ ok: false, error: { code: 'schema-violation' } });
  const inPlace = cloneJson(doc);
  const bad2 = applyDocumentPatch(
    inPlace,
    [
      { op: 'replace', path: '/components/hero-heading/props/text', value: 'X' },
      { op: 'remove', path: '/components/hero-text' },
    ],
    { inPlace: true },
  );
  expect(bad2.ok).toBe(false);
  expect(inPlace).toEqual(doc);
});
