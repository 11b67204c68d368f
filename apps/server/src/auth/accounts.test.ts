/**
 * Accounts through a real server: sign-up and login answers, the session
 * cookie's flags, logout revoking the session, bearer tokens, the login rate
 * limit (per address and per email), SIGNUP=closed, and passwords at rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPage, type RunningServer, signUp, startTestServer } from '../testing.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const errorOf = (code: string) => ({ error: { code, message: expect.any(String) } });

describe('accounts', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { loginAttemptsPerMinute: 3 } });
  });
  afterAll(() => server.close());
  const url = (route: string) => `${server.http}/api${route}`;
  let n = 0;
  const email = () => `Person.${++n}.${Date.now()}@Example.com`;

  it('[A1] signs up with 201, the user, and an HttpOnly, SameSite=Lax, Path=/ session cookie (not Secure over plain HTTP)', async () => {
    const address = email();
    const res = await fetch(url('/auth/signup'), json({ email: address, password: 'long enough', name: ' Ada ' }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ user: { id: expect.any(String), email: address.toLowerCase(), name: 'Ada' } });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^tandem_session=[A-Za-z0-9_-]{43};/);
    const flags = cookie.split(';').map((f) => f.trim());
    expect(flags).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/', 'Max-Age=2592000']));
    expect(flags).not.toContain('Secure');
    const me = await fetch(url('/auth/me'), { headers: { cookie: cookie.split(';')[0] as string } });
    expect(await me.json()).toEqual({ user: { id: expect.any(String), email: address.toLowerCase(), name: 'Ada' } });
  });

  it('[A1] marks the cookie Secure when the request came over HTTPS (through a proxy on loopback)', async () => {
    const res = await fetch(
      url('/auth/signup'),
      json({ email: email(), password: 'long enough', name: 'Ada' }, { 'x-forwarded-proto': 'https' }),
    );
    expect(res.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('[A1] refuses a taken email whatever its case (409 email-taken), a short password and a bad name (400, saying why)', async () => {
    const address = email();
    expect((await fetch(url('/auth/signup'), json({ email: address, password: 'long enough', name: 'A' }))).status).toBe(201);
    const again = await fetch(url('/auth/signup'), json({ email: address.toUpperCase(), password: 'long enough', name: 'B' }));
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual(errorOf('email-taken'));
    const short = await fetch(url('/auth/signup'), json({ email: email(), password: 'short', name: 'A' }));
    expect(short.status).toBe(400);
    expect(((await short.json()) as { error: { message: string } }).error.message).toMatch(/password.*at least 8/);
    const nameless = await fetch(url('/auth/signup'), json({ email: email(), password: 'long enough', name: 'x'.repeat(65) }));
    expect(nameless.status).toBe(400);
  });

  it('[A1] logs in with the right password; a wrong password and an unknown email get the same 401 bad-credentials', async () => {
    const address = email();
    await fetch(url('/auth/signup'), json({ email: address, password: 'right password', name: 'Ada' }));
    const ok = await fetch(
      url('/auth/login'),
      json({ email: address.toUpperCase(), password: 'right password' }, { 'x-forwarded-for': '10.0.0.1' }),
    );
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { user: { name: string } }).user.name).toBe('Ada');
    expect(ok.headers.get('set-cookie')).toMatch(/^tandem_session=/);
    const wrong = await fetch(url('/auth/login'), json({ email: address, password: 'wrong password' }, { 'x-forwarded-for': '10.0.0.2' }));
    const unknown = await fetch(
      url('/auth/login'),
      json({ email: email(), password: 'right password' }, { 'x-forwarded-for': '10.0.0.3' }),
    );
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('[A1] logout answers 204 and revokes the session on the server: the same cookie no longer works', async () => {
    const ada = await signUp(server, 'Ada');
    const id = await createPage(server.http, ada);
    const out = await fetch(url('/auth/logout'), { method: 'POST', headers: { cookie: ada.cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^tandem_session=; .*Max-Age=0/);
    const me = await fetch(url('/auth/me'), { headers: { cookie: ada.cookie } });
    expect(me.status).toBe(401);
    expect(await me.json()).toEqual(errorOf('unauthenticated'));
    expect((await fetch(url(`/pages/${id}`), { headers: { cookie: ada.cookie } })).status).toBe(401);
    expect((await fetch(url('/auth/me'))).status).toBe(401);
  });

  it('[A1] a bearer token works wherever the cookie does, is shown once, and stops working when revoked', async () => {
    const ada = await signUp(server, 'Ada');
    const id = await createPage(server.http, ada);
    const made = await fetch(url('/auth/tokens'), json({ name: 'ci' }, { cookie: ada.cookie }));
    expect(made.status).toBe(201);
    const { id: tokenId, token } = (await made.json()) as { id: string; token: string };
    const bearer = { authorization: `Bearer ${token}` };
    expect(((await (await fetch(url('/auth/me'), { headers: bearer })).json()) as { user: { id: string } }).user.id).toBe(ada.user.id);
    expect((await fetch(url(`/pages/${id}`), { headers: bearer })).status).toBe(200);
    const ticket = await fetch(url('/tickets'), json({ pageId: id }, bearer));
    expect(ticket.status).toBe(201);
    expect((await fetch(url('/pages'), json({ title: 'By token' }, bearer))).status).toBe(201);
    // Someone else cannot revoke it; its owner can, with the token itself.
    const bob = await signUp(server, 'Bob');
    expect((await fetch(url(`/auth/tokens/${tokenId}`), { method: 'DELETE', headers: { cookie: bob.cookie } })).status).toBe(404);
    expect((await fetch(url(`/auth/tokens/${tokenId}`), { method: 'DELETE', headers: bearer })).status).toBe(204);
    expect((await fetch(url(`/pages/${id}`), { headers: bearer })).status).toBe(401);
    expect((await fetch(url('/auth/me'), { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);
  });

  it('[A1] limits login attempts per address and per email: 429 rate-limited with Retry-After', async () => {
    const address = email();
    await fetch(url('/auth/signup'), json({ email: address, password: 'right password', name: 'Ada' }));
    // One address, several emails: the fourth try is refused, even with the right password.
    for (let i = 0; i < 3; i++)
      await fetch(url('/auth/login'), json({ email: email(), password: 'guess' }, { 'x-forwarded-for': '10.1.1.1' }));
    const byAddress = await fetch(
      url('/auth/login'),
      json({ email: address, password: 'right password' }, { 'x-forwarded-for': '10.1.1.1' }),
    );
    expect(byAddress.status).toBe(429);
    expect(byAddress.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await byAddress.json()).toEqual(errorOf('rate-limited'));
    // One email, from many addresses: the same.
    const target = email();
    for (let i = 0; i < 3; i++)
      await fetch(url('/auth/login'), json({ email: target, password: 'guess' }, { 'x-forwarded-for': `10.2.0.${i}` }));
    const byEmail = await fetch(
      url('/auth/login'),
      json({ email: target.toUpperCase(), password: 'guess' }, { 'x-forwarded-for': '10.2.0.99' }),
    );
    expect(byEmail.status).toBe(429);
    expect(Number(byEmail.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another address and email are not affected.
    expect(
      (await fetch(url('/auth/login'), json({ email: address, password: 'right password' }, { 'x-forwarded-for': '10.3.0.1' }))).status,
    ).toBe(200);
  });

  it('[A1] GET /api/auth/config says whether sign-up is open and whether this is the first run', async () => {
    const fresh = await startTestServer();
    expect(await (await fetch(`${fresh.http}/api/auth/config`)).json()).toEqual({ signup: 'open', firstRun: true });
    await signUp(fresh, 'First');
    expect(await (await fetch(`${fresh.http}/api/auth/config`)).json()).toEqual({ signup: 'open', firstRun: false });
    await fresh.close();
  });
});

describe('COOKIE_SECURE=true', () => {
  it('[A1] marks the session cookie Secure even over plain HTTP', async () => {
    const server = await startTestServer({ config: { cookieSecure: true } });
    try {
      const res = await fetch(`${server.http}/api/auth/signup`, json({ email: 'secure@example.com', password: 'long enough', name: 'S' }));
      expect(res.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Lax; Max-Age=2592000; Secure$/);
    } finally {
      await server.close();
    }
  });
});

describe('SIGNUP=closed', () => {
  it('[A1] refuses sign-up (403 forbidden) except with a live share link', async () => {
    const server = await startTestServer({ config: { signup: 'closed' } });
    try {
      const body = (invite?: string) =>
        json({ email: `x${Date.now()}${Math.random()}@example.com`, password: 'long enough', name: 'X', invite });
      const refused = await fetch(`${server.http}/api/auth/signup`, body());
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual(errorOf('forbidden'));
      // The first account is made by whoever runs the server; here, directly in the store.
      await server.server.access.createUser({
        id: 'u-admin',
        email: 'admin@example.com',
        name: 'Admin',
        passwordHash: await hashPassword('admin password', 1024),
        color: '#000000',
        createdAt: 1,
      });
      const login = await fetch(`${server.http}/api/auth/login`, json({ email: 'admin@example.com', password: 'admin password' }));
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const id = await createPage(server.http, {
        user: { id: 'u-admin', email: '', name: '' },
        cookie,
        headers: { cookie, 'content-type': 'application/json' },
      });
      const link = (await (await fetch(`${server.http}/api/pages/${id}/links`, json({ role: 'viewer' }, { cookie }))).json()) as {
        token: string;
      };
      expect((await fetch(`${server.http}/api/auth/signup`, body('not-a-link'))).status).toBe(403);
      expect((await fetch(`${server.http}/api/auth/signup`, body(link.token))).status).toBe(201);
    } finally {
      await server.close();
    }
  });
});

describe('passwords', () => {
  it('[A1] are stored as scrypt hashes with a salt, never as given, and verify only the right password', async () => {
    const hash = await hashPassword('correct horse', 1024);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain('correct horse');
    expect(await hashPassword('correct horse', 1024)).not.toBe(hash);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsE', hash)).toBe(false);
    expect(await verifyPassword('correct horse', 'plain text')).toBe(false);
  });
});
