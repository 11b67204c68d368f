/** The protocol's title rule (the server's own): trimmed, 1–200 characters. */
import { MAX_PAGE_TITLE_LENGTH, normalisePageTitle } from '@tandem/protocol';

export const MAX_TITLE = MAX_PAGE_TITLE_LENGTH;
export const normaliseTitle = normalisePageTitle;
