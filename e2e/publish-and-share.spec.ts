/**
 * Publishing: A publishes; an anonymous visitor (a third context, no name, no
 * editor) opens the public address and reads the page; A edits and publishes
 * again and the visitor's reload shows the change; rollback and unpublish from
 * the panel reach the visitor too. Then export as JSON from the page menu and
 * import that file on the start page.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { baseURLOf, closeAll, createSharedPage, expectCanvasText, openAs, propField, selectOnCanvas } from './helpers.ts';

/** A page made by its own owner; Alice joins it as an editor (editors publish). */
const createPage = createSharedPage;

/** The columns a Columns block shows in the visitor's window. */
const columnCount = (page: Page) =>
  page
    .locator('.tp-columns')
    .first()
    .evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);

test('[R5] [R6] A publishes, a visitor reads it; A edits and publishes again, the visitor reloads and sees the change', async ({ browser }) => {
  const pageId = await createPage('Open day', 'landing');
  const a = await openAs(browser, 'Alice Heron', pageId);
  const A = a.page;
  await expect(A.getByTestId('publish-state')).toHaveText('Not published');

  await A.getByTestId('publish-toggle').click();
  await A.getByTestId('publish-now').click();
  await expect(A.getByTestId('publish-state')).toHaveText('Published just now');
  await expect(A.getByTestId('publication-1')).toContainText('Alice Heron');
  const url = (await A.getByTestId('public-link').getAttribute('href')) as string;
  expect(url).toBe(`${baseURLOf()}/s/${pageId}`);

  // The visitor: a context of its own, no name, no session.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  const first = await visitor.goto(url);
  expect(first?.status()).toBe(200);
  await expect(visitor).toHaveTitle('Open day');
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Open day');
  await expect(visitor.getByText('Why people choose us')).toBeVisible();
  await expect(visitor.locator('script')).toHaveCount(0);
  await expect(visitor.getByTestId('canvas')).toHaveCount(0);
  expect(await columnCount(visitor)).toBe(3);

  // A edits: the live page stays as published until A publishes again.
  await selectOnCanvas(A, 'hero-heading');
  await propField(A, 'text').fill('Open day, now on Saturday');
  await expectCanvasText(A, 'hero-heading', 'Open day, now on Saturday');
  await expect(A.getByTestId('publish-state')).toHaveText('Changes since publishing');
  await visitor.reload();
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Open day');

  await A.getByTestId('publish-toggle').click();
  await expect(A.getByTestId('publish-now')).toHaveText('Publish changes');
  await A.getByTestId('publish-now').click();
  await expect(A.getByTestId('publish-state')).toHaveText('Published just now');
  await expect(A.getByTestId('publication-2')).toHaveAttribute('data-live', 'true');
  await visitor.reload();
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Open day, now on Saturday');

  // Rollback: publication 1 is live again.
  await A.getByTestId('publication-live-1').click();
  await expect(A.getByTestId('publication-1')).toHaveAttribute('data-live', 'true');
  await expect(A.getByTestId('publish-state')).toHaveText('Changes since publishing');
  await visitor.reload();
  await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Open day');

  // Unpublish: the address answers 404.
  await A.getByTestId('unpublish').click();
  await expect(A.getByTestId('publish-state')).toHaveText('Not published');
  const gone = await visitor.reload();
  expect(gone?.status()).toBe(404);

  // A phone gets what the mobile preview shows: the columns stack.
  await A.getByTestId('publication-live-2').click();
  await expect(A.getByTestId('publication-2')).toHaveAttribute('data-live', 'true');
  await visitor.setViewportSize({ width: 375, height: 800 });
  await visitor.reload();
  expect(await columnCount(visitor)).toBe(1);
  const scroll = await visitor.evaluate(() => document.documentElement.scrollWidth);
  expect(scroll).toBeLessThanOrEqual(375);
  // …as the editor's mobile preview does, with the same CSS.
  expect(await columnCount(A)).toBe(3);
  await A.keyboard.press('Escape');
  await A.getByTestId('viewport-mobile').click();
  await expect.poll(() => columnCount(A)).toBe(1);

  await visitorContext.close();
  await closeAll(a);
});

test('export as JSON from the page menu, then import the file on the start page', async ({ browser }) => {
  const pageId = await createPage('Pricing to copy', 'pricing');
  const a = await openAs(browser, 'Alice Heron', pageId);
  const A = a.page;
  await selectOnCanvas(A, 'header-heading');
  await propField(A, 'text').fill('Plans for everyone');
  await expectCanvasText(A, 'header-heading', 'Plans for everyone');
  // The edit is stored once the server acknowledged it: nothing pending.
  await expect(A.getByTestId('connection-status')).toHaveAttribute('data-pending', '0');

  await A.getByTestId('page-menu').click();
  const [download] = await Promise.all([A.waitForEvent('download'), A.getByTestId('export-json').click()]);
  expect(download.suggestedFilename()).toBe('pricing-to-copy.json');
  const file = (await download.path()) as string;
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  expect(exported).toMatchObject({ kind: 'tandem-page', title: 'Pricing to copy' });

  await A.goto('/');
  await A.getByTestId('import-file').setInputFiles(file);
  await expect(A).toHaveURL(/\/p\/[A-Za-z0-9_-]{12}$/);
  expect(new URL(A.url()).pathname).not.toBe(`/p/${pageId}`);
  await expectCanvasText(A, 'header-heading', 'Plans for everyone');
  await expectCanvasText(A, 'plan-pro-name', 'Pro');
  await closeAll(a);
});
