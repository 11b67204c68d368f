/**
 * A uploads a real PNG from the Image's properties; the server stores it by its
 * sha256 and serves it immutable; both canvases show the decoded image from
 * /assets/<hash>. An SVG is refused with a message, and the src stays (SPEC U1–U5).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { addFromPalette, canvasNode, closeAll, pair, propField } from './helpers.ts';

const PNG = path.join(import.meta.dirname, '..', 'docs', 'two-people-editing.png');

test('an uploaded image is one edit: both people see it, served from its hash', async ({ browser }) => {
  test.setTimeout(60_000);
  const { a, b } = await pair(browser, 'image-upload');
  const id = await addFromPalette(a.page, 'Image');
  await expect(propField(a.page, 'src')).toBeVisible();

  // An SVG is refused before it is sent, and nothing changes.
  await a.page
    .getByTestId('image-upload-src')
    .setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
  await expect(a.page.getByTestId('image-upload-error-src')).toContainText('SVG');
  await expect(propField(a.page, 'src')).toHaveValue('');

  // HTML dressed as a PNG goes to the server, which reads its bytes and refuses it.
  await a.page
    .getByTestId('image-upload-src')
    .setInputFiles({ name: 'page.png', mimeType: 'image/png', buffer: Buffer.from('<!doctype html><script>alert(1)</script>') });
  await expect(a.page.getByTestId('image-upload-error-src')).toContainText('not a PNG, JPEG, GIF, WebP or AVIF');
  await expect(propField(a.page, 'src')).toHaveValue('');

  const bytes = readFileSync(PNG);
  const hash = createHash('sha256').update(bytes).digest('hex');
  await a.page.getByTestId('image-upload-src').setInputFiles(PNG);
  await expect(propField(a.page, 'src')).toHaveValue(`/assets/${hash}`);
  await expect(a.page.getByTestId('image-upload-error-src')).toHaveCount(0);

  for (const { page } of [a, b]) {
    const img = canvasNode(page, id).locator('img');
    await expect(img).toHaveAttribute('src', `/assets/${hash}`);
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(100);
  }
  const served = await a.page.request.get(`/assets/${hash}`);
  expect(served.status()).toBe(200);
  expect(served.headers()['content-type']).toBe('image/png');
  expect(served.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(served.headers()['x-content-type-options']).toBe('nosniff');
  expect(Buffer.from(await served.body()).equals(bytes)).toBe(true);
  await closeAll(a, b);
});
