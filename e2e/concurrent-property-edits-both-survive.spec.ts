/**
 * A and B edit different properties of the same component at the same moment;
 * both edits survive, in both windows (properties panel and canvas).
 *
 * "The same moment" is made exact: what the server sends one person is held
 * back while the other's edit goes through, so the held person edits a version
 * the server has already moved past, and their client receives the other edit
 * while its own is still unacknowledged. Then a round with no holding at all.
 */
import { expect, test } from '@playwright/test';
import { canvasNode, closeAll, expectCanvasText, type Person, pair, propField, selectOnCanvas } from './helpers.ts';

test('simultaneous edits of two properties of one component both survive for both people', async ({ browser }) => {
  const { a, b } = await pair(browser, 'concurrent-props', { valve: true });
  await Promise.all([selectOnCanvas(a.page, 'hero-button'), selectOnCanvas(b.page, 'hero-button')]);
  await expect(propField(a.page, 'label')).toHaveValue('Get started');
  await expect(propField(b.page, 'variant')).toHaveValue('primary');

  const bothShow = async (expected: { label: string; variant: string; href: string }) => {
    for (const { page } of [a, b]) {
      await expect(propField(page, 'label')).toHaveValue(expected.label);
      await expect(propField(page, 'variant')).toHaveValue(expected.variant);
      await expect(propField(page, 'href')).toHaveValue(expected.href);
      await expectCanvasText(page, 'hero-button', expected.label);
    }
  };

  /** One person's edit goes through, and while `second` has not heard of it, `second` edits too. */
  const simultaneously = async (firstEdit: () => Promise<unknown>, second: Person, secondEdit: () => Promise<unknown>) => {
    second.valve.hold();
    await firstEdit();
    await second.valve.waitForHeld('op-patch');
    await secondEdit();
    second.valve.release();
  };

  // Round 1: A renames the button while B, not having seen that, changes its variant.
  await simultaneously(
    () => propField(a.page, 'label').fill('Sign up now'),
    b,
    async () => {
      await expect(propField(b.page, 'label')).toHaveValue('Get started');
      await propField(b.page, 'variant').selectOption('secondary');
    },
  );
  await bothShow({ label: 'Sign up now', variant: 'secondary', href: 'https://example.com' });

  // Round 2, the other way round: B changes the link while A, not having seen that, changes the variant.
  await simultaneously(
    () => propField(b.page, 'href').fill('https://example.org/join'),
    a,
    async () => {
      await expect(propField(a.page, 'href')).toHaveValue('https://example.com');
      await propField(a.page, 'variant').selectOption('ghost');
    },
  );
  await bothShow({ label: 'Sign up now', variant: 'ghost', href: 'https://example.org/join' });

  // Round 3, no holding: both at once, as fast as the two pages go.
  await Promise.all([propField(a.page, 'label').fill('Join us'), propField(b.page, 'variant').selectOption('primary')]);
  await bothShow({ label: 'Join us', variant: 'primary', href: 'https://example.org/join' });

  // The canvases render the same button.
  const look = (person: Person) => canvasNode(person.page, 'hero-button').evaluate((el) => el.className.replace(/\s*is-[a-z-]+/g, ''));
  expect(await look(a)).toBe(await look(b));
  await closeAll(a, b);
});
