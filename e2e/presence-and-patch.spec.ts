import { type Browser, expect, type Page, test } from '@playwright/test';

/** A person: their own browser context (own storage, own socket) with a fixed name. */
async function person(browser: Browser, name: string): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript((userName) => window.localStorage.setItem('tandem:userName', userName), name);
  return context.newPage();
}

const avatar = (page: Page, name: string) => page.getByTestId(/^presence-avatar-/).filter({ hasText: name });

test('two people see each other, an edit reaches the other, and leaving drops the avatar', async ({ browser }) => {
  const pageId = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const alice = await person(browser, 'Alice Heron');
  const bob = await person(browser, 'Bob Otter');

  await alice.goto(`/p/${pageId}`);
  await expect(alice.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await bob.goto(`/p/${pageId}`);
  await expect(bob.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');

  await expect(avatar(alice, 'Bob Otter')).toBeVisible();
  await expect(avatar(bob, 'Alice Heron')).toBeVisible();
  await expect(avatar(alice, 'Alice Heron')).toBeVisible();

  const headingOf = (page: Page) => page.locator('[data-testid^="canvas-node-"][data-type="Heading"]').first();
  await expect(headingOf(bob)).toHaveText('Welcome to your page');
  await alice.getByTestId('bump-heading').click();
  await expect(headingOf(alice)).toHaveText('Edited by Alice Heron #1');
  await expect(headingOf(bob)).toHaveText('Edited by Alice Heron #1');
  // Acknowledged: nothing is left waiting to be saved.
  await expect(alice.getByTestId('connection-status')).toHaveText('Connected');

  await alice.context().close();
  await expect(avatar(bob, 'Alice Heron')).toHaveCount(0);
  await expect(avatar(bob, 'Bob Otter')).toBeVisible();
  await bob.context().close();
});

test('the start page opens a page by its id', async ({ page }) => {
  await page.goto('/');
  const pageId = `e2e-open-${Date.now().toString(36)}`;
  await page.getByTestId('page-id-input').fill(pageId);
  await page.getByTestId('open-page').click();
  await expect(page).toHaveURL(`/p/${pageId}`);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('canvas-node-root')).toHaveAttribute('data-type', 'Page');
});

test('going offline shows it, queues edits, and sends them once back online', async ({ browser }) => {
  const pageId = `e2e-offline-${Date.now().toString(36)}`;
  const alice = await person(browser, 'Alice Heron');
  const bob = await person(browser, 'Bob Otter');
  await alice.goto(`/p/${pageId}`);
  await bob.goto(`/p/${pageId}`);
  await expect(avatar(bob, 'Alice Heron')).toBeVisible();

  await alice.context().setOffline(true);
  await expect(alice.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
  await expect(avatar(bob, 'Alice Heron')).toHaveCount(0);
  await alice.getByTestId('bump-heading').click();
  const headingOf = (page: Page) => page.locator('[data-testid^="canvas-node-"][data-type="Heading"]').first();
  await expect(headingOf(alice)).toHaveText('Edited by Alice Heron #1');
  await expect(headingOf(bob)).toHaveText('Welcome to your page');

  await alice.context().setOffline(false);
  await expect(alice.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await expect(headingOf(bob)).toHaveText('Edited by Alice Heron #1');
  await expect(avatar(bob, 'Alice Heron')).toBeVisible();
  await alice.context().close();
  await bob.context().close();
});
