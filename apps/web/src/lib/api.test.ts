import { afterEach, expect, test } from 'vitest';
import { ApiError, createPage, deletePage, listPages, listTemplates, renamePage, restoreVersion } from './api.ts';
import { error, type FakeFetch, fakeFetch, json } from './testing/fake-fetch.ts';

let api: FakeFetch;
afterEach(() => api.restore());

const page = { id: 'p1', title: 'One', version: 3, createdAt: 1, updatedAt: 2, role: 'owner' };

test('requests go to the routes of the Pages API, with JSON bodies', async () => {
  api = fakeFetch({
    'GET /api/pages': () => json({ pages: [page], nextCursor: 'next-1' }),
    'GET /api/pages?limit=10&cursor=next-1': () => json({ pages: [], nextCursor: null }),
    'POST /api/pages': () => json({ id: 'new-id' }, 201),
    'PATCH /api/pages/p1': () => json({ version: 4, opId: 'op', patches: [] }),
    'DELETE /api/pages/p1': () => ({ status: 204 }),
    'POST /api/pages/p1/restore': () => json({ version: 5, opId: 'op2', patches: [] }),
  });
  expect(await listPages()).toEqual({ pages: [page], nextCursor: 'next-1' });
  expect(await listPages({ cursor: 'next-1', limit: 10 })).toEqual({ pages: [], nextCursor: null });
  expect(await createPage({ title: 'Hi', template: 'landing' })).toEqual({ id: 'new-id' });
  await renamePage('p1', 'Two');
  await deletePage('p1');
  await restoreVersion('p1', 0);
  expect(api.calls.map((c) => [c.method, c.path, c.body])).toEqual([
    ['GET', '/api/pages', undefined],
    ['GET', '/api/pages?limit=10&cursor=next-1', undefined],
    ['POST', '/api/pages', { title: 'Hi', template: 'landing' }],
    ['PATCH', '/api/pages/p1', { title: 'Two' }],
    ['DELETE', '/api/pages/p1', undefined],
    ['POST', '/api/pages/p1/restore', { version: 0 }],
  ]);
});

test('a list from a server that sends no nextCursor is read as the last stretch', async () => {
  api = fakeFetch({ 'GET /api/pages': () => json({ pages: [page] }) });
  expect(await listPages()).toEqual({ pages: [page], nextCursor: null });
});

test('a server that cannot be reached says so, also behind a proxy', async () => {
  api = fakeFetch({ 'GET /api/pages': () => 'network-error' });
  const down = await listPages().catch((e: unknown) => e);
  expect(down).toBeInstanceOf(ApiError);
  expect((down as ApiError).unreachable).toBe(true);
  expect((down as ApiError).message).toMatch(/Cannot reach the Tandem server/);
  for (const status of [500, 502, 504]) {
    api.on('GET /api/pages', () => ({ status }));
    expect(((await listPages().catch((e: unknown) => e)) as ApiError).code).toBe('network');
  }
  // Our own server's 500 says what went wrong, and that is shown.
  api.on('GET /api/pages', () => ({ status: 500, body: { error: { code: 'page-unreadable', message: 'bad snapshot' } } }));
  const unreadable = (await listPages().catch((e: unknown) => e)) as ApiError;
  expect([unreadable.status, unreadable.code]).toEqual([500, 'page-unreadable']);
  expect(unreadable.message).toContain('bad snapshot');
});

test("errors carry the server's code, with a message fit to show", async () => {
  api = fakeFetch({
    'DELETE /api/pages/gone': () => error(410, 'page-deleted', 'page gone was deleted'),
    'PATCH /api/pages/p1': () => error(400, 'bad-request', 'title: too long'),
    'GET /api/pages': () => json({ nope: true }),
  });
  const gone = (await deletePage('gone').catch((e: unknown) => e)) as ApiError;
  expect([gone.status, gone.code, gone.message]).toEqual([410, 'page-deleted', 'This page was deleted.']);
  const bad = (await renamePage('p1', 'x').catch((e: unknown) => e)) as ApiError;
  expect([bad.status, bad.code]).toEqual([400, 'bad-request']);
  expect(bad.message).toContain('title: too long');
  expect(((await listPages().catch((e: unknown) => e)) as ApiError).code).toBe('bad-response');
});

test('templates: unknown ones from a newer server are left out', async () => {
  api = fakeFetch({
    'GET /api/templates': () =>
      json({
        templates: [
          { id: 'blank', name: 'Blank', description: 'Empty' },
          { id: 'shop', name: 'Shop', description: 'Not known here' },
        ],
      }),
  });
  expect(await listTemplates()).toEqual([{ id: 'blank', name: 'Blank', description: 'Empty' }]);
});
