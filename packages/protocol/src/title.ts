/**
 * The one title rule and the one default title, for the server (request bodies,
 * the page list), the home page's forms and new documents. A page's title is its
 * root `Page`'s `title` prop (README "Pages API").
 */
import { z } from 'zod';
import type { PageDocument } from './document.ts';

/** What a page is called until someone names it: the Page's `title` default and the list's fallback. */
export const DEFAULT_PAGE_TITLE = 'Untitled page';

export const MAX_PAGE_TITLE_LENGTH = 200;

/** A page title: trimmed, 1–200 characters. */
export const PageTitleSchema = z.string().trim().min(1).max(MAX_PAGE_TITLE_LENGTH);

/** `input` as the server would take it as a title (trimmed), or null when it would refuse it. */
export function normalisePageTitle(input: string): string | null {
  const parsed = PageTitleSchema.safeParse(input);
  return parsed.success ? parsed.data : null;
}

/** The title the page list shows: the root's `title` prop, or the default when it is missing or blank. */
export function pageTitleOf(doc: PageDocument): string {
  const title = doc.components[doc.rootId]?.props.title;
  return typeof title === 'string' && title.trim() !== '' ? title : DEFAULT_PAGE_TITLE;
}
