/** Reading an import file: an export file, a bare document, or a clear refusal. */
import { EXPORT_KIND, templateDocument } from '@tandem/protocol';
import { expect, test } from 'vitest';
import { importRequest } from './ImportPageForm.tsx';

test('an export file gives its title, document and format', () => {
  const document = templateDocument('landing', 'Spring');
  const file = { kind: EXPORT_KIND, formatVersion: 1, title: 'Spring', version: 4, exportedAt: 1, document };
  expect(importRequest(JSON.stringify(file), 'spring.json')).toEqual({ title: 'Spring', document, formatVersion: 1 });
});

test('a bare document is titled after its file; an export without a title too', () => {
  const document = templateDocument('blank', 'x');
  expect(importRequest(JSON.stringify(document), 'My page.json')).toEqual({ title: 'My page', document });
  const untitled = { kind: EXPORT_KIND, formatVersion: 1, title: '  ', version: 0, exportedAt: 1, document };
  expect(importRequest(JSON.stringify(untitled), 'a.json')).toMatchObject({ title: 'a' });
});

test('anything else is refused before it reaches the server', () => {
  expect(importRequest('not json', 'x.json')).toEqual({ error: expect.stringContaining('not JSON') });
  expect(importRequest('[1,2]', 'x.json')).toEqual({ error: expect.stringContaining('not a Tandem page') });
  expect(importRequest('{"kind":"other"}', 'x.json')).toEqual({ error: expect.stringContaining('not a Tandem page') });
});
