/** The start page opens a page by its id; a page made from the starter template has the starter content. */
import { expect, test } from '@playwright/test';
import { canvasTree, outlineTree, status, signIn, treeString } from './helpers.ts';

test('the start page opens a page by its id, with the starter content', async ({ page }) => {
  await signIn(page.context(), 'Alice Heron');
  const made = await page.context().request.post('/api/pages', { data: { title: 'Opened by id', template: 'starter' } });
  const { id: pageId } = (await made.json()) as { id: string };
  await page.goto('/');
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
