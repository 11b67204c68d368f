/**
 * A goes offline (the browser's offline event: Playwright's setOffline does not
 * close open sockets, the app must react to the event), makes three edits,
 * and comes back: B then has all three, and A's status went offline → connected.
 */
import { expect, type Page, test } from '@playwright/test';
import {
  addFromPalette,
  avatarOf,
  closeAll,
  expectCanvasText,
  expectSameTree,
  outlineTree,
  pair,
  placeOf,
  propField,
  selectOnCanvas,
  status,
} from './helpers.ts';

/** Records every data-state the connection status shows from now on. */
async function recordStates(page: Page): Promise<() => Promise<string[]>> {
  await status(page).evaluate((el) => {
    const w = window as unknown as { __states: string[] };
    w.__states = [el.dataset.state ?? ''];
    // The element may be replaced: watch the whole document for its attribute.
    new MutationObserver(() => {
      const state = document.querySelector<HTMLElement>('[data-testid="connection-status"]')?.dataset.state ?? '';
      if (w.__states.at(-1) !== state) w.__states.push(state);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  });
  return () => page.evaluate(() => (window as unknown as { __states: string[] }).__states);
}

test('three edits made offline reach B once A is back online', async ({ browser }) => {
  const { a, b } = await pair(browser, 'offline');
  const states = await recordStates(a.page);

  await a.context.setOffline(true);
  await expect(status(a.page)).toHaveAttribute('data-state', 'offline');
  // The server no longer has A: B's avatar list drops A.
  await expect(avatarOf(b.page, a.name)).toHaveCount(0);

  // Three edits while offline: a heading's text, a new component, a button's label.
  await selectOnCanvas(a.page, 'hero-heading');
  await propField(a.page, 'text').fill('Written offline');
  const spacer = await addFromPalette(a.page, 'Spacer');
  await selectOnCanvas(a.page, 'hero-button');
  await propField(a.page, 'label').fill('Offline label');
  await expectCanvasText(a.page, 'hero-heading', 'Written offline');
  await expectCanvasText(a.page, 'hero-button', 'Offline label');
  expect(placeOf(await outlineTree(a.page), spacer)).toBe('hero#1');

  // A holds them, unacknowledged.
  await expect(status(a.page)).not.toHaveAttribute('data-pending', '0');
  // B has none of them yet.
  await expectCanvasText(b.page, 'hero-heading', 'Welcome to your page');
  await expectCanvasText(b.page, 'hero-button', 'Get started');
  await expect(b.page.getByTestId(`canvas-node-${spacer}`)).toHaveCount(0);

  await a.context.setOffline(false);
  await expect(status(a.page)).toHaveAttribute('data-state', 'connected');
  await expectCanvasText(b.page, 'hero-heading', 'Written offline');
  await expectCanvasText(b.page, 'hero-button', 'Offline label');
  await expect(b.page.getByTestId(`canvas-node-${spacer}`)).toHaveAttribute('data-type', 'Spacer');
  await expectSameTree(a.page, b.page);
  await expect(avatarOf(b.page, a.name)).toBeVisible();
  // Every one of them acknowledged by the server.
  await expect(status(a.page)).toHaveAttribute('data-pending', '0');

  // A's status: connected, then offline, then (perhaps through reconnecting) connected again.
  const seen = await states();
  expect(seen[0]).toBe('connected');
  expect(seen).toContain('offline');
  expect(seen.at(-1)).toBe('connected');
  expect(seen.indexOf('offline')).toBeLessThan(seen.lastIndexOf('connected'));
  await closeAll(a, b);
});
