import { describe, expect, test } from 'vitest';
import { isUnsafeUrl, safeUrl } from './safe-url.ts';

describe('safeUrl', () => {
  test.each([
    'https://example.com',
    'http://example.com/a?b=c#d',
    'HTTPS://EXAMPLE.COM',
    'mailto:ann@example.com',
    '/about',
    './page',
    '../up',
    'page.html',
    '#top',
    '?q=1',
    '//cdn.example.com/x.png',
  ])('keeps %s', (url) => {
    expect(safeUrl(url)).toBe(url);
  });

  test.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'DATA:image/svg+xml;base64,PHN2Zz4=',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'blob:https://example.com/x',
    'ftp://example.com',
    'https://exa\u0000mple.com',
  ])('refuses %j', (url) => {
    expect(safeUrl(url)).toBeNull();
  });

  test('empty, blank and non-strings are inert', () => {
    expect(safeUrl('')).toBeNull();
    expect(safeUrl('   ')).toBeNull();
    expect(safeUrl(undefined)).toBeNull();
    expect(safeUrl(42)).toBeNull();
    expect(safeUrl({ href: 'https://x' })).toBeNull();
  });

  test('surrounding space is trimmed and backslashes read as slashes, as a browser would', () => {
    expect(safeUrl('  https://example.com  ')).toBe('https://example.com');
    expect(safeUrl('\\\\evil.com')).toBe('//evil.com');
  });

  test('isUnsafeUrl flags only non-empty refused values', () => {
    expect(isUnsafeUrl('')).toBe(false);
    expect(isUnsafeUrl('https://example.com')).toBe(false);
    expect(isUnsafeUrl('javascript:void(0)')).toBe(true);
  });
});
