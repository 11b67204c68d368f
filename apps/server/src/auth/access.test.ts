/**
 * The role matrix (issue 10): every access-checked route and every client
 * message type, for { no session, no role, viewer, editor, owner }, through a
 * real server on SQLite and on PostgreSQL (TEST_DATABASE_URL); then sessions,
 * cookies, tokens, the login limit, tickets, and role changes on live sockets.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PostgresStorage } from '../storage/postgres.ts';
import { SqliteStorage } from '../storage/sqlite.ts';
import type { PageStorage } from '../storage/storage.ts';
import {
  createPage,
  member,
  type RunningServer,
  requestTicket,
  type Session,
  signUp,
  startTestServer,
  TestClient,
  testDatabaseUrl,
  upgradeStatus,
  withSearchPath,
} from '../testing.ts';

type Who = 'none' | 'stranger' | 'viewer' | 'editor' | 'owner';
const WHO: Who[] = ['none', 'stranger', 'viewer', 'editor', 'owner'];

const base = testDatabaseUrl();
const backends = ['SQLite', 'PostgreSQL'];

interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies of many shapes, each checked by the assertions that read it
  body: any;
  headers: Headers;
}

describe.each(backends)('access on %s', (backend) => {
  let server: RunningServer;
  let dir: string | undefined;
  let admin: pg.Pool | undefined;
  const schema = `tandem_access_${randomBytes(5).toString('hex')}`;
  const people = {} as Record<Exclude<Who, 'none'>, Session>;

  const open = async (): Promise<PageStorage> => {
    if (backend === 'SQLite') {
      dir = mkdtempSync(path.join(tmpdir(), 'tandem-access-'));
      return SqliteStorage.open(path.join(dir, 'tandem.db'));
    }
    admin = new pg.Pool({ connectionString: base, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    return PostgresStorage.open(withSearchPath(base, schema));
  };

  beforeAll(async () => {
    server = await startTestServer({ storage: await open(), ownsStorage: true, config: { pagesPerMinute: 0 } });
    for (const who of ['stranger', 'owner'] as const) people[who] = await signUp(server, who);
  });
  afterAll(async () => {
    await server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (admin) {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  });

  const api = async (who: Who | Session, method: string, route: string, body?: unknown): Promise<Reply> => {
    const session = typeof who === 'string' ? (who === 'none' ? null : people[who]) : who;
    const headers: Record<string, string> = { ...(session ? { cookie: session.cookie } : {}) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${server.http}/api${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : JSON.parse(text), headers: res.headers };
  };
  const errorOf = (code: string) => ({ error: { code, message: expect.any(String) } });

  /** A page the owner made, with a viewer and an editor who joined by links (fresh accounts each time). */
  const page = async () => {
    const id = await createPage(server.http, people.owner, 'Matrix', 'landing');
    people.viewer = await member(server.http, people.owner, id, 'viewer', 'viewer');
    people.editor = await member(server.http, people.owner, id, 'editor', 'editor');
    return id;
  };

  /** The status each of { none, stranger, viewer, editor, owner } gets. */
  const routes: [string, number[], (who: Who, id: string) => Promise<Reply>][] = [
    ['GET /api/pages/:id', [401, 404, 200, 200, 200], (w, id) => api(w, 'GET', `/pages/${id}`)],
    ['GET /api/pages/:id/versions', [401, 404, 200, 200, 200], (w, id) => api(w, 'GET', `/pages/${id}/versions`)],
    ['GET /api/pages/:id/versions/:v', [401, 404, 200, 200, 200], (w, id) => api(w, 'GET', `/pages/${id}/versions/0`)],
    ['POST /api/tickets', [401, 404, 201, 201, 201], (w, id) => api(w, 'POST', '/tickets', { pageId: id })],
    ['PATCH /api/pages/:id', [401, 404, 403, 200, 200], (w, id) => api(w, 'PATCH', `/pages/${id}`, { title: `By ${w}` })],
    ['POST /api/pages/:id/restore', [401, 404, 403, 200, 200], (w, id) => api(w, 'POST', `/pages/${id}/restore`, { version: 0 })],
    ['GET /api/pages/:id/members', [401, 404, 403, 403, 200], (w, id) => api(w, 'GET', `/pages/${id}/members`)],
    [
      'PUT /api/pages/:id/members/:userId',
      [401, 404, 403, 403, 200],
      (w, id) => api(w, 'PUT', `/pages/${id}/members/${people.viewer.user.id}`, { role: 'viewer' }),
    ],
    [
      'DELETE /api/pages/:id/members/:userId',
      [401, 404, 403, 403, 204],
      (w, id) => api(w, 'DELETE', `/pages/${id}/members/${people.viewer.user.id}`),
    ],
    ['GET /api/pages/:id/links', [401, 404, 403, 403, 200], (w, id) => api(w, 'GET', `/pages/${id}/links`)],
    ['POST /api/pages/:id/links', [401, 404, 403, 403, 201], (w, id) => api(w, 'POST', `/pages/${id}/links`, { role: 'viewer' })],
    [
      'DELETE /api/pages/:id/links/:linkId',
      [401, 404, 403, 403, 204],
      async (w, id) => {
        const link = await api('owner', 'POST', `/pages/${id}/links`, { role: 'editor' });
        return api(w, 'DELETE', `/pages/${id}/links/${link.body.id}`);
      },
    ],
    ['DELETE /api/pages/:id', [401, 404, 403, 403, 204], (w, id) => api(w, 'DELETE', `/pages/${id}`)],
    ['GET /api/pages/:id/assets', [401, 404, 200, 200, 200], (w, id) => api(w, 'GET', `/pages/${id}/assets`)],
    ['GET /api/pages/:id/export', [401, 404, 200, 200, 200], (w, id) => api(w, 'GET', `/pages/${id}/export?format=json`)],
    ['GET /api/pages/:id/publications', [401, 404, 200, 200, 200], (w, id) => api(w, 'GET', `/pages/${id}/publications`)],
    ['POST /api/pages/:id/publish', [401, 404, 403, 201, 201], (w, id) => api(w, 'POST', `/pages/${id}/publish`, {})],
    ['DELETE /api/pages/:id/publish', [401, 404, 403, 200, 200], (w, id) => api(w, 'DELETE', `/pages/${id}/publish`)],
  ];

  describe('the role matrix', () => {
    it.each(routes)('[A2] %s answers %j for no session, no role, viewer, editor, owner', async (_route, expected, call) => {
      const id = await page();
      const before = (await api('owner', 'GET', `/pages/${id}`)).body;
      const members = (await api('owner', 'GET', `/pages/${id}/members`)).body;
      for (const [i, who] of WHO.entries()) {
        const reply = await call(who, id);
        expect(reply.status, `${who}`).toBe(expected[i]);
        if (reply.status === 401) expect(reply.body).toEqual(errorOf('unauthenticated'));
        if (reply.status === 404) expect(reply.body).toEqual(errorOf('not-found'));
        if (reply.status === 403) expect(reply.body).toEqual(errorOf('forbidden'));
        if (reply.status >= 400) {
          // Refused: the page and its members are as they were.
          expect((await api('owner', 'GET', `/pages/${id}`)).body, who).toEqual(before);
          expect((await api('owner', 'GET', `/pages/${id}/members`)).body, who).toEqual(members);
        }
      }
    });

    it('[A2] a page id that does not exist answers 404 to everyone signed in, as one they have no role on', async () => {
      for (const who of ['stranger', 'owner'] as const) {
        expect((await api(who, 'GET', '/pages/no-such-page')).status).toBe(404);
        expect((await api(who, 'DELETE', '/pages/no-such-page')).status).toBe(404);
        expect((await api(who, 'POST', '/tickets', { pageId: 'no-such-page' })).status).toBe(404);
      }
      expect(await server.server.storage.getPage('no-such-page')).toBeNull();
    });

    it('[A2] GET /api/pages lists only the pages with a role, each with it; POST /api/pages needs a session and makes the owner', async () => {
      const id = await page();
      expect((await api('none', 'GET', '/pages')).status).toBe(401);
      expect((await api('none', 'POST', '/pages', { title: 'x' })).status).toBe(401);
      for (const who of ['viewer', 'editor', 'owner'] as const) {
        const listed = (await api(who, 'GET', '/pages')).body.pages;
        expect(listed.find((p: { id: string }) => p.id === id)).toMatchObject({ id, role: who });
      }
      const theirs = (await api('stranger', 'GET', '/pages')).body.pages.map((p: { id: string }) => p.id);
      expect(theirs).not.toContain(id);
      const made = await api('stranger', 'POST', '/pages', { title: 'Mine' });
      expect(made.status).toBe(201);
      expect((await api('stranger', 'GET', `/pages/${made.body.id}`)).body.role).toBe('owner');
      expect((await api('owner', 'GET', `/pages/${made.body.id}`)).status).toBe(404);
    });

    it('[A3] members: names and emails, role changes, and a page always keeps one owner (409 conflict)', async () => {
      const id = await page();
      const { members } = (await api('owner', 'GET', `/pages/${id}/members`)).body;
      expect(members).toEqual([
        { userId: people.owner.user.id, name: 'owner', email: people.owner.user.email, role: 'owner' },
        { userId: people.editor.user.id, name: 'editor', email: people.editor.user.email, role: 'editor' },
        { userId: people.viewer.user.id, name: 'viewer', email: people.viewer.user.email, role: 'viewer' },
      ]);
      const me = `/pages/${id}/members/${people.owner.user.id}`;
      expect(await api('owner', 'PUT', me, { role: 'editor' })).toMatchObject({ status: 409, body: errorOf('conflict') });
      expect(await api('owner', 'DELETE', me)).toMatchObject({ status: 409, body: errorOf('conflict') });
      expect((await api('owner', 'PUT', `/pages/${id}/members/${people.editor.user.id}`, { role: 'owner' })).body.member).toMatchObject({
        role: 'owner',
      });
      expect((await api('owner', 'PUT', me, { role: 'editor' })).status).toBe(200);
      expect((await api('owner', 'GET', `/pages/${id}/members`)).status).toBe(403);
      expect((await api('owner', 'PUT', `/pages/${id}/members/nobody`, { role: 'viewer' })).status).toBe(403);
      expect((await api(people.editor, 'PUT', `/pages/${id}/members/nobody`, { role: 'viewer' })).status).toBe(404);
      expect((await api(people.editor, 'PUT', me, { role: 'admin' })).status).toBe(400);
    });

    it('[A4] links: a url per token, join never lowers a role, a revoked or unknown token is 404', async () => {
      const id = await page();
      const link = await api('owner', 'POST', `/pages/${id}/links`, { role: 'viewer' });
      expect(link).toMatchObject({ status: 201, body: { id: expect.any(String), role: 'viewer', token: expect.any(String) } });
      expect(link.body.url).toBe(`/join/${link.body.token}`);
      expect(Buffer.from(link.body.token, 'base64url')).toHaveLength(32);
      expect((await api('owner', 'POST', `/pages/${id}/links`, { role: 'owner' })).status).toBe(400);
      expect((await api('owner', 'GET', `/pages/${id}/links`)).body.links).toContainEqual(link.body);
      // The editor joins by a view link: still an editor.
      expect((await api('editor', 'POST', '/join', { token: link.body.token })).body).toEqual({ pageId: id, role: 'editor' });
      expect((await api('none', 'POST', '/join', { token: link.body.token })).status).toBe(401);
      expect((await api('stranger', 'POST', '/join', { token: link.body.token })).body).toEqual({ pageId: id, role: 'viewer' });
      expect((await api('owner', 'DELETE', `/pages/${id}/links/${link.body.id}`)).status).toBe(204);
      expect((await api('owner', 'GET', `/pages/${id}/links`)).body.links).not.toContainEqual(link.body);
      const late = await signUp(server, 'Late');
      expect(await api(late, 'POST', '/join', { token: link.body.token })).toMatchObject({ status: 404, body: errorOf('not-found') });
      expect((await api(late, 'POST', '/join', { token: 'x'.repeat(43) })).status).toBe(404);
      expect((await api(late, 'GET', `/pages/${id}`)).status).toBe(404);
    });

    it('[A6] the message types: a viewer may watch and point, not patch (forbidden, nothing applied, socket open); editors and owners patch', async () => {
      const id = await page();
      const [owner, editor, viewer] = await Promise.all([
        TestClient.join(server, id, people.owner),
        TestClient.join(server, id, people.editor),
        TestClient.join(server, id, people.viewer),
      ]);
      const heading = (text: string) => [{ op: 'replace', path: '/components/hero-heading/props/text', value: text }];
      expect(viewer.sync.payload.you.userId).toBe(people.viewer.user.id);
      viewer.sendPatch(heading('by the viewer'), 0, 'viewer-op');
      expect((await viewer.next('error')).payload).toEqual({ code: 'forbidden', message: expect.any(String), opId: 'viewer-op' });
      viewer.send({ type: 'presence', payload: { selection: ['hero-heading'] } });
      expect((await owner.next('presence')).payload).toEqual({ userId: people.viewer.user.id, selection: ['hero-heading'] });
      for (const [client, opId] of [
        [editor, 'editor-op'],
        [owner, 'owner-op'],
      ] as const) {
        client.sendPatch(heading(opId), client === editor ? 0 : 1, opId);
        expect((await client.next('ack')).payload.opId).toBe(opId);
      }
      const ops = [await viewer.next('op-patch'), await viewer.next('op-patch')].map((m) => m.payload.opId);
      expect(ops).toEqual(['editor-op', 'owner-op']);
      expect(viewer.closeCode).toBeNull();
      const doc = (await api('owner', 'GET', `/pages/${id}`)).body;
      expect(doc.version).toBe(2);
      expect(viewer.all('ack')).toEqual([]);
      // Without a session there is no ticket, without a role no ticket either, and no socket without a ticket.
      expect((await api('none', 'POST', '/tickets', { pageId: id })).status).toBe(401);
      expect((await api('stranger', 'POST', '/tickets', { pageId: id })).status).toBe(404);
      expect(await upgradeStatus(`${server.ws}/ws/${id}`)).toBe(401);
      await Promise.all([owner.close(), editor.close(), viewer.close()]);
    });

    it('[A6] a role change takes effect at once: access to every socket of that person, a demoted editor is forbidden, a removed member closed with 4403', async () => {
      const id = await page();
      const [tab1, tab2, viewer] = await Promise.all([
        TestClient.join(server, id, people.editor),
        TestClient.join(server, id, people.editor),
        TestClient.join(server, id, people.viewer),
      ]);
      const heading = (text: string) => [{ op: 'replace', path: '/components/hero-heading/props/text', value: text }];
      const editorPath = `/pages/${id}/members/${people.editor.user.id}`;
      expect((await api('owner', 'PUT', editorPath, { role: 'viewer' })).status).toBe(200);
      expect((await tab1.next('access')).payload).toEqual({ role: 'viewer' });
      expect((await tab2.next('access')).payload).toEqual({ role: 'viewer' });
      expect(viewer.all('access')).toEqual([]);
      tab1.sendPatch(heading('demoted'), 0, 'demoted-op');
      expect((await tab1.next('error')).payload).toMatchObject({ code: 'forbidden', opId: 'demoted-op' });
      expect((await api('owner', 'GET', `/pages/${id}`)).body.version).toBe(0);
      expect((await api('owner', 'PUT', editorPath, { role: 'editor' })).status).toBe(200);
      expect((await tab1.next('access')).payload).toEqual({ role: 'editor' });
      tab1.sendPatch(heading('promoted'), 0, 'promoted-op');
      expect((await tab1.next('ack')).payload).toEqual({ opId: 'promoted-op', version: 1 });

      const viewerPath = `/pages/${id}/members/${people.viewer.user.id}`;
      const ticket = await requestTicket(server.http, id, people.viewer);
      expect((await api('owner', 'DELETE', viewerPath)).status).toBe(204);
      expect(await viewer.closed).toBe(4403);
      // A ticket issued before the removal no longer opens a socket, and no new one is issued.
      expect(await upgradeStatus(`${server.ws}/ws/${id}?ticket=${ticket.ticket}`)).toBe(403);
      expect((await api(people.viewer, 'POST', '/tickets', { pageId: id })).status).toBe(404);
      expect(tab1.closeCode).toBeNull();
      await Promise.all([tab1.close(), tab2.close()]);
    });

    it('[A6] one person in two tabs is one person: one avatar, one colour on every page, and the account name whatever the body says', async () => {
      const id = await page();
      const other = await createPage(server.http, people.owner, 'Other');
      const link = await api('owner', 'POST', `/pages/${other}/links`, { role: 'viewer' });
      expect((await api('editor', 'POST', '/join', { token: link.body.token })).body).toEqual({ pageId: other, role: 'viewer' });
      const watcher = await TestClient.join(server, id, people.owner);
      const tab1 = await TestClient.join(server, id, people.editor);
      const tab2 = await TestClient.join(server, id, people.editor);
      expect(tab2.sync.payload.users.filter((u) => u.userId === people.editor.user.id)).toHaveLength(1);
      expect(tab2.sync.payload.you).toEqual(tab1.sync.payload.you);
      expect(tab1.sync.payload.you).toEqual({ userId: people.editor.user.id, userName: 'editor', color: expect.stringMatching(/^#/) });
      await tab2.close();
      await tab1.next('ack', 200).catch(() => null);
      expect(watcher.all('user-join').map((m) => m.payload.userId)).toEqual([people.editor.user.id]);
      expect(watcher.all('user-leave')).toEqual([]);
      await tab1.close();
      await watcher.next('user-leave');
      const res = await fetch(`${server.http}/api/tickets`, {
        method: 'POST',
        headers: people.editor.headers,
        body: JSON.stringify({ pageId: other, userName: 'Alice (owner)' }),
      });
      expect(res.status).toBe(201);
      const { ticket } = (await res.json()) as { ticket: string };
      const socket = new WebSocket(`${server.ws}/ws/${other}?ticket=${ticket}`);
      const sync = await new Promise<{ payload: { you: unknown } }>((resolve) =>
        socket.once('message', (d) => resolve(JSON.parse(d.toString()))),
      );
      expect(sync.payload.you).toEqual(tab1.sync.payload.you);
      socket.close();
      await watcher.close();
    });

    it('[A7] history authors are the accounts that made the changes', async () => {
      const id = await page();
      expect((await api('editor', 'PATCH', `/pages/${id}`, { title: 'Renamed', userName: 'Alice (owner)' })).status).toBe(200);
      expect((await api('owner', 'POST', `/pages/${id}/restore`, { version: 0, userName: 'Mallory' })).status).toBe(200);
      const { versions } = (await api('viewer', 'GET', `/pages/${id}/versions`)).body;
      // The restore keeps the page before it as a version of its own.
      expect(versions.slice(0, 2).map((v: { version: number; authors: string[] }) => [v.version, v.authors])).toEqual([
        [2, ['owner']],
        [1, ['editor']],
      ]);
    });
  });
});
