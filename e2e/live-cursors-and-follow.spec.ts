/**
 * Live cursors and follow mode, in two browsers (issue 11). B sees A's pointer
 * move on B's canvas with A's name in A's colour, on the same spot of the same
 * component even when B's viewport frame differs from A's; B follows A from A's
 * avatar and takes A's viewport, scroll and selection; B acting on their own
 * (a click, a key) stops following.
 */
import { expect, type Page, test } from '@playwright/test';
import { canvasNode, closeAll, pair, selectOnCanvas, userIdIn } from './helpers.ts';

/** Moves the mouse onto fraction (fx, fy) of canvas node `id`'s box, in a few steps like a hand would. */
async function pointAt(page: Page, id: string, fx: number, fy: number): Promise<void> {
  const box = await canvasNode(page, id).boundingBox();
  if (!box) throw new Error(`${id} is not on screen`);
  await page.mouse.move(box.x + fx * box.width, box.y + fy * box.height, { steps: 4 });
}

/** Where A's cursor tip is drawn in `page`, relative to canvas node `id`'s box, as fractions of it. */
async function cursorOn(page: Page, userId: string, id: string): Promise<{ fx: number; fy: number } | null> {
  return page.evaluate(
    ({ userId, id }) => {
      const cursor = document.querySelector(`[data-testid="live-cursor-${userId}"]`);
      const node = document.querySelector(`[data-testid="canvas-node-${id}"]`);
      if (!cursor || !node) return null;
      const tip = cursor.getBoundingClientRect();
      const box = node.getBoundingClientRect();
      return { fx: Math.round(((tip.left - box.left) / box.width) * 100) / 100, fy: Math.round(((tip.top - box.top) / box.height) * 100) / 100 };
    },
    { userId, id },
  );
}

/** Within a few hundredths of the box (a pixel or two on a short line of text). */
async function near(at: Promise<{ fx: number; fy: number } | null>, fx: number, fy: number): Promise<boolean> {
  const got = await at;
  return got !== null && Math.abs(got.fx - fx) <= 0.03 && Math.abs(got.fy - fy) <= 0.06;
}

const scrollOf = (page: Page) =>
  page.locator('.canvas-scroll').evaluate((el) => {
    const range = el.scrollHeight - el.clientHeight;
    return range > 0 ? Math.round((el.scrollTop / range) * 100) / 100 : 0;
  });

test("B sees A's cursor move with A's name and colour, on the same spot in another viewport; it goes when A's pointer leaves the canvas", async ({
  browser,
}) => {
  const { a, b } = await pair(browser, 'cursors');
  const aliceId = await userIdIn(b.page, a.name);
  const cursor = b.page.getByTestId(`live-cursor-${aliceId}`);
  await expect(cursor).toHaveCount(0);

  await pointAt(a.page, 'hero-heading', 0.25, 0.5);
  await expect(cursor).toBeVisible();
  await expect(cursor).toContainText(a.name);
  await expect(cursor).toHaveAttribute('data-anchor', 'hero-heading');
  await expect.poll(() => near(cursorOn(b.page, aliceId, 'hero-heading'), 0.25, 0.5)).toBe(true);
  // In A's colour: the name tag is painted with A's avatar's colour.
  const avatarColour = await b.page.getByTestId(`presence-avatar-${aliceId}`).evaluate((el) => getComputedStyle(el).backgroundColor);
  const tagColour = await cursor.locator('.live-cursor__name').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(tagColour).toBe(avatarColour);

  // B looks at the page on a phone's width: A's pointer still lands on the same spot of the same component.
  await b.page.getByTestId('viewport-mobile').click();
  await expect(b.page.getByTestId('canvas')).toHaveAttribute('data-viewport', 'mobile');
  await pointAt(a.page, 'hero-text', 0.75, 0.5);
  await expect(cursor).toHaveAttribute('data-anchor', 'hero-text');
  await expect.poll(() => near(cursorOn(b.page, aliceId, 'hero-text'), 0.75, 0.5)).toBe(true);

  // A's pointer leaves the canvas (onto the top bar): B's window no longer shows it.
  const bar = await a.page.getByTestId('viewport-desktop').boundingBox();
  if (!bar) throw new Error('no top bar');
  await a.page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height / 2, { steps: 4 });
  await expect(cursor).toHaveCount(0);
  // A's own window never draws A's cursor.
  await expect(a.page.getByTestId(/^live-cursor-/)).toHaveCount(0);
  await closeAll(a, b);
});

