import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Operation, type PageDocument, starterDocument, TEMPLATES, templateDocument } from '@tandem/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStorage } from './storage/sqlite.ts';
import { allow, delay, type RunningServer, type Session, signUp, startTestServer, TestClient } from './testing.ts';

let server: RunningServer;
let dir: string;
/** Ada makes the requests unless a test says otherwise: the owner of every page she creates. */
let ada: Session;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tandem-pages-'));
  server = await startTestServer({
    storage: SqliteStorage.open(path.join(dir, 'tandem.db')),
    ownsStorage: true,
    config: { snapshotEvery: 3, sessionEndMs: 50 },
  });
  ada = await signUp(server, 'Ada');
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies of many shapes, each checked by the assertions that read it
  body: any;
}

async function api(method: string, route: string, body?: unknown, as: Session = ada): Promise<Reply> {
  const res = await fetch(`${server.http}/api${route}`, {
    method,
    headers: body === undefined ? { cookie: as.cookie } : as.headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text) };
}

const errorOf = (code: string) => ({ error: { code, message: expect.any(String) } });

async function createPage(title = 'A page', template?: string): Promise<string> {
  const res = await api('POST', '/pages', { title, ...(template ? { template } : {}) });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const setHeading = (text: string): Operation[] => [{ op: 'replace', path: '/components/hero-heading/props/text', value: text }];

/** A page made from the starter document, owned by Ada, with `n` edits by her. */
async function editedPage(n: number): Promise<{ id: string; ada: Awaited<ReturnType<typeof TestClient.join>> }> {
  const id = `edited-${Math.random().toString(36).slice(2, 10)}`;
  await allow(server, id, ada.user.id);
  const client = await TestClient.join(server, id, ada);
  for (let v = 1; v <= n; v++) {
    client.sendPatch(setHeading(`v${v}`), v - 1, `ada-${id}-${v}`);
    await client.next('ack');
  }
  return { id, ada: client };
}

describe('POST /api/pages', () => {
  it.each(TEMPLATES.map((t) => t.id))('creates a page from the %s template, with the title asked for', async (template) => {
    const res = await api('POST', '/pages', { title: 'Spring sale', template });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/) });
    const page = await api('GET', `/pages/${res.body.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toEqual({
      id: res.body.id,
      title: 'Spring sale',
      version: 0,
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
      role: 'owner',
      document: templateDocument(template, 'Spring sale'),
    });
  });

  it('starts from the blank template when none is named, and trims the title', async () => {
    const id = await createPage('  Notes  ');
    expect((await api('GET', `/pages/${id}`)).body.document).toEqual(templateDocument('blank', 'Notes'));
  });

  it.each([
    ['no title', { template: 'blank' }],
    ['an empty title', { title: '   ' }],
    ['a title of 201 characters', { title: 'x'.repeat(201) }],
    ['an unknown template', { title: 'T', template: 'magazine' }],
    ['a body that is not an object', ['T']],
    ['malformed JSON', '{"title":'],
  ])('answers %s with 400 bad-request', async (_name, body) => {
    const res = await api('POST', '/pages', body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(errorOf('bad-request'));
  });
});

describe('GET /api/pages', () => {
  it('[A2] lists the pages the person has a role on, with id, title, version, times and role, the most recently changed first', async () => {
    const older = await createPage('Older');
    const newer = await createPage('Newer');
    const { id: edited, ada } = await editedPage(1);
    await ada.close();
    const res = await api('GET', '/pages');
    expect(res.status).toBe(200);
    const ids = res.body.pages.map((p: { id: string }) => p.id);
    expect(ids.indexOf(edited)).toBeLessThan(ids.indexOf(newer));
    expect(ids.indexOf(newer)).toBeLessThan(ids.indexOf(older));
    expect(res.body.pages.find((p: { id: string }) => p.id === edited)).toEqual({
      id: edited,
      title: 'Untitled page',
      version: 1,
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
      role: 'owner',
    });
    // Bob has a role on none of them: his list has none of them.
    const bob = await signUp(server, 'Bob');
    const his = (await api('GET', '/pages', undefined, bob)).body.pages.map((p: { id: string }) => p.id);
    expect(his).toEqual([]);
    const mine = await createPage('Shared');
    await allow(server, mine, bob.user.id, 'viewer');
    expect((await api('GET', '/pages', undefined, bob)).body.pages).toEqual([expect.objectContaining({ id: mine, role: 'viewer' })]);
  });
});

describe('GET /api/pages/:id', () => {
  it('gives what was saved, up to the last acknowledged patch', async () => {
    const { id, ada } = await editedPage(2);
    const res = await api('GET', `/pages/${id}`);
    expect(res.body.version).toBe(2);
    expect(res.body.document.components['hero-heading'].props.text).toBe('v2');
    await ada.close();
  });

  it('answers an unknown page with 404, a malformed id with 400', async () => {
    expect(await api('GET', '/pages/nope-never')).toEqual({ status: 404, body: errorOf('not-found') });
    expect(await api('GET', '/pages/bad%20id')).toEqual({ status: 400, body: errorOf('bad-request') });
  });
});

describe('PATCH /api/pages/:id', () => {
  it('[A7] renames the page as one patch that everyone in it sees, by the signed-in editor, and the list follows', async () => {
    const { id, ada } = await editedPage(1);
    const bob = await signUp(server, 'Bob');
    await allow(server, id, bob.user.id, 'editor');
    const res = await api('PATCH', `/pages/${id}`, { title: 'Renamed', userName: 'Alice (owner)' }, bob);
    expect(res).toEqual({
      status: 200,
      body: {
        version: 2,
        opId: expect.stringMatching(/^server-/),
        patches: [{ op: 'replace', path: '/components/root/props/title', value: 'Renamed' }],
      },
    });
    const seen = await ada.next('op-patch');
    expect(seen.payload).toEqual({ version: 2, opId: res.body.opId, patches: res.body.patches });
    expect(seen.senderId).toBe(bob.user.id);
    const listed = (await api('GET', '/pages')).body.pages.find((p: { id: string }) => p.id === id);
    expect(listed).toMatchObject({ title: 'Renamed', version: 2 });
    // The same title again changes nothing.
    expect((await api('PATCH', `/pages/${id}`, { title: 'Renamed' })).body).toEqual({ version: 2, opId: null, patches: [] });
    await ada.close();
  });

  it('renames a page nobody has open', async () => {
    const id = await createPage('Before');
    expect((await api('PATCH', `/pages/${id}`, { title: 'After' })).status).toBe(200);
    expect((await api('GET', `/pages/${id}`)).body).toMatchObject({ title: 'After', version: 1 });
  });

  it('answers a bad title with 400 and an unknown page with 404', async () => {
    const id = await createPage();
    expect(await api('PATCH', `/pages/${id}`, { title: '' })).toEqual({ status: 400, body: errorOf('bad-request') });
    expect(await api('PATCH', `/pages/${id}`, { name: 'x' })).toEqual({ status: 400, body: errorOf('bad-request') });
    expect(await api('PATCH', '/pages/nope-never', { title: 'x' })).toEqual({ status: 404, body: errorOf('not-found') });
  });
});

describe('DELETE /api/pages/:id', () => {
  it('closes the room with 4404, forgets the page, and keeps its id from coming back', async () => {
    const { id, ada } = await editedPage(1);
    const res = await api('DELETE', `/pages/${id}`);
    expect(res).toEqual({ status: 204, body: null });
    expect(await ada.closed).toBe(4404);
    expect(await api('GET', `/pages/${id}`)).toEqual({ status: 410, body: errorOf('page-deleted') });
    expect((await api('GET', '/pages')).body.pages.map((p: { id: string }) => p.id)).not.toContain(id);
    expect(await api('DELETE', `/pages/${id}`)).toEqual({ status: 410, body: errorOf('page-deleted') });
    expect(await api('GET', `/pages/${id}/versions`)).toEqual({ status: 410, body: errorOf('page-deleted') });
    const ticket = await api('POST', '/tickets', { pageId: id });
    expect(ticket).toEqual({ status: 410, body: errorOf('page-deleted') });
  });

  it('answers an unknown page with 404', async () => {
    expect(await api('DELETE', '/pages/nope-never')).toEqual({ status: 404, body: errorOf('not-found') });
  });
});

describe('versions', () => {
  it('lists snapshots newest first, with time and authors', async () => {
    const { id, ada } = await editedPage(3);
    const bob = await TestClient.join(server, id, 'Bob');
    for (let v = 4; v <= 6; v++) {
      bob.sendPatch(setHeading(`v${v}`), v - 1, `bob-${id}-${v}`);
      await bob.next('ack');
    }
    const res = await api('GET', `/pages/${id}/versions`);
    expect(res.status).toBe(200);
    // SNAPSHOT_EVERY is 3 here.
    expect(res.body.versions).toEqual([
      { version: 6, ts: expect.any(Number), authors: ['Bob'] },
      { version: 3, ts: expect.any(Number), authors: ['Ada'] },
      { version: 0, ts: expect.any(Number), authors: [] },
    ]);
    expect(res.body.versions[0].ts).toBeGreaterThanOrEqual(res.body.versions[1].ts);
    await Promise.all([ada.close(), bob.close()]);
  });

  it('gives the document at any kept version', async () => {
    const { id, ada } = await editedPage(4);
    const at = async (v: number | string) => api('GET', `/pages/${id}/versions/${v}`);
    expect((await at(0)).body).toEqual({ version: 0, document: starterDocument() });
    expect((await at(2)).body.document.components['hero-heading'].props.text).toBe('v2');
    expect((await at(4)).body.version).toBe(4);
    expect(await at(5)).toEqual({ status: 404, body: errorOf('version-unavailable') });
    expect(await at('two')).toEqual({ status: 400, body: errorOf('bad-request') });
    expect(await api('GET', '/pages/nope-never/versions/0')).toEqual({ status: 404, body: errorOf('not-found') });
    await ada.close();
  });
});

describe('POST /api/pages/:id/restore', () => {
  it('[H1][H2][#11 bug 7] applies the difference as one patch that everyone sees, labelled a restore, with the page before it labelled in the history', async () => {
    const { id, ada } = await editedPage(4);
    // Something structural too: a new Text at the end, which the restore must take away again.
    ada.sendPatch(
      [
        { op: 'add', path: '/components/extra', value: { id: 'extra', type: 'Text', props: { text: 'extra' }, children: [] } },
        { op: 'add', path: '/components/hero/children/-', value: 'extra' },
      ],
      4,
      `ada-${id}-extra`,
    );
    await ada.next('ack');
    const bob = await TestClient.join(server, id, 'Bob');
    const v2 = (await api('GET', `/pages/${id}/versions/2`)).body.document as PageDocument;

    const cy = await signUp(server, 'Cy');
    await allow(server, id, cy.user.id, 'editor');
    const res = await api('POST', `/pages/${id}/restore`, { version: 2, userName: 'Mallory' }, cy);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ version: 6, opId: expect.stringMatching(/^server-/), patches: expect.any(Array) });
    for (const op of res.body.patches) expect(['add', 'remove', 'replace']).toContain(op.op);
    // One ordinary op-patch, to everyone in the room.
    for (const client of [ada, bob])
      expect((await client.next('op-patch')).payload).toEqual({
        version: 6,
        opId: res.body.opId,
        patches: res.body.patches,
        origin: { kind: 'restore', version: 2, userName: 'Cy' },
      });
    expect((await api('GET', `/pages/${id}`)).body).toMatchObject({ version: 6, document: v2 });
    const versions = (await api('GET', `/pages/${id}/versions`)).body.versions;
    const label = (kind: string) => ({ kind, userName: 'Cy', restoredFrom: 2, ts: expect.any(Number) });
    expect(versions.slice(0, 2)).toEqual([
      { version: 6, ts: expect.any(Number), authors: ['Cy'], label: label('restore') },
      { version: 5, ts: expect.any(Number), authors: ['Ada'], label: label('before-restore') },
    ]);
    await Promise.all([ada.close(), bob.close()]);
  });

  it('[H1][#11 bug 7] stores the page as a person leaves it, labelled the end of their session, only when they edited and stayed away', async () => {
    const { id, ada: first } = await editedPage(2);
    const bob = await TestClient.join(server, id, 'Bob');
    const versionsNow = async () => (await api('GET', `/pages/${id}/versions`)).body.versions as { version: number; label?: unknown }[];
    // Bob only looked: his leaving stores nothing.
    await bob.close();
    // A second tab of Ada's keeps her session open when the first one goes.
    const again = await TestClient.join(server, id, ada);
    await first.close();
    again.sendPatch(setHeading('v3'), 2, `ada-${id}-3`);
    await again.next('ack');
    expect((await versionsNow()).map((v) => v.label ?? null)).not.toContainEqual(expect.objectContaining({ kind: 'session-end' }));
    await again.close();
    // Her leaving is stored once the server has seen the socket close: ask until it shows.
    let versions = await versionsNow();
    for (let tries = 0; tries < 250 && !versions.some((v) => v.label !== undefined); tries++) {
      await delay(20);
      versions = await versionsNow();
    }
    expect(versions[0]).toEqual({
      version: 3,
      ts: expect.any(Number),
      authors: ['Ada'],
      label: { kind: 'session-end', userName: 'Ada', ts: expect.any(Number) },
    });
    expect(versions.filter((v) => v.label !== undefined)).toHaveLength(1);
  });

  it('[H1] ends the session of whoever edited and left when the room unloads first, once, and not again when its timer fires', async () => {
    const dir2 = mkdtempSync(path.join(tmpdir(), 'tandem-unload-'));
    // The room goes idle long before anyone's session timer would fire.
    const quick = await startTestServer({
      storage: SqliteStorage.open(path.join(dir2, 'tandem.db')),
      ownsStorage: true,
      config: { sessionEndMs: 3000, roomIdleMs: 20 },
    });
    try {
      const owner = await signUp(quick, 'Ada');
      const id = `unload-${Math.random().toString(36).slice(2, 10)}`;
      await allow(quick, id, owner.user.id);
      const client = await TestClient.join(quick, id, owner);
      client.sendPatch(setHeading('v1'), 0, `ada-${id}-1`);
      await client.next('ack');
      await client.close();
      const versions = async () => {
        const res = await fetch(`${quick.http}/api/pages/${id}/versions`, { headers: { cookie: owner.cookie } });
        return ((await res.json()) as { versions: { version: number; label?: { kind: string; userName: string } }[] }).versions;
      };
      // Asked for 2 s at most: well before the 3 s timer, so only the unload can have labelled it.
      const left = Date.now();
      let labelled = await versions();
      while (Date.now() - left < 2000 && !labelled.some((v) => v.label)) {
        await delay(10);
        labelled = await versions();
      }
      expect(labelled[0]).toMatchObject({ version: 1, label: { kind: 'session-end', userName: 'Ada' } });
      // Past the session timer: still one label.
      await delay(3300 - (Date.now() - left));
      expect((await versions()).filter((v) => v.label)).toHaveLength(1);
    } finally {
      await quick.close();
      rmSync(dir2, { recursive: true, force: true });
    }
  });

  it('restores a page nobody has open, and restoring the current version changes nothing', async () => {
    const { id, ada } = await editedPage(2);
    await ada.close();
    expect((await api('POST', `/pages/${id}/restore`, { version: 0 })).body.version).toBe(3);
    expect((await api('GET', `/pages/${id}`)).body.document).toEqual(starterDocument());
    expect((await api('POST', `/pages/${id}/restore`, { version: 3 })).body).toEqual({ version: 3, opId: null, patches: [] });
  });

  it('answers bad input with 400, an unkept version and an unknown page with 404', async () => {
    const id = await createPage();
    expect(await api('POST', `/pages/${id}/restore`, { version: -1 })).toEqual({ status: 400, body: errorOf('bad-request') });
    expect(await api('POST', `/pages/${id}/restore`, { version: '1' })).toEqual({ status: 400, body: errorOf('bad-request') });
    expect(await api('POST', `/pages/${id}/restore`, { version: 9 })).toEqual({ status: 404, body: errorOf('version-unavailable') });
    expect(await api('POST', '/pages/nope-never/restore', { version: 0 })).toEqual({ status: 404, body: errorOf('not-found') });
  });
});

describe('tickets and templates', () => {
  it('[A5] answers a ticket for a page id that does not exist with 404, and creates no page', async () => {
    const id = `fresh-${Date.now()}`;
    expect(await api('POST', '/tickets', { pageId: id })).toEqual({ status: 404, body: errorOf('not-found') });
    expect(await server.server.storage.getPage(id)).toBeNull();
  });

  it('lists the templates', async () => {
    expect(await api('GET', '/templates')).toEqual({ status: 200, body: { templates: TEMPLATES } });
  });
});
