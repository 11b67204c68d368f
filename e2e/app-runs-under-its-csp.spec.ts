/**
 * The built app is served with a Content-Security-Policy that allows no inline
 * script and no framing, and works under it: the editor loads, connects its
 * socket and takes an edit. Nothing of the app is inline script.
 */
import { expect, test } from '@playwright/test';
import { enter, expectCanvasText, propField, selectOnCanvas, signIn, status, uniquePageId } from './helpers.ts';

test('the editor runs under a CSP without inline script, and cannot be framed', async ({ page }) => {
  const blocked: string[] = [];
  page.on('console', (message) => {
    // zod probes whether it may compile code (it may not, and does without); anything else refused is a bug.
    if (/Content Security Policy/i.test(message.text()) && !/unsafe-eval/.test(message.text())) blocked.push(message.text());
  });
  const { cookie } = await signIn(page.context(), 'Alice Heron');
  const pageId = await enter(page.context(), uniquePageId('csp'), cookie);
  const response = await page.goto(`/p/${pageId}`);
  const csp = response?.headers()['content-security-policy'] ?? '';
  const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
  // Scripts only from the app's own files; inline styles are allowed (the generated page stylesheet, SPEC S13).
  expect(directive('script-src')).toBe("script-src 'self'");
  expect(directive('default-src')).toBe("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(response?.headers()['x-frame-options']).toBe('DENY');
  expect(response?.headers()['x-content-type-options']).toBe('nosniff');

  await expect(status(page)).toHaveAttribute('data-state', 'connected');
  const inline = await page.evaluate(() => [...document.querySelectorAll('script')].filter((s) => !s.src).length);
  expect(inline).toBe(0);
  await selectOnCanvas(page, 'hero-heading');
  await propField(page, 'text').fill('Edited under the CSP');
  await expectCanvasText(page, 'hero-heading', 'Edited under the CSP');
  expect(blocked).toEqual([]);
});
