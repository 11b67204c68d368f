/**
 * A and B edit different properties of the same component at the same moment
 * (both edits made against the same version); both edits survive, in both
 * windows: in the properties panel and on the canvas.
 */
import { expect, test } from '@playwright/test';
import { canvasNode, closeAll, expectCanvasText, pair, propField, selectOnCanvas } from './helpers.ts';

test('simultaneous edits of two properties of one component both survive for both people', async ({ browser }) => {
  const { a, b } = await pair(browser, 'concurrent-props');
  await Promise.all([selectOnCanvas(a.page, 'hero-button'), selectOnCanvas(b.page, 'hero-button')]);
  await expect(propField(a.page, 'label')).toHaveValue('Get started');
  await expect(propField(b.page, 'variant')).toHaveValue('primary');

  // Round 1: A renames the button while B changes its variant.
  await Promise.all([propField(a.page, 'label').fill('Sign up now'), propField(b.page, 'variant').selectOption('secondary')]);
  for (const { page } of [a, b]) {
    await expect(propField(page, 'label')).toHaveValue('Sign up now');
    await expect(propField(page, 'variant')).toHaveValue('secondary');
    await expectCanvasText(page, 'hero-button', 'Sign up now');
  }

  // Round 2, the other way round: A changes the variant while B changes the link.
  await Promise.all([propField(a.page, 'variant').selectOption('ghost'), propField(b.page, 'href').fill('https://example.org/join')]);
  for (const { page } of [a, b]) {
    await expect(propField(page, 'variant')).toHaveValue('ghost');
    await expect(propField(page, 'href')).toHaveValue('https://example.org/join');
    await expect(propField(page, 'label')).toHaveValue('Sign up now');
    await expectCanvasText(page, 'hero-button', 'Sign up now');
  }
  // The canvases render the same button.
  const html = async (page: typeof a.page) => canvasNode(page, 'hero-button').evaluate((el) => el.className.replace(/\s*is-[a-z-]+/g, ''));
  expect(await html(a.page)).toBe(await html(b.page));
  await closeAll(a, b);
});
