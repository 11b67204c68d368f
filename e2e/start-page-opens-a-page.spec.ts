/** The start page opens a page by its id; a new id starts with the starter page. */
import { expect, test } from '@playwright/test';
import { canvasTree, outlineTree, status, treeString, uniquePageId } from './helpers.ts';

test('the start page opens a new page by its id, with the starter content', async ({ page }) => {
  await page.goto('/');
  const pageId = uniquePageId('open');
  await page.getByTestId('page-id-input').fill(pageId);
  await page.getByTestId('open-page').click();
  await expect(page).toHaveURL(`/p/${pageId}`);
  await expect(status(page)).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('canvas-node-root')).toHaveAttribute('data-type', 'Page');
  const starter = 'root[hero[hero-heading,hero-text,hero-button]]';
  await expect.poll(async () => treeString(await canvasTree(page))).toBe(starter);
  expect(treeString(await outlineTree(page))).toBe(starter);
  expect((await canvasTree(page)).map((e) => e.type)).toEqual(['Page', 'Section', 'Heading', 'Text', 'Button']);
});
