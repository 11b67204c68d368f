/**
 * Every message a person sees, in their words (issue 11, bug 6). The client and the
 * server speak in codes and developer sentences ("ticket request failed: Failed to
 * fetch"); this is the one place the editor turns them into something a person can
 * act on. Unknown codes get a plain fallback rather than the raw text.
 */

const BY_CODE: Record<string, string> = {
  ticket: 'Can’t reach the Tandem server. Trying again; your edits stay in this window until it is back.',
  'page-deleted': 'This page was deleted.',
  'not-synced': 'The page is still loading. Try again in a moment.',
  closed: 'This window is no longer connected to the page. Reload to keep editing.',
  'edit-dropped': 'One of your changes no longer fit after someone else’s edits and was undone here.',
  'patch-failed': 'That change clashed with someone else’s edit and was undone here.',
  'schema-violation': 'That change would have broken the page, so it was not made.',
  'invalid-patch': 'That change could not be saved, so it was undone here.',
  'too-large': 'That change is too big to save in one go. Try a smaller one.',
  'patch-too-large': 'That change is too big to save in one go. Try a smaller one.',
  'document-too-large': 'The page is full: it cannot grow any more. Remove something first.',
  'rate-limited': 'You are making changes faster than the server accepts. Slow down for a moment.',
  'bad-frame': 'The connection to the server was garbled. Reconnecting.',
  'version-unavailable': 'That version of the page is no longer available.',
};

const FALLBACK = 'Something went wrong, and that change was not saved.';

const sentence = (text: string): string => {
  const trimmed = text.trim();
  if (trimmed === '') return FALLBACK;
  const capital = trimmed[0]?.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

/** Codes whose message the editor wrote for people: a refused edit, a deletion others were working in, a restore, a refused image upload. */
const PEOPLE_SENTENCES = new Set(['edit-refused', 'deleted-in-use', 'version-restored', 'upload-refused']);

/**
 * A notice for a person. `edit-refused` comes from the editor store, whose reasons are
 * already written for people ("A Columns block has room for at most 4 columns…").
 */
export function humanNotice(notice: { code: string; message: string }): string {
  // The editor store's own notices are already sentences for people: who deleted or restored what.
  if (PEOPLE_SENTENCES.has(notice.code)) return sentence(notice.message);
  return BY_CODE[notice.code] ?? FALLBACK;
}

/** Why a page cannot be opened at all, from the client's `fatal` reason. */
export function humanFatal(fatal: string): string {
  const status = /\((\d{3})\)/.exec(fatal)?.[1];
  if (status === '410') return 'This page was deleted.';
  if (status === '404') return 'There is no page at this address.';
  if (status === '400') return 'This address does not name a page: a page address uses only letters, digits, “-” and “_”.';
  if (status === '401' || status === '403') return 'You do not have access to this page.';
  return 'This page cannot be opened right now.';
}
