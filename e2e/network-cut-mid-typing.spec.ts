/**
 * Convergence in the browser: A's network is cut while A is typing and B keeps
 * editing the same component, then restored mid-word. Both windows end with the
 * same page, with everything A typed offline and B's edit too. And an edit made
 * offline survives closing the tab: it is kept in the browser and sent when the
 * page is opened again.
 */
import { expect, test } from '@playwright/test';
import { canvasNode, closeAll, expectCanvasText, expectSameTree, pair, propField, selectOnCanvas, status } from './helpers.ts';

test('A and B edit while A’s network is cut and restored mid-typing; both end equal with A’s offline edits', async ({ browser }) => {
  const { a, b } = await pair(browser, 'cut-typing');
  await selectOnCanvas(a.page, 'hero-heading');
  await selectOnCanvas(b.page, 'hero-heading');
  const field = propField(a.page, 'text');
  await field.fill('');
  await field.pressSequentially('Before ', { delay: 30 });

  await a.context.setOffline(true);
  await expect(status(a.page)).toHaveAttribute('data-state', 'offline');
  await field.pressSequentially('the cut, ', { delay: 30 });
  // Meanwhile B changes another property of the same heading.
  await propField(b.page, 'level').selectOption('3');
  await field.pressSequentially('during', { delay: 30 });
  await a.context.setOffline(false);
  // Typing goes on while the connection comes back.
  await field.pressSequentially(' it and after.', { delay: 30 });

  await expect(status(a.page)).toHaveAttribute('data-state', 'connected');
  await expect(status(a.page)).toHaveAttribute('data-pending', '0');
  const text = 'Before the cut, during it and after.';
  await expectCanvasText(a.page, 'hero-heading', text);
  await expectCanvasText(b.page, 'hero-heading', text);
  // B's edit survived in both windows: the heading is an h3 everywhere.
  await expect(canvasNode(a.page, 'hero-heading')).toHaveJSProperty('tagName', 'H3');
  await expect(canvasNode(b.page, 'hero-heading')).toHaveJSProperty('tagName', 'H3');
  await expectSameTree(a.page, b.page);
  await closeAll(a, b);
});

test('an edit made offline survives closing the tab and reaches B when the page is opened again', async ({ browser }) => {
  const { pageId, a, b } = await pair(browser, 'offline-close');
  await a.context.setOffline(true);
  await expect(status(a.page)).toHaveAttribute('data-state', 'offline');
  await selectOnCanvas(a.page, 'hero-text');
  await propField(a.page, 'text').fill('Kept in the browser while offline');
  await expectCanvasText(a.page, 'hero-text', 'Kept in the browser while offline');
  await expect(status(a.page)).not.toHaveAttribute('data-pending', '0');
  // The tab closes before the network returns.
  await a.page.close();
  await a.context.setOffline(false);
  await expectCanvasText(b.page, 'hero-text', 'Everyone on this page edits it together. Select anything to change it.');

  // Opening the page again in the same browser sends what was kept.
  const reopened = await a.context.newPage();
  await reopened.goto(`/p/${pageId}`);
  await expect(status(reopened)).toHaveAttribute('data-state', 'connected');
  await expectCanvasText(b.page, 'hero-text', 'Kept in the browser while offline');
  await expect(status(reopened)).toHaveAttribute('data-pending', '0');
  await expectSameTree(reopened, b.page);
  await closeAll(a, b);
});
