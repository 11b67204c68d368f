import { applyDocumentPatch, type PageDocument, starterDocument } from '@tandem/protocol';
import { expect, test } from 'vitest';
import { bumpHeadingPatch, firstHeadingId } from './heading.ts';

test('the first heading in document order gets the new text', () => {
  const doc = starterDocument();
  expect(firstHeadingId(doc)).toBe('hero-heading');
  const ops = bumpHeadingPatch(doc, 'Edited by Ann #1');
  expect(ops).toEqual([{ op: 'replace', path: '/components/hero-heading/props/text', value: 'Edited by Ann #1' }]);
  const result = applyDocumentPatch(doc, ops ?? []);
  expect(result.ok && result.doc.components['hero-heading']?.props.text).toBe('Edited by Ann #1');
});

test('document order is depth first, and ids are escaped in the pointer', () => {
  const doc: PageDocument = {
    rootId: 'root',
    components: {
      root: { id: 'root', type: 'Page', props: {}, children: ['s', 'h/2'] },
      s: { id: 's', type: 'Section', props: {}, children: ['t', 'h~1'] },
      t: { id: 't', type: 'Text', props: {}, children: [] },
      'h~1': { id: 'h~1', type: 'Heading', props: {}, children: [] },
      'h/2': { id: 'h/2', type: 'Heading', props: {}, children: [] },
    },
  };
  expect(firstHeadingId(doc)).toBe('h~1');
  expect(bumpHeadingPatch(doc, 'x')?.[0]?.path).toBe('/components/h~01/props/text');
});

test('no heading, no patch', () => {
  const doc: PageDocument = { rootId: 'root', components: { root: { id: 'root', type: 'Page', props: {}, children: [] } } };
  expect(bumpHeadingPatch(doc, 'x')).toBeNull();
});
