/**
 * The start page renames a page in place and deletes it after a confirmation.
 * B has the page open all along: the new title reaches B live, and the
 * deletion shows B that the page was deleted, with a way back home. The
 * deleted page's address then shows the same, never a fresh page.
 */
import { expect, test } from '@playwright/test';
import { adopt, closeAll, openAs, propField, selectOnCanvas, signIn } from './helpers.ts';

test('rename and delete from the start page, while B has the page open', async ({ browser, page: home }) => {
  // The owner works from the start page; B joins through an editor link.
  const { cookie } = await signIn(home.context(), 'Ann Owner');
  const res = await home.context().request.post('/api/pages', { data: { title: 'Rename me', template: 'blank' } });
  expect(res.status()).toBe(201);
  const { id: pageId } = (await res.json()) as { id: string };
  adopt(pageId, cookie);
  const b = await openAs(browser, 'Bob Otter', pageId);
  await expect(b.page).toHaveTitle('Rename me · Tandem');

  await home.goto('/');
  const item = home.getByTestId(`page-item-${pageId}`);
  await expect(item).toContainText('Rename me');

  // Rename in place: Escape leaves it as it was, Enter saves.
  await home.getByTestId(`page-rename-${pageId}`).click();
  await home.getByTestId(`page-rename-input-${pageId}`).fill('Not this');
  await home.getByTestId(`page-rename-input-${pageId}`).press('Escape');
  await expect(home.getByTestId(`page-open-${pageId}`)).toHaveText('Rename me');
  await home.getByTestId(`page-rename-${pageId}`).click();
  await home.getByTestId(`page-rename-input-${pageId}`).fill('Renamed from the start page');
  await home.getByTestId(`page-rename-input-${pageId}`).press('Enter');
  await expect(home.getByTestId(`page-open-${pageId}`)).toHaveText('Renamed from the start page');

  // B sees the new title live: the tab's title and the page's own title prop.
  await expect(b.page).toHaveTitle('Renamed from the start page · Tandem');
  await selectOnCanvas(b.page, 'root');
  await expect(propField(b.page, 'title')).toHaveValue('Renamed from the start page');

  // Stored: a reload of the start page lists the new title first (just changed).
  await home.reload();
  await expect(home.getByTestId(`page-open-${pageId}`)).toHaveText('Renamed from the start page');
  await expect(home.getByTestId(/^page-item-/).first()).toHaveAttribute('data-testid', `page-item-${pageId}`);

  // Delete: nothing happens until it is confirmed.
  await home.getByTestId(`page-delete-${pageId}`).click();
  await home.getByTestId(`page-delete-cancel-${pageId}`).click();
  await expect(item).toBeVisible();
  await expect(b.page.getByTestId('page-deleted')).toHaveCount(0);
  await home.getByTestId(`page-delete-${pageId}`).click();
  await home.getByTestId(`page-delete-confirm-${pageId}`).click();
  await expect(item).toHaveCount(0);

  // B is told, and goes home, where the page is no longer listed.
  const deleted = b.page.getByTestId('page-deleted');
  await expect(deleted).toContainText('This page was deleted');
  await expect(deleted).toContainText('Renamed from the start page');
  await b.page.getByTestId('page-deleted-home').click();
  await expect(b.page).toHaveURL('/');
  await expect(b.page.getByTestId('page-list')).not.toHaveAttribute('data-state', 'loading');
  await expect(b.page.getByTestId(`page-item-${pageId}`)).toHaveCount(0);

  // The deleted page's link shows the same, rather than starting a fresh page under its id.
  await b.page.goto(`/p/${pageId}`);
  await expect(b.page.getByTestId('page-deleted')).toBeVisible();
  await closeAll(b);
});
