/**
 * Issue 11, bug 7 (SPEC H1, H2): after a restore, History says which version is
 * the restore and which is the page just before it, with who and when; a person
 * who edited and left has their session's end marked. The other person is told
 * who restored, and their Undo starts again from the restored page.
 */
import { expect, test } from '@playwright/test';
import { closeAll, createSharedPage, expectCanvasText, pairOn, propField, selectOnCanvas } from './helpers.ts';

test('[H1][H2][#11 bug 7] History labels the restore, the version before it and a session end, each with who', async ({ browser }) => {
  test.slow(); // two browsers, many steps, a busy machine
  const { a, b } = await pairOn(browser, await createSharedPage('Labelled history', 'starter'));
  const A = a.page;
  const B = b.page;

  // Both edit.
  await selectOnCanvas(A, 'hero-heading');
  await propField(A, 'text').fill('Alice’s heading');
  await selectOnCanvas(B, 'hero-text');
  await propField(B, 'text').fill('Bob’s text');
  await expectCanvasText(A, 'hero-text', 'Bob’s text');
  await expect(B.getByTestId('undo')).toBeEnabled();

  // Alice restores the page as it was created.
  await A.getByTestId('history-toggle').click();
  await A.getByTestId('history-item-0').click();
  await expect(A.getByTestId('history-preview')).toHaveAttribute('data-state', 'ready');
  await A.getByTestId('history-restore').click();
  await expect(A.getByTestId('history-restored')).toContainText('Version 0 is the live page again');

  // Bob is told who restored what, and his Undo does not replay his older edit on the restored page.
  await expectCanvasText(B, 'hero-text', 'Everyone on this page edits it together. Select anything to change it.');
  await expect(B.getByTestId('notice')).toContainText('Alice Heron restored version 0. Undo starts again from here.');
  await expect(B.getByTestId('undo')).toBeDisabled();

  // Bob edits once more and leaves: the page as he left it is a version of its own.
  await selectOnCanvas(B, 'hero-heading');
  await propField(B, 'text').fill('Bob’s last word');
  await expectCanvasText(A, 'hero-heading', 'Bob’s last word');
  await b.context.close();

  // Alice's History: the end of Bob's session, the restore and the page before it, each with who.
  await A.getByTestId('history-toggle').click();
  const labels = A.getByTestId(/^history-label-/);
  // His leaving is stored once the server has seen his socket close: refresh until it is listed.
  await expect(async () => {
    await A.getByTestId('history-refresh').click();
    await expect(labels.filter({ hasText: 'End of Bob Otter’s session' })).toHaveCount(1, { timeout: 1000 });
  }).toPass();
  await expect(labels.filter({ hasText: /^Restored version 0 — Alice Heron, / })).toHaveCount(1);
  const before = labels.filter({ hasText: /^Before restore of version 0 — Alice Heron, / });
  await expect(before).toHaveCount(1);

  // "Before restore" is what it says: the page with both people's edits.
  const item = A.getByTestId(/^history-item-/).filter({ has: before });
  await item.click();
  const preview = A.getByTestId('history-preview');
  await expect(preview).toHaveAttribute('data-state', 'ready');
  await expect(preview.getByTestId('canvas-node-hero-heading')).toHaveText('Alice’s heading');
  await expect(preview.getByTestId('canvas-node-hero-text')).toHaveText('Bob’s text');
  await closeAll(a);
});
