/**
 * The page's images end to end (SPEC U6, U7, U9): A chooses a file for an Image, the
 * alt-text prompt takes the focus and is answered; both people's assets panels
 * list the image with its size and use; a second image dropped on the panel is
 * listed as not used yet, and a click puts it in the selected Image; the unused
 * first one is taken off the page's list (U9). Fit, aspect
 * ratio and radius change the computed style in both browsers; a broken address
 * shows the designed placeholder, a `javascript:` one says why it was refused.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { addFromPalette, canvasNode, closeAll, pair, propField } from './helpers.ts';

const FIRST = path.join(import.meta.dirname, '..', 'docs', 'two-people-editing.png');
const SECOND = path.join(import.meta.dirname, '..', 'docs', 'screenshots', 'event-375.png');
const hashOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const assetItem = (page: Page, hash: string) => page.getByTestId('asset-item').and(page.locator(`[data-url="/assets/${hash}"]`));

/** Drops `file` on `testId` the way a file from the desktop arrives: a drop event whose DataTransfer holds it. */
async function dropFile(page: Page, testId: string, file: string): Promise<void> {
  const bytes = [...readFileSync(file)];
  const transfer = await page.evaluateHandle(
    ({ bytes, name }) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
      return data;
    },
    { bytes, name: path.basename(file) },
  );
  await page.getByTestId(testId).dispatchEvent('dragover', { dataTransfer: transfer });
  await page.getByTestId(testId).dispatchEvent('drop', { dataTransfer: transfer });
}

test('upload, describe, list, reuse and frame an image; broken and refused sources show the placeholder', async ({ browser }) => {
  test.setTimeout(180_000);
  const { a, b } = await pair(browser, 'image-assets');
  const id = await addFromPalette(a.page, 'Image');

  // Not described yet: the prompt is there from the start, and takes the focus after the upload.
  await expect(a.page.getByTestId('alt-prompt')).toBeVisible();
  const first = hashOf(FIRST);
  await a.page.getByTestId('image-upload-src').setInputFiles(FIRST);
  await expect(propField(a.page, 'src')).toHaveValue(`/assets/${first}`);
  await expect(a.page.getByTestId('alt-prompt-input')).toBeFocused();
  await a.page.keyboard.type('Two people editing one page');
  await a.page.keyboard.press('Enter');
  await expect(a.page.getByTestId('alt-prompt')).toHaveCount(0);
  await expect(propField(a.page, 'alt')).toHaveValue('Two people editing one page');

  // Both panels list it: a thumbnail, its size, and where it is used.
  for (const { page } of [a, b]) {
    const item = assetItem(page, first);
    await expect(item).toBeVisible();
    await expect(item.getByTestId('asset-size')).toHaveText(`${Math.round(readFileSync(FIRST).length / 1024)} KB · PNG`);
    await expect(item.getByTestId('asset-use')).toHaveText('Image');
    await expect(canvasNode(page, id).locator('img')).toHaveAttribute('alt', 'Two people editing one page');
  }
  // B clicks the use: the Image is selected for B.
  await assetItem(b.page, first).getByTestId('asset-use').click();
  await expect(b.page.getByTestId('properties')).toContainText(id);

  // A second image dropped on the panel is the page's, not used yet. (B's panel hears of it once the page uses it:
  // an upload alone changes no document, so nothing tells B's tab.)
  const second = hashOf(SECOND);
  await dropFile(a.page, 'assets-panel', SECOND);
  await expect(assetItem(a.page, second)).toContainText('Not used yet');
  // With the Image selected, a click on the thumbnail puts it in.
  await assetItem(a.page, second)
    .getByRole('button', { name: /Put in the selected image/ })
    .click();
  await expect(propField(a.page, 'src')).toHaveValue(`/assets/${second}`);
  await expect(canvasNode(b.page, id).locator('img')).toHaveAttribute('src', `/assets/${second}`);
  // The first is still the page's (uploaded for it), now unused, in both panels.
  for (const { page } of [a, b]) {
    await expect(assetItem(page, second).getByTestId('asset-use')).toHaveText('Image');
    await expect(assetItem(page, first)).toContainText('Not used yet');
  }
  // A takes the unused first image off the page's list (SPEC U9); the image itself is still served (history may show it).
  await assetItem(a.page, first).getByTestId('asset-remove').click();
  await expect(assetItem(a.page, first)).toHaveCount(0);
  await expect(a.page.getByTestId('assets-error')).toHaveCount(0);
  expect((await a.page.request.get(`/assets/${first}`)).status()).toBe(200);

  // Fit, aspect ratio and radius: the computed style of the picture, in both browsers.
  await propField(a.page, 'fit').selectOption('contain');
  await propField(a.page, 'aspectRatio').selectOption('4:3');
  await propField(a.page, 'radius').fill('24');
  for (const { page } of [a, b]) {
    const img = canvasNode(page, id).locator('img');
    await expect
      .poll(() =>
        img.evaluate((el) => {
          const style = getComputedStyle(el);
          return [style.objectFit, style.aspectRatio, style.borderTopLeftRadius];
        }),
      )
      .toEqual(['contain', '4 / 3', '24px']);
    const box = await img.boundingBox();
    expect(Math.round(((box?.height ?? 0) / (box?.width ?? 1)) * 100)).toBe(75);
  }

  // A broken address: the designed placeholder (never the browser's broken icon), in the frame's shape.
  await propField(a.page, 'src').fill(`/assets/${'0'.repeat(64)}`);
  for (const { page } of [a, b]) {
    const placeholder = canvasNode(page, id).getByTestId('image-placeholder');
    await expect(placeholder).toHaveAttribute('data-reason', 'broken');
    await expect(placeholder).toContainText('could not be loaded');
    expect(await placeholder.evaluate((el) => [getComputedStyle(el).aspectRatio, getComputedStyle(el).borderTopLeftRadius])).toEqual([
      '4 / 3',
      '24px',
    ]);
  }
  // A javascript: address is refused, and the placeholder says why.
  await propField(a.page, 'src').fill('javascript:alert(1)');
  for (const { page } of [a, b]) {
    const placeholder = canvasNode(page, id).getByTestId('image-placeholder');
    await expect(placeholder).toHaveAttribute('data-reason', 'refused');
    await expect(placeholder).toContainText('never javascript:');
  }

  // "Decorative" answers the prompt on purpose: alt="" on the page.
  const other = await addFromPalette(a.page, 'Image');
  await a.page.getByTestId('alt-prompt-decorative').click();
  await expect(a.page.getByTestId('alt-prompt')).toHaveCount(0);
  await expect(propField(a.page, 'decorative')).toBeChecked();
  await propField(a.page, 'src').fill(`/assets/${first}`);
  await expect(canvasNode(b.page, other).locator('img')).toHaveAttribute('alt', '');
  await closeAll(a, b);
});
