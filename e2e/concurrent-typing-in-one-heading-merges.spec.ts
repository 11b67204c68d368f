/**
 * Issue 11's first trial (SPEC T12–T15): A and B select the same Heading and type
 * into it at the same moment, A at the end while B types at the start and then in
 * the middle. Every character of both ends up in both windows, in the order each
 * typed them, and each person's caret stays where they were typing.
 */
import { expect, type Locator, test } from '@playwright/test';
import { closeAll, expectCanvasText, pair, propField, selectOnCanvas } from './helpers.ts';

const caret = (field: Locator) => field.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd]);

test('two people typing into one heading at once both keep every character, with their carets where they type', async ({ browser }) => {
  const { a, b } = await pair(browser, 'merge-typing');
  await selectOnCanvas(a.page, 'hero-heading');
  await selectOnCanvas(b.page, 'hero-heading');
  const fieldA = propField(a.page, 'text');
  const fieldB = propField(b.page, 'text');
  await expect(fieldA).toHaveValue('Welcome to your page');
  await expect(fieldB).toHaveValue('Welcome to your page');

  await fieldA.click();
  await a.page.keyboard.press('End');
  await fieldB.click();
  await b.page.keyboard.press('Home');

  // A types at the end the whole time; B types at the start, then in the middle, meanwhile.
  const typingA = a.page.keyboard.type(' today, for the whole team', { delay: 60 });
  const typingB = (async () => {
    await b.page.keyboard.type('Truly ', { delay: 60 });
    // The caret moved into the middle of the text, before "page", as a click there would.
    await fieldB.evaluate((el: HTMLInputElement) => {
      const at = el.value.indexOf('page');
      el.setSelectionRange(at, at);
    });
    await b.page.keyboard.type('great ', { delay: 60 });
  })();
  await Promise.all([typingA, typingB]);

  const expected = 'Truly Welcome to your great page today, for the whole team';
  await expect(fieldA).toHaveValue(expected, { timeout: 5_000 });
  await expect(fieldB).toHaveValue(expected, { timeout: 5_000 });
  await expectCanvasText(a.page, 'hero-heading', expected);
  await expectCanvasText(b.page, 'hero-heading', expected);

  // Each caret is where its owner was typing: A's at the end, B's right after "great ".
  await expect(fieldA).toBeFocused();
  await expect(fieldB).toBeFocused();
  expect(await caret(fieldA)).toEqual([expected.length, expected.length]);
  const afterGreat = expected.indexOf('great ') + 'great '.length;
  expect(await caret(fieldB)).toEqual([afterGreat, afterGreat]);

  // And the next keystroke lands there, for both.
  await a.page.keyboard.type('!');
  await b.page.keyboard.type('big ');
  const next = 'Truly Welcome to your great big page today, for the whole team!';
  await expect(fieldA).toHaveValue(next);
  await expect(fieldB).toHaveValue(next);
  await closeAll(a, b);
});