test("B follows A: B's canvas takes A's viewport, scroll and selection until B acts; the banner says whom", async ({ browser }) => {
  const { a, b } = await pair(browser, 'follow');
  // Short windows of different sizes, so that the page scrolls, by different amounts.
  await a.page.setViewportSize({ width: 1280, height: 300 });
  await b.page.setViewportSize({ width: 1100, height: 340 });
  const aliceId = await userIdIn(b.page, a.name);
  const banner = b.page.getByTestId('follow-banner');
  const bCanvas = b.page.getByTestId('canvas');
  await expect(banner).toHaveCount(0);

  await b.page.getByTestId(`follow-${aliceId}`).click();
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(`Following ${a.name}`);
  await expect(b.page.getByTestId(`presence-avatar-${aliceId}`)).toHaveAttribute('data-following', 'true');

  // A switches to mobile, selects the text and scrolls to the bottom: B's canvas does the same.
  await a.page.getByTestId('viewport-mobile').click();
  await expect(bCanvas).toHaveAttribute('data-viewport', 'mobile');
  await selectOnCanvas(a.page, 'hero-text');
  await expect(canvasNode(b.page, 'hero-text')).toHaveAttribute('data-selected', 'true');
  await a.page.locator('.canvas-scroll').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect.poll(() => scrollOf(a.page)).toBe(1);
  await expect.poll(() => scrollOf(b.page)).toBe(1);
  await a.page.locator('.canvas-scroll').evaluate((el) => el.scrollTo({ top: 0 }));
  await expect.poll(() => scrollOf(b.page)).toBe(0);
  await a.page.getByTestId('viewport-tablet').click();
  await expect(bCanvas).toHaveAttribute('data-viewport', 'tablet');

  // B clicks on the canvas: following stops, and A's next moves stay A's.
  await selectOnCanvas(b.page, 'hero-heading');
  await expect(banner).toHaveCount(0);
  await expect(b.page.getByTestId(`presence-avatar-${aliceId}`)).not.toHaveAttribute('data-following', 'true');
  await a.page.getByTestId('viewport-desktop').click();
  await selectOnCanvas(a.page, 'hero-text');
  // B's own state holds: still tablet, still B's selection (A's mark on hero-text shows it arrived).
  await expect(b.page.getByTestId(`remote-selection-${aliceId}`)).toBeVisible();
  await expect(bCanvas).toHaveAttribute('data-viewport', 'tablet');
  await expect(canvasNode(b.page, 'hero-heading')).toHaveAttribute('data-selected', 'true');

  // Following again: a key of B's own stops it too, and so does the banner's button.
  await b.page.getByTestId(`follow-${aliceId}`).click();
  await expect(bCanvas).toHaveAttribute('data-viewport', 'desktop');
  await expect(canvasNode(b.page, 'hero-text')).toHaveAttribute('data-selected', 'true');
  await b.page.keyboard.press('ArrowDown');
  await expect(banner).toHaveCount(0);
  await b.page.getByTestId(`follow-${aliceId}`).click();
  await expect(banner).toBeVisible();
  await b.page.getByTestId('follow-stop').click();
  await expect(banner).toHaveCount(0);
  // The avatar toggles: a second click on it stops following.
  await b.page.getByTestId(`follow-${aliceId}`).click();
  await expect(banner).toBeVisible();
  await b.page.getByTestId(`follow-${aliceId}`).click();
  await expect(banner).toHaveCount(0);
  await closeAll(a, b);
});
