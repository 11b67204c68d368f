/**
 * Sharing through the UI, two browsers: A signs up and shares a view link; B signs
 * up through it and watches A edit live, but cannot edit (the UI is read-only, and
 * a patch sent over B's own session is refused); A makes B an editor and B's edit
 * reaches A; A revokes the link, and a third person cannot join with it.
 */
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { baseURLOf, expectCanvasText, propField, RawPeer, selectOnCanvas, signIn } from './helpers.ts';

async function signUpInUi(page: Page, name: string): Promise<void> {
  const email = `${name.toLowerCase()}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  if (!(await page.getByTestId('auth-name').isVisible())) await page.getByTestId('auth-switch').click();
  await page.getByTestId('auth-name').fill(name);
  await page.getByTestId('auth-email').fill(email);
  await page.getByTestId('auth-password').fill('correct horse battery');
  await page.getByTestId('auth-submit').click();
}

async function sessionCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies(baseURLOf())).find((c) => c.name === 'tandem_session');
  if (!cookie) throw new Error('no session cookie');
  return `tandem_session=${cookie.value}`;
}

test('[A2] [A4] A shares a view link, B watches read-only, becomes an editor, and a revoked link lets nobody in', async ({ browser }) => {
  const contexts = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  const [ca, cb, cc] = contexts as [BrowserContext, BrowserContext, BrowserContext];
  try {
    // A: signed out, the start page sends them to sign in; they sign up there instead.
    const a = await ca.newPage();
    await a.goto('/');
    await expect(a).toHaveURL(/\/signin\?next=/);
    await signUpInUi(a, 'Alice');
    await expect(a.getByTestId('account-menu')).toContainText('Alice');
    const created = await ca.request.post('/api/pages', { data: { title: 'Shared page', template: 'starter' } });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await a.goto(`/p/${id}`);
    await expect(a.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');

    await a.getByTestId('share-open').click();
    await expect(a.getByTestId('share-dialog')).toBeVisible();
    await a.getByTestId('share-link-create-viewer').click();
    const url = await a.getByTestId('share-link-url').inputValue();
    expect(url).toMatch(/\/join\/[^/]+$/);
    await a.keyboard.press('Escape');

    // B opens the link signed out: sign up first, then straight into the page, view only.
    const b = await cb.newPage();
    await b.goto(url);
    await expect(b).toHaveURL(/\/signup\?next=/);
    await signUpInUi(b, 'Bob');
    await expect(b).toHaveURL(new RegExp(`/p/${id}$`));
    await expect(b.getByTestId('view-only-badge')).toBeVisible();
    await expect(b.getByTestId('palette')).toHaveCount(0);
    await expect(b.getByTestId('undo')).toHaveCount(0);

    // A edits; B sees it live.
    await selectOnCanvas(a, 'hero-heading');
    await propField(a, 'text').fill('Hello from Alice');
    await expectCanvasText(b, 'hero-heading', 'Hello from Alice');

    // B cannot edit: the properties are disabled, keys change nothing, and a patch over B's session is refused.
    await selectOnCanvas(b, 'hero-heading');
    await expect(propField(b, 'text')).toBeDisabled();
    await b.keyboard.press('Delete');
    const raw = await RawPeer.join(baseURLOf(), id, { cookie: await sessionCookie(cb) });
    await expect(raw.patch([{ op: 'replace', path: '/components/hero-heading/props/text', value: 'Bob was here' }])).rejects.toThrow(
      /forbidden/,
    );
    raw.close();
    await a.reload();
    await expectCanvasText(a, 'hero-heading', 'Hello from Alice');
    await expect(a.getByTestId('canvas-node-hero-heading')).toHaveCount(1);

    // A makes B an editor: B's tools come back at once and B's edit reaches A.
    await a.getByTestId('share-open').click();
    const bobRow = a.getByTestId('share-dialog').locator('li', { hasText: 'Bob' });
    await bobRow.getByTestId('share-member-role').selectOption('editor');
    await expect(b.getByTestId('view-only-badge')).toHaveCount(0);
    await expect(b.getByTestId('palette')).toBeVisible();
    await selectOnCanvas(b, 'hero-heading');
    await propField(b, 'text').fill('Bob edits too');
    await expectCanvasText(a, 'hero-heading', 'Bob edits too');

    // A revokes the link; a third person cannot join with it.
    await a.getByTestId('share-link-revoke').click();
    await expect(a.getByTestId('share-link-url')).toHaveCount(0);
    await signIn(cc, 'Cy');
    const c = await cc.newPage();
    await c.goto(url);
    await expect(c.getByTestId('join-error')).toContainText('revoked');
    expect((await cc.request.get(`/api/pages/${id}`)).status()).toBe(404);
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});
