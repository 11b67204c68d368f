/**
 * One person styles a section in the Style tab (font, colours, padding, corner
 * radius) and overrides the heading's size for mobile; the other person's
 * canvas shows exactly those computed styles, at the desktop width and in the
 * 375 px frame, and so does the preview in a 1440 px and a 375 px window
 * (SPEC S1, S2, S8, S9, S12).
 */
import { expect, type Page, test } from '@playwright/test';
import { canvasNode, closeAll, pair, selectOnCanvas } from './helpers.ts';

const styleField = (page: Page, name: string) => page.getByTestId(`style-field-${name}`);
const computed = (page: Page, id: string, property: string) =>
  canvasNode(page, id).evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);

async function expectComputed(page: Page, id: string, expected: Record<string, string | RegExp>): Promise<void> {
  for (const [property, value] of Object.entries(expected)) {
    await expect.poll(() => computed(page, id, property), { message: `${id} ${property}` }).toMatch(value);
  }
}

test('a style and its mobile override reach the other person, at desktop and phone widths', async ({ browser }) => {
  test.setTimeout(90_000); // many steps, two browsers, a busy machine
  const { a, b } = await pair(browser, 'style-override');
  await a.page.setViewportSize({ width: 1440, height: 900 });
  await b.page.setViewportSize({ width: 1440, height: 900 });

  // A styles the section at desktop: dark background, roomy padding, rounded corners.
  await selectOnCanvas(a.page, 'hero');
  await a.page.getByTestId('properties-tab-style').click();
  await expect(a.page.getByTestId('style-breakpoint')).toContainText('Desktop');
  await styleField(a.page, 'backgroundColor').fill('#0f172a');
  await styleField(a.page, 'padding').fill('48px');
  await styleField(a.page, 'radius').fill('16px');
  await styleField(a.page, 'color').fill('#ffffff');

  // The heading: a serif stack, large; then, with the mobile frame on, a smaller size for phones only.
  await selectOnCanvas(a.page, 'hero-heading');
  await styleField(a.page, 'fontFamily').selectOption('didone');
  await styleField(a.page, 'fontSize').fill('56px');
  await a.page.getByTestId('viewport-mobile').click();
  await expect(a.page.getByTestId('style-breakpoint')).toContainText('Mobile');
  await expect(styleField(a.page, 'fontSize')).toHaveValue('');
  await expect(styleField(a.page, 'fontSize')).toHaveAttribute('placeholder', '56px');
  await styleField(a.page, 'fontSize').fill('30px');
  await expect(a.page.getByTestId('style-reset-fontSize')).toBeVisible();

  const desktop = {
    section: { 'background-color': 'rgb(15, 23, 42)', 'padding-top': '48px', 'padding-left': '48px', 'border-top-left-radius': '16px' },
    heading: { 'font-size': '56px', color: 'rgb(255, 255, 255)', 'font-family': /Didot/ },
  };
  const phone = { ...desktop, heading: { ...desktop.heading, 'font-size': '30px' } };

  // B sees it all at the desktop width, and the override in the 375 px frame.
  await expectComputed(b.page, 'hero', desktop.section);
  await expectComputed(b.page, 'hero-heading', desktop.heading);
  await b.page.getByTestId('viewport-mobile').click();
  await expectComputed(b.page, 'hero', phone.section);
  await expectComputed(b.page, 'hero-heading', phone.heading);
  // A's own canvas is in the mobile frame too.
  await expectComputed(a.page, 'hero-heading', phone.heading);

  // The preview at a 1440 px and a 375 px window: the same rules answer the window's width.
  await b.page.getByTestId('viewport-desktop').click();
  await b.page.getByTestId('preview-toggle').click();
  await expectComputed(b.page, 'hero-heading', desktop.heading);
  await b.page.setViewportSize({ width: 375, height: 800 });
  await expectComputed(b.page, 'hero-heading', phone.heading);
  await expectComputed(b.page, 'hero', phone.section);
  // Nothing on the page spills sideways out of the 375 px frame.
  const frame = b.page.getByTestId('canvas');
  expect(await frame.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);

  // Reset on A: the mobile override goes, and phones get the base size again.
  await a.page.getByTestId('style-reset-fontSize').click();
  await expectComputed(b.page, 'hero-heading', desktop.heading);
  await closeAll(a, b);
});
