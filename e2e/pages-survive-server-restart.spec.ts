/**
 * A page created on the start page from a template, then edited, is all there
 * after the server is stopped and started again on the same data: the title on
 * the start page, and the edits in the editor after a reload. The server here is
 * the spec's own process (own-server.ts), so that it can be restarted.
 */
import { expect, test } from '@playwright/test';
import { addFromPalette, canvasNode, expectCanvasText, propField, selectOnCanvas, signIn, status } from './helpers.ts';
import { OwnServer } from './own-server.ts';

let server: OwnServer;
test.beforeEach(async () => {
  server = await OwnServer.start();
});
test.afterEach(async () => {
  await server?.stop();
});

test('a page made from a template and edited survives a server restart', async ({ browser }) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ baseURL: server.url });
  await context.addInitScript(() => window.localStorage.setItem('tandem:userName', 'Alice Heron'));
  await signIn(context, 'Alice Heron', server.url);
  const page = await context.newPage();

  // The start page of a fresh server: nothing yet.
  await page.goto('/');
  await expect(page.getByTestId('page-list')).toHaveAttribute('data-state', 'empty');

  // Create from the landing template, with a title: the editor opens on it.
  await page.getByTestId('new-page-title').fill('Restart-proof launch');
  await page.getByTestId('new-page-template').selectOption('landing');
  await page.getByTestId('create-page').click();
  await expect(page).toHaveURL(/\/p\/[A-Za-z0-9_-]{12}$/);
  const pageId = new URL(page.url()).pathname.split('/').at(-1) as string;
  await expect(status(page)).toHaveAttribute('data-state', 'connected');
  await expectCanvasText(page, 'hero-heading', 'Restart-proof launch');
  await expect(canvasNode(page, 'features-columns')).toHaveAttribute('data-type', 'Columns');

  // Edit: a prop and a new component, both acknowledged (stored) before the restart.
  await selectOnCanvas(page, 'hero-text');
  await propField(page, 'text').fill('Written before the restart');
  const divider = await addFromPalette(page, 'Divider');
  await expect(status(page)).toHaveAttribute('data-pending', '0');

  await server.restart();
  await page.reload();
  await expect(status(page)).toHaveAttribute('data-state', 'connected');
  await expectCanvasText(page, 'hero-text', 'Written before the restart');
  await expectCanvasText(page, 'hero-heading', 'Restart-proof launch');
  await expect(canvasNode(page, divider)).toHaveAttribute('data-type', 'Divider');

  // The start page lists it, by its title, and opens it.
  await page.goto('/');
  const item = page.getByTestId(`page-item-${pageId}`);
  await expect(item).toContainText('Restart-proof launch');
  await expect(item).toContainText(pageId);
  await expect(item).toContainText(/Edited (just now|1 minute ago)/);
  await page.getByTestId(`page-open-${pageId}`).click();
  await expect(page).toHaveURL(`/p/${pageId}`);
  await expectCanvasText(page, 'hero-text', 'Written before the restart');
  await context.close();
});
