/**
 * A types into a Heading's text field; B's canvas shows every intermediate
 * value while A is still typing, not just the final one (no save on blur, no
 * batching of the whole burst).
 */
import { expect, test } from '@playwright/test';
import { canvasText, closeAll, expectCanvasText, pair, propField, selectOnCanvas } from './helpers.ts';

test("B's canvas follows each keystroke of A's heading while A is still typing", async ({ browser }) => {
  const { a, b } = await pair(browser, 'typing');
  await expectCanvasText(b.page, 'hero-heading', 'Welcome to your page');

  await selectOnCanvas(a.page, 'hero-heading');
  const field = propField(a.page, 'text');
  await expect(field).toHaveValue('Welcome to your page');
  await field.click();
  await field.press('ControlOrMeta+a');

  const typed = 'Hi, Bob!';
  const seenByB: string[] = [];
  let value = '';
  for (const ch of typed) {
    await a.page.keyboard.type(ch);
    value += ch;
    // Between two of A's keystrokes B must already show what A has so far.
    await expectCanvasText(b.page, 'hero-heading', value, 2_000);
    seenByB.push(await canvasText(b.page, 'hero-heading'));
    // A is still in the middle of typing: the field keeps focus and has only what was typed so far.
    await expect(field).toBeFocused();
    await expect(field).toHaveValue(value);
  }
  expect(seenByB).toEqual([...typed].map((_, i) => typed.slice(0, i + 1)));

  // Backspacing streams too.
  await a.page.keyboard.press('Backspace');
  await expectCanvasText(b.page, 'hero-heading', typed.slice(0, -1), 2_000);
  await a.page.keyboard.type('?');
  await expectCanvasText(b.page, 'hero-heading', 'Hi, Bob?');
  await expectCanvasText(a.page, 'hero-heading', 'Hi, Bob?');
  await closeAll(a, b);
});
