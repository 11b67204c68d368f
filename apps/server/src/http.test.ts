import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow, type RunningServer, type Session, signUp, startTestServer } from './testing.ts';

describe('HTTP API', () => {
  let server: RunningServer;
  let web: string;
  let ada: Session;
  beforeAll(async () => {
    web = mkdtempSync(path.join(tmpdir(), 'tandem-web-'));
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Tandem</title>');
    writeFileSync(path.join(web, 'app.js'), 'console.log(1)');
    server = await startTestServer({ config: { webDist: web } });
    ada = await signUp(server, 'Ada');
  });
  afterAll(() => server.close());

  const post = (route: string, body: string, type = 'application/json') =>
    fetch(`${server.http}${route}`, { method: 'POST', headers: { cookie: ada.cookie, 'content-type': type }, body });

  it('answers GET /healthz with {"ok":true}', async () => {
    const res = await fetch(`${server.http}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('[A6] issues a ticket with 201 for a page the person has a role on, carrying the account and the role', async () => {
    await allow(server, 'http-new', ada.user.id);
    const res = await post('/api/tickets', JSON.stringify({ pageId: 'http-new' }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { expiresAt: number };
    expect(body).toEqual({ ticket: expect.any(String), userId: ada.user.id, expiresAt: expect.any(Number), role: 'owner' });
    expect(body.expiresAt).toBeGreaterThan(Date.now() + 55_000);
  });

  it.each([
    ['an empty user name', JSON.stringify({ pageId: 'http-new', userName: '  ' })],
    ['a user name that is not a string', JSON.stringify({ pageId: 'http-new', userName: 7 })],
  ])("[A6] ignores %s: the name is the account's", async (_name, body) => {
    await allow(server, 'http-new', ada.user.id);
    expect((await post('/api/tickets', body)).status).toBe(201);
  });

  it.each([
    ['a missing pageId', JSON.stringify({ userName: 'Ada' })],
    ['a page id with a space', JSON.stringify({ pageId: 'a b', userName: 'Ada' })],
    ['a page id of 65 characters', JSON.stringify({ pageId: 'a'.repeat(65), userName: 'Ada' })],
    ['a body that is not an object', JSON.stringify(['ok'])],
    ['malformed JSON', '{"pageId":'],
  ])('rejects %s with 400 and an error body', async (_name, body) => {
    const res = await post('/api/tickets', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad-request', message: expect.any(String) } });
  });

  it('rejects an oversized body with 413', async () => {
    const res = await post('/api/tickets', JSON.stringify({ pageId: 'ok', userName: 'x'.repeat(100_000) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too-large');
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const res = await fetch(`${server.http}/api/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not-found');
  });

  it('serves the web app, falling back to index.html for client routes', async () => {
    const page = await fetch(`${server.http}/p/some-page`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Tandem</title>');
    expect(await (await fetch(`${server.http}/app.js`)).text()).toBe('console.log(1)');
  });
});
