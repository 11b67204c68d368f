/**
 * The read routes never rebuild a page per request (issue 8): a loaded room
 * answers from memory, a page nobody has open is rebuilt from the store once
 * per version and then read from the cache; and `GET /api/pages` comes a
 * stretch at a time, following `nextCursor`. A real server on SQLite; the
 * store's `loadVersion` (the rebuild) is counted, not replaced.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Operation, PAGE_LIST_MAX_LIMIT, PageListResponseSchema, PageResponseSchema } from '@tandem/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStorage } from './storage/sqlite.ts';
import { allow, type RunningServer, type Session, signUp, startTestServer, TestClient, until } from './testing.ts';

let server: RunningServer;
let dir: string;
let rebuilds = 0;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tandem-reads-'));
  const storage = SqliteStorage.open(path.join(dir, 'tandem.db'));
  const loadVersion = storage.loadVersion.bind(storage);
  storage.loadVersion = (pageId, version) => {
    rebuilds++;
    return loadVersion(pageId, version);
  };
  server = await startTestServer({ storage, ownsStorage: true, config: { snapshotEvery: 3, roomIdleMs: 50, pagesPerMinute: 0 } });
  owner = await signUp(server, 'Ada');
});
/** The owner of every page here, and who makes the requests. */
let owner: Session;
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (route: string) => {
  const res = await fetch(`${server.http}/api${route}`, { headers: { cookie: owner.cookie } });
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies of several shapes, each checked by the assertions (or a schema) that read it
  return { status: res.status, body: (await res.json()) as any };
};
const setHeading = (text: string): Operation[] => [{ op: 'replace', path: '/components/hero-heading/props/text', value: text }];
const heading = (body: { document: { components: Record<string, { props: { text?: unknown } }> } }) =>
  body.document.components['hero-heading']?.props.text;

async function edit(id: string, n: number) {
  await allow(server, id, owner.user.id);
  const client = await TestClient.join(server, id, owner);
  for (let v = 1; v <= n; v++) {
    client.sendPatch(setHeading(`v${v}`), v - 1, `${id}-${v}`);
    await client.next('ack');
  }
  return client;
}

describe('GET /api/pages/:id and its versions', () => {
  it('answers from the live room while it is loaded: no rebuild, and each acknowledged patch is there', async () => {
    const ada = await edit('live-reads', 4);
    rebuilds = 0;
    for (let i = 0; i < 5; i++) {
      const res = await get('/pages/live-reads');
      expect(res.status).toBe(200);
      expect(PageResponseSchema.parse(res.body)).toMatchObject({ id: 'live-reads', version: 4, title: 'Untitled page' });
      expect(heading(res.body)).toBe('v4');
    }
    ada.sendPatch(setHeading('v5'), 4, 'live-reads-5');
    await ada.next('ack');
    expect(heading((await get('/pages/live-reads')).body)).toBe('v5');
    expect((await get('/pages/live-reads/versions/5')).body).toMatchObject({ version: 5 });
    expect(rebuilds).toBe(0);
    await ada.close();
  });

  it('rebuilds a page nobody has open once per version, then reads it from the cache', async () => {
    const ada = await edit('idle-reads', 5);
    await ada.close();
    await until(() => !server.server.hub.isLoaded('idle-reads'), 'the room unloads');
    rebuilds = 0;
    for (let i = 0; i < 5; i++) {
      const res = await get('/pages/idle-reads');
      expect(res.body).toMatchObject({ version: 5 });
      expect(heading(res.body)).toBe('v5');
    }
    expect(rebuilds).toBe(1);
    // An old version between two snapshots: one rebuild (snapshot 3, then patch 4), then cached.
    for (let i = 0; i < 3; i++) {
      const res = await get('/pages/idle-reads/versions/4');
      expect(res).toMatchObject({ status: 200, body: { version: 4 } });
      expect(heading(res.body)).toBe('v4');
    }
    expect(rebuilds).toBe(2);
    // A version the store does not have is still answered 404, each time from the store (nothing to cache).
    expect((await get('/pages/idle-reads/versions/9')).body).toMatchObject({ error: { code: 'version-unavailable' } });
  });

  it('forgets a deleted page: its reads answer 410, not a cached document', async () => {
    const ada = await edit('deleted-reads', 1);
    await ada.close();
    expect((await get('/pages/deleted-reads')).status).toBe(200);
    expect((await fetch(`${server.http}/api/pages/deleted-reads`, { method: 'DELETE', headers: { cookie: owner.cookie } })).status).toBe(
      204,
    );
    expect((await get('/pages/deleted-reads')).status).toBe(410);
    expect((await get('/pages/deleted-reads/versions/1')).status).toBe(410);
  });
});

describe('GET /api/pages, a stretch at a time', () => {
  it('follows nextCursor through every page exactly once, the most recently changed first, ending with null', async () => {
    for (let i = 0; i < 7; i++) {
      const res = await fetch(`${server.http}/api/pages`, {
        method: 'POST',
        headers: owner.headers,
        body: JSON.stringify({ title: `Listed ${i}` }),
      });
      expect(res.status).toBe(201);
    }
    const all = PageListResponseSchema.parse((await get('/pages')).body);
    expect(all.nextCursor).toBeNull();
    const seen: string[] = [];
    let cursor: string | null = null;
    let stretches = 0;
    do {
      const res = await get(`/pages?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      const body = PageListResponseSchema.parse(res.body);
      expect(body.pages.length).toBeLessThanOrEqual(3);
      seen.push(...body.pages.map((p) => p.id));
      cursor = body.nextCursor;
      stretches++;
    } while (cursor);
    expect(seen).toEqual(all.pages.map((p) => p.id));
    expect(stretches).toBe(Math.ceil(all.pages.length / 3));
    expect(all.pages.map((p) => p.updatedAt)).toEqual([...all.pages.map((p) => p.updatedAt)].sort((a, b) => b - a));
  });

  it('gives 50 by default and refuses a limit outside 1–200 or a cursor it did not give out', async () => {
    expect(PAGE_LIST_MAX_LIMIT).toBe(200);
    for (const bad of ['limit=0', 'limit=201', 'limit=ten', 'limit=1.5', 'cursor=nonsense', `cursor=${'x'.repeat(201)}`]) {
      const res = await get(`/pages?${bad}`);
      expect(res, bad).toEqual({ status: 400, body: { error: { code: 'bad-request', message: expect.any(String) } } });
    }
    const forged = Buffer.from(JSON.stringify([1, '../etc'])).toString('base64url');
    expect((await get(`/pages?cursor=${forged}`)).status).toBe(400);
    const listed = async () => PageListResponseSchema.parse((await get('/pages?limit=200')).body).pages.length;
    for (let n = await listed(); n <= 50; n++) {
      const res = await fetch(`${server.http}/api/pages`, {
        method: 'POST',
        headers: owner.headers,
        body: JSON.stringify({ title: `Filler ${n}` }),
      });
      expect(res.status).toBe(201);
    }
    const first = PageListResponseSchema.parse((await get('/pages')).body);
    expect(first.pages).toHaveLength(50);
    expect(first.nextCursor).toEqual(expect.any(String));
  });
});
