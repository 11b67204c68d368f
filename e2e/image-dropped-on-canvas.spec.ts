/**
 * An image file dropped on the canvas (issue 14, "Images"): A drops a PNG beside
 * a Heading; it is uploaded once and becomes one new Image with the /assets/<hash>
 * src, for A and for B, placed where it was dropped; A's alt-text prompt asks for
 * its description; one undo takes it away for both (and redo brings it back). Dropped on that Image, a
 * second file replaces its src instead; a file the server refuses changes nothing
 * and says why; a pasted file lands where a pasted component would.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { canvasNode, canvasTree, closeAll, pair, waitForNewNode } from './helpers.ts';

const FIRST = path.join(import.meta.dirname, '..', 'docs', 'two-people-editing.png');
const SECOND = path.join(import.meta.dirname, '..', 'docs', 'screenshots', 'event-375.png');
const hashOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Drops `bytes` on the canvas node `id`, in its upper half, the way a file from the desktop arrives. */
async function dropFileOn(page: Page, id: string, bytes: Buffer, name: string): Promise<void> {
  const node = canvasNode(page, id);
  const box = await node.boundingBox();
  if (!box) throw new Error(`canvas node ${id} is not on screen`);
  const transfer = await page.evaluateHandle(
    ({ bytes, name }) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
      return data;
    },
    { bytes: [...bytes], name },
  );
  // Off the node's edge (where a drop goes beside a container), in its upper half (before it).
  const at = { clientX: box.x + box.width / 2, clientY: box.y + Math.min(box.height / 4, 12) };
  await node.dispatchEvent('dragover', { dataTransfer: transfer, ...at });
  await node.dispatchEvent('drop', { dataTransfer: transfer, ...at });
}

test('a PNG dropped on the canvas is one new Image for both people, asks for alt text, and one undo removes it', async ({ browser }) => {
  test.setTimeout(90_000);
  const { a, b } = await pair(browser, 'image-dropped');
  const tree = await canvasTree(a.page);
  const heading = tree.find((entry) => entry.type === 'Heading');
  if (!heading) throw new Error('the starter page has no Heading');
  const before = tree.map((entry) => entry.id);

  const bytes = readFileSync(FIRST);
  const hash = hashOf(bytes);
  await dropFileOn(a.page, heading.id, bytes, 'two-people-editing.png');
  const { id } = await waitForNewNode(a.page, 'Image', before, 15_000);

  for (const { page } of [a, b]) {
    const img = canvasNode(page, id).locator('img');
    await expect(img).toHaveAttribute('src', `/assets/${hash}`);
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(100);
    // Where it was dropped: just before the Heading, in the Heading's parent.
    await expect
      .poll(async () => {
        const now = await canvasTree(page);
        const image = now.find((entry) => entry.id === id);
        const next = now.find((entry) => entry.id === heading.id);
        return image && next ? `${image.parent}:${image.index + 1 === next.index}` : null;
      })
      .toBe(`${heading.parent}:true`);
  }
  // The new Image is selected, and its alt prompt asks (and takes the focus), as after an upload in the field.
  await expect(a.page.getByTestId('alt-prompt')).toBeVisible();
  await expect(a.page.getByTestId('alt-prompt-input')).toBeFocused();
  await expect(a.page.getByTestId('canvas-uploading')).toHaveCount(0);

  // The upload and the Image with its src were one edit: one undo takes it away for both, one redo brings it back.
  await a.page.getByTestId('undo').click();
  for (const { page } of [a, b]) await expect(canvasNode(page, id)).toHaveCount(0);
  await a.page.getByTestId('redo').click();
  for (const { page } of [a, b]) await expect(canvasNode(page, id).locator('img')).toHaveAttribute('src', `/assets/${hash}`);

  // A second file dropped on that Image replaces its picture: no new component.
  const second = readFileSync(SECOND);
  await dropFileOn(a.page, id, second, 'event-375.png');
  for (const { page } of [a, b]) await expect(canvasNode(page, id).locator('img')).toHaveAttribute('src', `/assets/${hashOf(second)}`);
  expect((await canvasTree(a.page)).filter((entry) => entry.type === 'Image')).toHaveLength(1);

  // Something that is not an image is refused by the server: said in words, and the page is as it was.
  await dropFileOn(a.page, heading.id, Buffer.from('<!doctype html><script>alert(1)</script>'), 'page.png');
  await expect(a.page.getByTestId('notice')).toContainText('not a PNG, JPEG, GIF, WebP or AVIF');
  expect((await canvasTree(a.page)).filter((entry) => entry.type === 'Image')).toHaveLength(1);

  // Pasted (Ctrl/Cmd+V with a file in the clipboard, the focus not in a text field): where a pasted Image goes,
  // right after the selected Image.
  const imagesBefore = (await canvasTree(a.page)).map((entry) => entry.id);
  await a.page.evaluate((bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], 'pasted.png', { type: 'image/png' }));
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, [...bytes]);
  const pasted = await waitForNewNode(a.page, 'Image', imagesBefore, 15_000);
  for (const { page } of [a, b]) {
    await expect(canvasNode(page, pasted.id).locator('img')).toHaveAttribute('src', `/assets/${hash}`);
    const now = await canvasTree(page);
    expect(now.find((entry) => entry.id === pasted.id)?.index).toBe((now.find((entry) => entry.id === id)?.index ?? -2) + 1);
  }
  await a.page.getByTestId('undo').click();
  for (const { page } of [a, b]) await expect(canvasNode(page, pasted.id)).toHaveCount(0);

  // The replacement was one edit too: one undo puts the first picture back, for both.
  await a.page.getByTestId('undo').click();
  for (const { page } of [a, b]) await expect(canvasNode(page, id).locator('img')).toHaveAttribute('src', `/assets/${hash}`);
  await closeAll(a, b);
});
