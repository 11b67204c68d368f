/**
 * Issue 11, bug 4 (SPEC H3): A deletes the Section B is typing in. B's field
 * does not vanish without a word: B is told who deleted what, and one click
 * puts the Section back, with what B typed, for both of them. A, who deleted
 * it, is told B was working there and that Undo brings it back.
 */
import { expect, test } from '@playwright/test';
import { canvasNode, closeAll, expectCanvasText, expectSelected, outlineNode, pair, propField, selectOnCanvas } from './helpers.ts';

test('[H3][#11 bug 4] A deletes the Section B types in; B sees who, restores it in one click, and both see it back', async ({ browser }) => {
  test.slow(); // two browsers, many steps, a busy machine
  const { a, b } = await pair(browser, 'deleted-section');
  const A = a.page;
  const B = b.page;

  // B is typing in the Text inside the hero Section.
  await selectOnCanvas(B, 'hero-text');
  const field = propField(B, 'text');
  await field.click();
  await field.press('End');
  await field.pressSequentially(' Bob was here', { delay: 20 });
  await expectCanvasText(A, 'hero-text', 'Everyone on this page edits it together. Select anything to change it. Bob was here');

  // A selects the whole Section and deletes it while B's caret is still in the field.
  await outlineNode(A, 'hero').click();
  await expectSelected(A, 'hero');
  await A.getByTestId('delete').click();
  await expect(canvasNode(A, 'hero')).toHaveCount(0);
  await expect(A.getByTestId('notice')).toContainText('Bob Otter was working in what you deleted. Undo (Ctrl+Z) puts it back for everyone.');

  // B is told, in words, who and what.
  await expect(canvasNode(B, 'hero')).toHaveCount(0);
  const notice = B.getByTestId('deleted-notice');
  await expect(notice).toContainText('Alice Heron deleted this section, with what you were editing in it.');

  // One click: the Section is back for both, with B's words, and B is back in the Text.
  await B.getByTestId('deleted-restore').click();
  await expect(notice).toHaveCount(0);
  for (const page of [A, B]) {
    await expect(canvasNode(page, 'hero')).toBeVisible();
    await expectCanvasText(page, 'hero-heading', 'Welcome to your page');
    await expectCanvasText(page, 'hero-text', 'Everyone on this page edits it together. Select anything to change it. Bob was here');
  }
  await expectSelected(B, 'hero-text');
  await expect(propField(B, 'text')).toHaveValue('Everyone on this page edits it together. Select anything to change it. Bob was here');
  await closeAll(a, b);
});
