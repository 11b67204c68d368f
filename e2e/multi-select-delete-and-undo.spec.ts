/**
 * Multi-select across two browsers (issue 11): A selects three components
 * (click, then Shift+click and Ctrl/Cmd+click), B sees all three marked in A's
 * colour; A deletes them with one key, B sees them go; A undoes once, and all
 * three come back for both, where they were.
 */
import { expect, test } from '@playwright/test';
import { canvasNode, closeAll, expectSameTree, outlineNode, pair, selectOnCanvas } from './helpers.ts';

const three = ['hero-heading', 'hero-text', 'hero-button'];

test('A selects three components and deletes them; B sees them go; A undoes and B sees them return', async ({ browser }) => {
  const { a, b } = await pair(browser, 'multi-select');
  const A = a.page;
  const before = await expectSameTree(A, b.page);

  await selectOnCanvas(A, 'hero-heading');
  await canvasNode(A, 'hero-text').click({ modifiers: ['Shift'] });
  await outlineNode(A, 'hero-button').click({ modifiers: ['ControlOrMeta'] });
  for (const id of three) await expect(canvasNode(A, id)).toHaveAttribute('data-selected', 'true');
  await expect(A.getByTestId('group-count')).toHaveText('3 components selected');

  // B sees A's whole selection, each in A's colour.
  for (const id of three) await expect(canvasNode(b.page, id)).toHaveClass(/is-remote-selected/);
  const colours = await Promise.all(three.map((id) => canvasNode(b.page, id).evaluate((el) => getComputedStyle(el).getPropertyValue('--remote-color'))));
  expect(new Set(colours).size, 'one colour for the three').toBe(1);
  expect(colours[0]).not.toBe('');

  // One Delete (focus on the canvas side, not in a field) takes all three, for both.
  await A.getByTestId('canvas').focus();
  await A.keyboard.press('Delete');
  for (const id of three) {
    await expect(canvasNode(A, id)).toHaveCount(0);
    await expect(canvasNode(b.page, id)).toHaveCount(0);
  }
  await expectSameTree(A, b.page);

  // One undo brings all three back, in their places, for both.
  await A.keyboard.press('ControlOrMeta+z');
  for (const id of three) await expect(canvasNode(b.page, id)).toBeVisible();
  expect(await expectSameTree(A, b.page)).toBe(before);
  await expect(A.getByTestId('undo')).toBeDisabled();
  await closeAll(a, b);
});
