import { expect, it } from 'vitest';
import { CreatePageRequestSchema } from './pages.ts';
import { getDefinition } from './registry.ts';
import { starterDocument } from './starter.ts';
import { DEFAULT_PAGE_TITLE, MAX_PAGE_TITLE_LENGTH, normalisePageTitle, pageTitleOf } from './title.ts';

it('[M6] a title is trimmed, then 1–200 characters: the same rule for the forms and the server', () => {
  expect(normalisePageTitle('  Launch  ')).toBe('Launch');
  expect(normalisePageTitle('   ')).toBeNull();
  expect(normalisePageTitle('x'.repeat(MAX_PAGE_TITLE_LENGTH))).toHaveLength(200);
  expect(normalisePageTitle('x'.repeat(MAX_PAGE_TITLE_LENGTH + 1))).toBeNull();
  for (const input of ['a', ' b ', '', 'y'.repeat(201)]) {
    const parsed = CreatePageRequestSchema.safeParse({ title: input });
    expect(parsed.success ? parsed.data.title : null).toBe(normalisePageTitle(input));
  }
});

it('[M6] one default title: the Page field, a new document and the list fallback', () => {
  expect(DEFAULT_PAGE_TITLE).toBe('Untitled page');
  expect(getDefinition('Page')?.fields.title?.default).toBe(DEFAULT_PAGE_TITLE);
  const doc = starterDocument();
  expect(pageTitleOf(doc)).toBe(DEFAULT_PAGE_TITLE);
  (doc.components[doc.rootId] as { props: Record<string, unknown> }).props.title = '  ';
  expect(pageTitleOf(doc)).toBe(DEFAULT_PAGE_TITLE);
  expect(pageTitleOf(starterDocument('Pricing'))).toBe('Pricing');
});
