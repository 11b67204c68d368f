/**
 * Whether a URL written by a peer may become a live `href` or `src`.
 *
 * Anyone on a page can write any string into a url prop, so the canvas only
 * follows what is plainly safe: http(s) and mailto URLs, and relative ones
 * (`/about`, `./x`, `#top`, `?q=1`, `page.html`). Anything with another scheme
 * (`javascript:`, `data:`, `vbscript:`, `file:`…) is refused, including the
 * spellings browsers forgive: leading spaces or control characters, tabs and
 * newlines inside the scheme, upper case, and `\` for `/`.
 */

const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** The URL to use as `href`/`src`, or null when it must stay inert. */
export function safeUrl(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  // Browsers strip leading/trailing C0 controls and spaces, and remove tabs and newlines anywhere.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what must be removed
  const url = input.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  if (url === '') return null;
  // Any other control character has no business in a link.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: see above
  if (/[\u0000-\u001f\u007f]/.test(url)) return null;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
  if (scheme) return ALLOWED_SCHEMES.has(`${(scheme[1] as string).toLowerCase()}:`) ? url : null;
  // No scheme: relative. `//host` is protocol-relative (the page's own scheme, so http(s)): allowed.
  // A `\` is read as `/` by browsers; `/\evil.com` would be protocol-relative too, so normalise it away.
  return url.replace(/\\/g, '/');
}

/** True when `safeUrl` would refuse a non-empty value: the properties panel warns about it. */
export function isUnsafeUrl(input: string): boolean {
  return input.trim() !== '' && safeUrl(input) === null;
}
