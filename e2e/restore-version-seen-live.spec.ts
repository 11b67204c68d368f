/**
 * Version history: A previews an old version read-only (B's page is untouched
 * by that), then restores it; B, who only watches, sees the old content come
 * back live. The page as it was before the restore stays in the history, and
 * restoring that brings A's and B's edits back, for both.
 */
import { expect, test } from '@playwright/test';
import { closeAll, createSharedPage, expectCanvasText, pairOn, propField, selectOnCanvas } from './helpers.ts';

test('A restores an old version; B sees it live, and the version before it can be restored back', async ({ browser }) => {
  const { a, b } = await pairOn(browser, await createSharedPage('Launch as first written', 'landing'));
  const A = a.page;
  const B = b.page;

  // Both edit the page after it was created.
  await selectOnCanvas(A, 'hero-heading');
  await propField(A, 'text').fill('Launch as Alice rewrote it');
  await selectOnCanvas(B, 'cta-heading');
  await propField(B, 'text').fill('Bob asks: ready?');
  await expectCanvasText(B, 'hero-heading', 'Launch as Alice rewrote it');
  await expectCanvasText(A, 'cta-heading', 'Bob asks: ready?');

  // A opens the history: version 0 is the page as created.
  await A.getByTestId('history-toggle').click();
  const panel = A.getByTestId('history-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('Restoring keeps the current version in history');
  await expect(A.getByTestId('history-item-0')).toContainText('Page created');

  // Preview: the old page, read-only, where A's canvas was; nothing changes for B.
  await A.getByTestId('history-item-0').click();
  const preview = A.getByTestId('history-preview');
  await expect(preview).toHaveAttribute('data-state', 'ready');
  await expect(preview).toContainText('Previewing version 0');
  await expect(preview.getByTestId('canvas-node-hero-heading')).toHaveText('Launch as first written');
  await expect(preview.getByTestId('canvas-node-cta-heading')).toHaveText('Ready to start?');
  await expect(A.getByTestId('palette')).toHaveCount(0);
  await expect(A.getByTestId('properties')).toHaveCount(0);
  await expectCanvasText(B, 'hero-heading', 'Launch as Alice rewrote it');

  // Restore: B sees the old content appear live, without reloading; A is back to live editing.
  await A.getByTestId('history-restore').click();
  await expectCanvasText(B, 'hero-heading', 'Launch as first written');
  await expectCanvasText(B, 'cta-heading', 'Ready to start?');
  await expect(A.getByTestId('history-restored')).toContainText('Version 0 is the live page again');
  await expect(A.getByTestId('history-preview')).toHaveCount(0);
  await expect(A.getByTestId('palette')).toBeVisible();
  await expectCanvasText(A, 'hero-heading', 'Launch as first written');

  // The page as it was just before is in the history, with who made it so; restoring it brings the edits back.
  await A.getByTestId('history-toggle').click();
  const before = A.getByTestId(/^history-item-[1-9]/)
    .filter({ hasText: 'Alice Heron' })
    .filter({ hasText: 'Bob Otter' });
  await expect(before.first()).toBeVisible();
  await before.first().click();
  await expect(A.getByTestId('history-preview')).toHaveAttribute('data-state', 'ready');
  await expect(A.getByTestId('history-preview').getByTestId('canvas-node-hero-heading')).toHaveText('Launch as Alice rewrote it');
  await A.getByTestId('history-restore').click();
  await expectCanvasText(B, 'hero-heading', 'Launch as Alice rewrote it');
  await expectCanvasText(B, 'cta-heading', 'Bob asks: ready?');
  await expectCanvasText(A, 'cta-heading', 'Bob asks: ready?');
  await closeAll(a, b);
});
