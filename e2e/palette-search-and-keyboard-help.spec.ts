/**
 * The palette's search (type to filter, Enter adds the first match, Escape
 * clears) and the keyboard help sheet (`?` or its button; Escape closes it and
 * nothing else), issue 11.
 */
import { expect, test } from '@playwright/test';
import { canvasIds, closeAll, expectSelected, openAs, selectOnCanvas, uniquePageId } from './helpers.ts';

test('palette search filters by name and description; Enter adds the first match; Escape clears', async ({ browser }) => {
  const a = await openAs(browser, 'Alice Heron', uniquePageId('palette-search'));
  const { page } = a;
  const search = page.getByTestId('palette-search');
  const tiles = page.getByTestId(/^palette-item-/);
  const all = await tiles.count();
  expect(all).toBeGreaterThan(10);

  await search.click();
  await page.keyboard.type('head');
  await expect(tiles).toHaveCount(1);
  await expect(page.getByTestId('palette-item-Heading')).toBeVisible();

  // By description: "paragraph" is the Text.
  await search.fill('paragraph');
  await expect(tiles).toHaveCount(1);
  await expect(page.getByTestId('palette-item-Text')).toBeVisible();

  await search.fill('head');
  const before = new Set(await canvasIds(page));
  await search.press('Enter');
  await expect.poll(async () => (await canvasIds(page)).filter((id) => !before.has(id)).length).toBe(1);
  const added = (await canvasIds(page)).find((id) => !before.has(id)) as string;
  await expect(page.getByTestId(`canvas-node-${added}`)).toHaveAttribute('data-type', 'Heading');
  // The field keeps the focus, for the next one.
  await expect(search).toBeFocused();

  await search.fill('zebra');
  await expect(tiles).toHaveCount(0);
  await expect(page.getByTestId('palette-no-match')).toContainText('zebra');
  await search.press('Escape');
  await expect(search).toHaveValue('');
  await expect(tiles).toHaveCount(all);
  await expect(search).toBeFocused();
  // A second Escape leaves the field.
  await search.press('Escape');
  await expect(search).not.toBeFocused();
  await closeAll(a);
});

test('? opens the keyboard help sheet listing every shortcut; Escape closes it and leaves the selection alone', async ({ browser }) => {
  const a = await openAs(browser, 'Alice Heron', uniquePageId('keyboard-help'));
  const { page } = a;
  const sheet = page.getByTestId('keyboard-help');
  await selectOnCanvas(page, 'hero-heading');

  await page.keyboard.press('?');
  await expect(sheet).toBeVisible();
  for (const does of ['Delete the selected components', 'Wrap the selected components in a Section', 'Select the siblings', 'Duplicate', 'Undo', 'Redo', 'Paste', 'Indent', 'Add the first match', 'Stop following']) {
    await expect(sheet).toContainText(does);
  }
  // Keys go to the sheet, not the page behind it: Delete deletes nothing.
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('canvas-node-hero-heading')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
  await expectSelected(page, 'hero-heading');

  // From its button too; typing ? in a text field types it.
  await page.getByTestId('keyboard-help-toggle').click();
  await expect(sheet).toBeVisible();
  await page.getByTestId('keyboard-help-close').click();
  await expect(sheet).toHaveCount(0);
  await page.getByTestId('palette-search').click();
  await page.keyboard.type('?');
  await expect(page.getByTestId('palette-search')).toHaveValue('?');
  await expect(sheet).toHaveCount(0);
  await closeAll(a);
});
