/**
 * Undo and redo take back and restore A's own edits, for B too, and leave
 * B's edits alone. Both the toolbar buttons and the shortcuts are used.
 */
import { expect, test } from '@playwright/test';
import {
  addFromPalette,
  closeAll,
  expectCanvasText,
  expectSameTree,
  outlineTree,
  pair,
  placeOf,
  propField,
  selectOnCanvas,
} from './helpers.ts';

test("A's undo and redo of A's own edits are seen by B, and B's edit stays", async ({ browser }) => {
  const { a, b } = await pair(browser, 'undo-redo');
  const A = a.page;

  // A's two edits: the heading's text, then a new Divider after the heading.
  await selectOnCanvas(A, 'hero-heading');
  await propField(A, 'text').fill('Undo me');
  await expectCanvasText(b.page, 'hero-heading', 'Undo me');
  const divider = await addFromPalette(A, 'Divider');
  await expect(b.page.getByTestId(`canvas-node-${divider}`)).toBeVisible();
  const withDivider = await expectSameTree(A, b.page);

  // B's own edit in between, which A's undo must not take back.
  await selectOnCanvas(b.page, 'hero-text');
  await propField(b.page, 'text').fill('Bob was here');
  await expectCanvasText(A, 'hero-text', 'Bob was here');

  // Undo (button): the Divider goes, for both.
  await A.getByTestId('undo').click();
  await expect(A.getByTestId(`canvas-node-${divider}`)).toHaveCount(0);
  await expect(b.page.getByTestId(`canvas-node-${divider}`)).toHaveCount(0);
  await expectSameTree(A, b.page);

  // Undo (shortcut, focus on the canvas side, not in a text field): the heading's text comes back.
  await A.getByTestId('undo').focus();
  await A.keyboard.press('ControlOrMeta+z');
  await expectCanvasText(A, 'hero-heading', 'Welcome to your page');
  await expectCanvasText(b.page, 'hero-heading', 'Welcome to your page');
  // B's edit survives A's undos.
  await expectCanvasText(A, 'hero-text', 'Bob was here');
  await expectCanvasText(b.page, 'hero-text', 'Bob was here');
  // Nothing of A's is left to undo.
  await expect(A.getByTestId('undo')).toBeDisabled();

  // Redo (shortcut): the heading's text again.
  await A.keyboard.press('ControlOrMeta+Shift+z');
  await expectCanvasText(A, 'hero-heading', 'Undo me');
  await expectCanvasText(b.page, 'hero-heading', 'Undo me');

  // Redo (button): the Divider again, in the same place, for both.
  await A.getByTestId('redo').click();
  await expect(b.page.getByTestId(`canvas-node-${divider}`)).toHaveAttribute('data-type', 'Divider');
  expect(await expectSameTree(A, b.page)).toBe(withDivider);
  expect(placeOf(await outlineTree(b.page), divider)).toBe('hero#1');
  await expect(A.getByTestId('redo')).toBeDisabled();
  await expectCanvasText(b.page, 'hero-text', 'Bob was here');
  await closeAll(a, b);
});
