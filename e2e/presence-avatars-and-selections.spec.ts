/**
 * Presence: B sees A's avatar; what A selects is outlined on B's canvas in A's
 * colour (the same colour as A's avatar); when A closes the tab, A's avatar
 * and outline leave B's window.
 */
import { expect, type Page, test } from '@playwright/test';
import { avatarOf, canvasNode, closeAll, pair, selectOnCanvas, userIdIn } from './helpers.ts';

/** A's colour as B's avatar list paints it: the first opaque background in the avatar. */
async function avatarColour(page: Page, userId: string): Promise<string> {
  return page.getByTestId(`presence-avatar-${userId}`).evaluate((el) => {
    for (const e of [el, ...el.querySelectorAll('*')]) {
      const bg = getComputedStyle(e).backgroundColor;
      if (bg && bg !== 'transparent' && bg !== 'rgba(0, 0, 0, 0)') return bg;
    }
    return '';
  });
}

/**
 * Every colour actually painted to mark canvas node `id` in `page` as someone's
 * selection: the node's outline, border and shadow, and those (and the
 * backgrounds, e.g. a name tag) of any remote-selection overlay drawn over it.
 * All as computed `rgb(...)` strings.
 */
async function selectionColours(page: Page, id: string): Promise<string[]> {
  return canvasNode(page, id).evaluate((node) => {
    const probe = document.createElement('span');
    document.body.append(probe);
    const rgb = (value: string): string => {
      probe.style.color = '';
      probe.style.color = value.trim();
      return probe.style.color ? getComputedStyle(probe).color : '';
    };
    const colours = new Set<string>();
    const collect = (el: Element, backgrounds: boolean) => {
      const style = getComputedStyle(el);
      if (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0) colours.add(rgb(style.outlineColor));
      if (style.borderTopStyle !== 'none' && Number.parseFloat(style.borderTopWidth) > 0) colours.add(rgb(style.borderTopColor));
      for (const m of style.boxShadow.matchAll(/rgba?\([^)]*\)/g)) colours.add(rgb(m[0]));
      if (backgrounds) colours.add(rgb(style.backgroundColor));
    };
    collect(node, false);
    // Overlays drawn over the node (outside it in the DOM): those whose box matches the node's.
    const box = node.getBoundingClientRect();
    for (const overlay of document.querySelectorAll('[data-testid^="remote-selection-"]')) {
      const r = overlay.getBoundingClientRect();
      if (Math.abs(r.left - box.left) < 4 && Math.abs(r.top - box.top) < 4 && Math.abs(r.width - box.width) < 8) {
        for (const el of [overlay, ...overlay.querySelectorAll('*')]) collect(el, true);
      }
    }
    probe.remove();
    colours.delete('');
    colours.delete('rgba(0, 0, 0, 0)');
    return [...colours];
  });
}

test("B sees A's avatar, A's selection in A's colour, and A leaving", async ({ browser }) => {
  const { a, b } = await pair(browser, 'presence');
  const aliceId = await userIdIn(b.page, a.name);
  const bobId = await userIdIn(a.page, b.name);
  expect(aliceId).not.toBe(bobId);
  // Both see both, themselves included.
  await expect(avatarOf(a.page, a.name)).toBeVisible();
  await expect(avatarOf(b.page, b.name)).toBeVisible();
  await expect(b.page.getByTestId(`presence-avatar-${aliceId}`)).toBeVisible();

  const aliceColour = await avatarColour(b.page, aliceId);
  expect(aliceColour, "A's avatar has a colour").toMatch(/^rgba?\(/);
  expect(await avatarColour(b.page, bobId), 'two people, two colours').not.toBe(aliceColour);

  // Nothing is marked as A's before A selects anything.
  expect(await selectionColours(b.page, 'hero-text')).not.toContain(aliceColour);

  await selectOnCanvas(a.page, 'hero-text');
  await expect
    .poll(() => selectionColours(b.page, 'hero-text'), { message: "B's canvas marks hero-text in A's colour" })
    .toContain(aliceColour);
  // The mark shows who it is.
  await expect(b.page.getByTestId(`remote-selection-${aliceId}`)).toContainText(a.name);
  // B's own selection is not A's: B's canvas still has nothing selected for B.
  await expect(canvasNode(b.page, 'hero-text')).not.toHaveAttribute('data-selected', 'true');

  // A selects something else: the mark follows.
  await selectOnCanvas(a.page, 'hero-heading');
  await expect.poll(() => selectionColours(b.page, 'hero-heading')).toContain(aliceColour);
  await expect.poll(() => selectionColours(b.page, 'hero-text')).not.toContain(aliceColour);

  // A closes the tab: B's avatar list drops A, and A's mark goes with it.
  await a.page.close();
  await expect(b.page.getByTestId(`presence-avatar-${aliceId}`)).toHaveCount(0);
  await expect(avatarOf(b.page, a.name)).toHaveCount(0);
  await expect(avatarOf(b.page, b.name)).toBeVisible();
  await expect.poll(() => selectionColours(b.page, 'hero-heading')).not.toContain(aliceColour);
  await closeAll(a, b);
});
