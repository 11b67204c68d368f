/**
 * CollabClient against the real server (apps/server), started in-process on an
 * ephemeral port. The socket tap records frames and holds or drops incoming ones
 * to stage races and losses deterministically.
 */
import { CollabClient, type CollabClientOptions, type CollabEvent, localPendingStore, MAX_BAD_VERSION_RESENDS } from '@tandem/client';
import { type Operation, type PageDocument, starterDocument } from '@tandem/protocol';
import { createLogger, createServer, MemoryStorage, type TandemServer } from '@tandem/server';
import { signedInFetch, TestClient } from '@tandem/server/testing';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import WebSocket from 'ws';
import { SocketTap, TappedSocket } from './test-socket.ts';

const STARTER_TEXT = starterDocument().components['hero-text']?.props.text as string;
const baseOf = (path: string, value: string): Operation => ({ op: 'test', path, value });

let server: TandemServer;
let storage: MemoryStorage;
let baseUrl: string;
const clients: CollabClient[] = [];
let pageCounter = 0;

beforeAll(async () => {
  storage = new MemoryStorage();
  server = createServer({
    storage,
    log: createLogger('silent'),
    config: { port: 0, host: '127.0.0.1', maxMessageBytes: 16 * 1024, passwordCost: 1024 },
  });
  baseUrl = `http://127.0.0.1:${await server.listen()}`;
});

afterAll(async () => {
  await server.close();
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

const newPage = () => `client-test-${process.pid}-${++pageCounter}`;

function makeClient(pageId: string, userName: string, extra: Partial<CollabClientOptions> = {}) {
  const tap = new SocketTap();
  const events: CollabEvent[] = [];
  // A fresh account of that name, an editor of the page (its owner when new), unless `extra.fetch` reuses someone's.
  const fetch = signedInFetch(server, pageId, userName);
  const client = new CollabClient({
    baseUrl,
    pageId,
    userName,
    WebSocket: tap.WebSocket,
    backoff: { initialMs: 20, maxMs: 200 },
    fetch,
    ...extra,
  });
  client.subscribe((event) => events.push(event));
  clients.push(client);
  const errors = () => events.flatMap((e) => (e.type === 'error' ? [e.error] : []));
  return { client, tap, events, errors, fetch: (extra.fetch as typeof fetch | undefined) ?? fetch };
}

async function serverDoc(pageId: string): Promise<{ doc: PageDocument; version: number }> {
  const stored = await storage.load(pageId);
  if (!stored) throw new Error(`no page ${pageId}`);
  return { doc: stored.doc, version: stored.version };
}

const setHeading = (text: string): Operation[] => [{ op: 'replace', path: '/components/hero-heading/props/text', value: text }];
const setText = (text: string): Operation[] => [{ op: 'replace', path: '/components/hero-text/props/text', value: text }];
const heading = (client: CollabClient) => client.doc?.components['hero-heading']?.props.text;
const text = (client: CollabClient) => client.doc?.components['hero-text']?.props.text;
const settled = (client: CollabClient) => vi.waitFor(() => expect(client.pendingCount).toBe(0));

/** Ann then Bob connected to a fresh page, each with their own socket tap, once Ann sees them both. */
async function annAndBob() {
  const pageId = newPage();
  const a = makeClient(pageId, 'Ann');
  const b = makeClient(pageId, 'Bob');
  await a.client.connect();
  await b.client.connect();
  await vi.waitFor(() => expect(a.client.users).toHaveLength(2));
  return { pageId, a, b };
}

describe('connecting', () => {
  test('resolves on the first sync with the server’s document, version and users', async () => {
    const pageId = newPage();
    const { client, events } = makeClient(pageId, 'Ann');
    expect(client.status).toBe('connecting');
    expect(client.doc).toBeNull();
    await client.connect();
    expect(client.status).toBe('connected');
    const { doc, version } = await serverDoc(pageId);
    expect(client.doc).toEqual(doc);
    expect(client.doc).toEqual(starterDocument());
    expect(client.version).toBe(version);
    expect(client.version).toBe(0);
    expect(client.me).toMatchObject({ userName: 'Ann' });
    expect(client.users).toEqual([client.me]);
    expect(events.map((e) => e.type)).toEqual(['role', 'status', 'users', 'doc']);
  });

  test('a page id the server refuses rejects connect() and closes the client', async () => {
    const { client, errors } = makeClient('not a valid id!', 'Ann');
    await expect(client.connect()).rejects.toThrow(/400/);
    expect(client.status).toBe('closed');
    expect(errors()[0]?.code).toBe('ticket');
  });

  test('close() before the sync rejects connect()', async () => {
    const { client } = makeClient(newPage(), 'Ann');
    const connecting = client.connect();
    client.close();
    await expect(connecting).rejects.toThrow(/closed/);
    expect(client.status).toBe('closed');
  });

  test('keeps retrying while the server is unreachable', async () => {
    // A port that was just free: nothing listens on it.
    const probe = createServer({ log: createLogger('silent'), config: { port: 0, host: '127.0.0.1' } });
    const port = await probe.listen();
    await probe.close();
    const { client, errors } = makeClient(newPage(), 'Ann', { baseUrl: `http://127.0.0.1:${port}` });
    void client.connect().catch(() => {});
    await vi.waitFor(() => expect(errors().length).toBeGreaterThanOrEqual(3));
    expect(client.status).toBe('connecting');
    expect(new Set(errors().map((e) => e.code))).toEqual(new Set(['ticket']));
  });
});

describe('two people on a page', () => {
  test('see each other join, edit, select and leave', async () => {
    const pageId = newPage();
    const a = makeClient(pageId, 'Ann').client;
    const b = makeClient(pageId, 'Bob').client;
    await a.connect();
    await b.connect();
    await vi.waitFor(() => expect(a.users.map((u) => u.userName).sort()).toEqual(['Ann', 'Bob']));
    expect(b.users.map((u) => u.userName).sort()).toEqual(['Ann', 'Bob']);

    expect(a.submit(setHeading('Hello from Ann')).ok).toBe(true);
    expect(heading(a)).toBe('Hello from Ann');
    await vi.waitFor(() => expect(heading(b)).toBe('Hello from Ann'));
    expect(b.version).toBe(1);
    await settled(a);
    expect(a.version).toBe(1);
    expect(a.doc).toEqual(b.doc);
    expect(a.doc).toEqual((await serverDoc(pageId)).doc);

    a.setSelection(['hero-heading']);
    await vi.waitFor(() => expect(b.presence.get(a.me?.userId as string)).toEqual(['hero-heading']));
    expect(a.presence.size).toBe(0);

    a.close();
    expect(a.status).toBe('closed');
    await vi.waitFor(() => expect(b.users.map((u) => u.userName)).toEqual(['Bob']));
    expect(b.presence.has(a.me?.userId as string)).toBe(false);
  });

  test('a newcomer sees what the others have selected', async () => {
    const pageId = newPage();
    const a = makeClient(pageId, 'Ann').client;
    await a.connect();
    a.setSelection(['hero-text']);
    const b = makeClient(pageId, 'Bob').client;
    await b.connect();
    await vi.waitFor(() => expect(b.presence.get(a.me?.userId as string)).toEqual(['hero-text']));
  });

  test('[M7] pointers and views reach the others; a pointer burst goes at the presence pace, coalesced to its last position', async () => {
    const pageId = newPage();
    const { client: a, tap } = makeClient(pageId, 'Ann');
    const { client: b, events } = makeClient(pageId, 'Bob');
    await Promise.all([a.connect(), b.connect()]);
    const ann = a.me?.userId as string;
    for (let i = 0; i <= 100; i++) a.setPointer({ id: 'hero-heading', x: i / 100, y: 0.5 });
    await vi.waitFor(() => expect(b.pointers.get(ann)).toEqual({ id: 'hero-heading', x: 1, y: 0.5 }));
    // 101 moves in one turn: the first at once, the rest as one message at the end of the interval.
    expect(tap.sent('presence')).toEqual([
      { pointer: { id: 'hero-heading', x: 0, y: 0.5 } },
      { pointer: { id: 'hero-heading', x: 1, y: 0.5 } },
    ]);
    a.setView({ viewport: 'tablet', scroll: 0.25 });
    await vi.waitFor(() => expect(b.views.get(ann)).toEqual({ viewport: 'tablet', scroll: 0.25 }));
    expect(events.filter((e) => e.type === 'view')).toEqual([{ type: 'view', userId: ann, view: { viewport: 'tablet', scroll: 0.25 } }]);
    // A pointer off the canvas is gone for the others; the selection was never touched by any of it.
    a.setPointer(null);
    await vi.waitFor(() => expect(b.pointers.has(ann)).toBe(false));
    expect(b.presence.has(ann)).toBe(false);
    // A newcomer learns the view (to follow) but no pointer; a leaver's pointer and view go.
    a.setPointer({ id: 'hero', x: 0.5, y: 0.5 });
    await vi.waitFor(() => expect(b.pointers.has(ann)).toBe(true));
    const c = makeClient(pageId, 'Cy').client;
    await c.connect();
    await vi.waitFor(() => expect(c.views.get(ann)).toEqual({ viewport: 'tablet', scroll: 0.25 }));
    expect(c.pointers.has(ann)).toBe(false);
    a.close();
    await vi.waitFor(() => expect(b.users.map((u) => u.userName)).toEqual(['Bob', 'Cy']));
    expect(b.pointers.has(ann)).toBe(false);
    expect(b.views.has(ann)).toBe(false);
  });

  test('edits from both sides interleave and everyone converges on the server’s document', async () => {
    const pageId = newPage();
    const a = makeClient(pageId, 'Ann').client;
    const b = makeClient(pageId, 'Bob').client;
    await Promise.all([a.connect(), b.connect()]);
    for (let i = 0; i < 10; i++) {
      a.submit(setHeading(`A${i}`));
      b.submit(setText(`B${i}`));
    }
    await Promise.all([settled(a), settled(b)]);
    const server = await serverDoc(pageId);
    await vi.waitFor(() => {
      expect(a.version).toBe(server.version);
      expect(b.version).toBe(server.version);
    });
    // Edits queued behind the one in flight travel together, so there are fewer patches than edits.
    expect(server.version).toBeGreaterThanOrEqual(2);
    expect(server.version).toBeLessThanOrEqual(20);
    expect(a.doc).toEqual(server.doc);
    expect(b.doc).toEqual(server.doc);
    expect(heading(b)).toBe('A9');
    expect(text(a)).toBe('B9');
  });
});

describe('batch frames (M8)', () => {
  test("[M8] the client asks for them, and takes a batch of other people's patches as if each came alone", async () => {
    const pageId = newPage();
    const { client, tap } = makeClient(pageId, 'Ann');
    await client.connect();
    expect(tap.current?.ws.url).toContain('&batch=1');
    const port = Number(new URL(baseUrl).port);
    const running = { server, port, http: baseUrl, ws: `ws://127.0.0.1:${port}`, close: () => server.close() };
    const author = await TestClient.join(running, pageId, 'Raw');
    // Ten patches in one write: the server reads, stores and fans them out in one turn, so Ann gets them as one batch.
    const raw = (author.socket as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
    raw.cork();
    for (let n = 1; n <= 10; n++) author.sendPatch(setHeading(`raw ${n}`), n - 1, `raw-${n}`);
    raw.uncork();
    await vi.waitFor(() => expect(client.version).toBe(10));
    expect(tap.batches).toBeGreaterThan(0);
    expect(heading(client)).toBe('raw 10');
    expect(tap.frames.filter((f) => f.dir === 'in' && f.type === 'op-patch').map((f) => f.payload.version)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(client.doc).toEqual((await serverDoc(pageId)).doc);
    // Ann's own edit on top of them is acknowledged as usual.
    client.submit(setText('after the batch'));
    await settled(client);
    expect(client.version).toBe(11);
    await author.close();
  });
});

describe('sending own edits', () => {
  test('are acked, and pendingCount goes back to 0', async () => {
    const { client, tap, events } = makeClient(newPage(), 'Ann');
    await client.connect();
    client.submit(setHeading('One'));
    expect(client.pendingCount).toBe(1);
    await settled(client);
    expect(events.filter((e) => e.type === 'pending')).toEqual([
      { type: 'pending', count: 1 },
      { type: 'pending', count: 0 },
    ]);
    expect(client.version).toBe(1);
    const [sent] = tap.sent('op-patch');
    // SPEC T10: the replace of a string goes with a test of the text it was made against.
    expect(sent).toMatchObject({
      version: 0,
      patches: [baseOf('/components/hero-heading/props/text', 'Welcome to your page'), ...setHeading('One')],
    });
    expect(tap.frames.filter((f) => f.type === 'ack').map((f) => f.payload)).toEqual([{ opId: sent?.opId, version: 1 }]);
  });

  test('one at a time: edits made while one is in flight wait for its ack, then go together in order', async () => {
    const pageId = newPage();
    const { client, tap } = makeClient(pageId, 'Ann');
    await client.connect();
    client.submit(setHeading('One'));
    client.submit(setText('Two'));
    client.submit(setHeading('Three'));
    expect(client.pendingCount).toBe(3);
    expect(tap.sent('op-patch')).toHaveLength(1);
    await settled(client);

    const trace = tap.frames.filter((f) => f.type === 'op-patch' || f.type === 'ack').map((f) => `${f.dir}:${f.payload.opId}`);
    const ids = tap.sent('op-patch').map((p) => p.opId);
    expect(new Set(ids).size).toBe(2);
    expect(trace).toEqual(ids.flatMap((id) => [`out:${id}`, `in:${id}`]));
    expect(tap.sent('op-patch').map((p) => p.patches)).toEqual([
      [baseOf('/components/hero-heading/props/text', 'Welcome to your page'), ...setHeading('One')],
      [
        baseOf('/components/hero-text/props/text', STARTER_TEXT),
        ...setText('Two'),
        baseOf('/components/hero-heading/props/text', 'One'),
        ...setHeading('Three'),
      ],
    ]);
    // Each was made against the version the previous one produced.
    expect(tap.sent('op-patch').map((p) => p.version)).toEqual([0, 1]);
    const stored = await storage.load(pageId);
    expect(stored?.log.map((e) => e.opId)).toEqual(ids);
    expect(client.doc).toEqual(stored?.doc);
    expect(heading(client)).toBe('Three');
    expect(text(client)).toBe('Two');
  });

  test('an edit that does not apply locally is refused at once and never sent', async () => {
    const { client, tap } = makeClient(newPage(), 'Ann');
    await client.connect();
    const before = client.doc;
    expect(client.submit([{ op: 'remove', path: '/components/missing' }])).toMatchObject({ ok: false, error: { code: 'patch-failed' } });
    expect(client.submit([{ op: 'add', path: '/components/hero/children/-', value: 'root' }]).ok).toBe(false);
    expect(client.submit([{ op: 'replace', path: '/components/hero-heading/props/level', value: '9' }])).toMatchObject({
      ok: false,
      error: { code: 'schema-violation' },
    });
    expect(client.doc).toBe(before);
    expect(client.pendingCount).toBe(0);
    expect(tap.sent('op-patch')).toEqual([]);
  });

  test('submit before the first sync is refused', () => {
    const { client } = makeClient(newPage(), 'Ann');
    expect(client.submit(setHeading('x'))).toMatchObject({ ok: false, error: { code: 'not-synced' } });
  });

  test('submit after close is refused, changing nothing', async () => {
    const { client, tap } = makeClient(newPage(), 'Ann');
    await client.connect();
    const before = client.doc;
    client.close();
    expect(client.submit(setHeading('too late'))).toMatchObject({ ok: false, error: { code: 'closed' } });
    expect(client.doc).toBe(before);
    expect(client.pendingCount).toBe(0);
    expect(tap.sent('op-patch')).toEqual([]);
  });

  test('submit returns the new view, its version and the pending count, as the events say', async () => {
    const { client } = makeClient(newPage(), 'Ann');
    await client.connect();
    const events: CollabEvent[] = [];
    client.subscribe((event) => events.push(event));
    const result = client.submit(setHeading('Returned'));
    expect(result).toEqual({ ok: true, doc: client.doc, version: client.version, pendingCount: 1 });
    expect(result.ok && heading(client)).toBe('Returned');
    expect(events.map((e) => e.type)).toEqual(['doc', 'pending']);
    expect(events[0]).toMatchObject({ type: 'doc', origin: 'local', doc: client.doc });
  });
});

describe('refusals and lost messages', () => {
  test('an edit the server refuses is dropped and the view recomputed, without a re-sync, and the views converge', async () => {
    const { pageId, a, b } = await annAndBob();
    const firstSocket = a.tap.current;

    // Ann does not hear of Bob's edit before she makes hers, which only holds on the old text.
    a.tap.hold();
    b.client.submit(setText('Bob was here'));
    await settled(b.client);
    // A test of the whole props (not a text edit's base, SPEC T10, which would merge) fails once Bob's edit is in.
    const annEdit: Operation[] = [
      { op: 'test', path: '/components/hero-text/props', value: starterDocument().components['hero-text']?.props ?? {} },
      { op: 'replace', path: '/components/hero-text/props/text', value: 'Ann was here' },
    ];
    expect(a.client.submit(annEdit).ok).toBe(true);
    a.client.submit(setHeading('Ann’s heading'));
    expect(text(a.client)).toBe('Ann was here');
    await vi.waitFor(() => expect(a.tap.sent('op-patch')).toHaveLength(1));
    a.tap.release();

    await vi.waitFor(() => expect(a.errors().map((e) => e.code)).toContain('patch-failed'));
    const refusedId = a.tap.sent('op-patch')[0]?.opId;
    expect(a.errors().find((e) => e.code === 'patch-failed')?.opId).toBe(refusedId);
    // No fresh sync: the same socket carries on, and the edit that still applies goes through.
    await settled(a.client);
    expect(a.tap.current).toBe(firstSocket);
    await vi.waitFor(() => expect(heading(b.client)).toBe('Ann’s heading'));
    const server = await serverDoc(pageId);
    expect(a.client.status).toBe('connected');
    expect(a.client.doc).toEqual(server.doc);
    expect(b.client.doc).toEqual(server.doc);
    expect(text(a.client)).toBe('Bob was here');
    expect(server.version).toBe(2);
  });

  test('[T12, L5] an edit refused with bad-version is kept and sent again after a re-sync, and given up after MAX_BAD_VERSION_RESENDS, never looping', async () => {
    // A room that refuses any stale patch it would have to transform (SPEC L5), and Bob changing
    // the text Ann edits just before each of her patches reaches it: however often she re-bases, she is behind.
    const strict = createServer({ log: createLogger('silent'), config: { port: 0, host: '127.0.0.1', transformBudget: 0 } });
    const url = `http://127.0.0.1:${await strict.listen()}`;
    try {
      const pageId = newPage();
      const b = makeClient(pageId, 'Bob', { baseUrl: url, fetch: signedInFetch(strict, pageId, 'Bob') });
      await b.client.connect();
      const tap = new SocketTap();
      let bobEdits = 0;
      class AlwaysBehind extends TappedSocket {
        constructor(socketUrl: string) {
          super(socketUrl, tap);
          tap.sockets.push(this);
        }
        override send(data: string): void {
          if ((JSON.parse(data) as { type: string }).type !== 'op-patch') return super.send(data);
          b.client.submit(setText(`Bob ${++bobEdits}`));
          void settled(b.client).then(() => super.send(data));
        }
      }
      const a = makeClient(pageId, 'Ann', { baseUrl: url, WebSocket: AlwaysBehind, fetch: signedInFetch(strict, pageId, 'Ann') });
      await a.client.connect();
      expect(a.client.submit(setText('Ann was here')).ok).toBe(true);

      await vi.waitFor(() => expect(a.errors().map((e) => e.code)).toContain('bad-version'), { timeout: 10_000 });
      const sent = tap.sent('op-patch');
      const opId = sent[0]?.opId;
      // Sent once, then again after each of MAX_BAD_VERSION_RESENDS re-syncs, always the same edit; then given up.
      expect(sent).toHaveLength(1 + MAX_BAD_VERSION_RESENDS);
      expect(new Set(sent.map((p) => p.opId))).toEqual(new Set([opId]));
      expect(
        a
          .errors()
          .filter((e) => e.code === 'bad-version')
          .map((e) => e.opId),
      ).toEqual([opId]);
      // Each re-send was based on the version its re-sync brought.
      expect(sent.map((p) => p.version)).toEqual([0, 1, 2, 3]);
      await vi.waitFor(() => expect(a.client.status).toBe('connected'));
      expect(a.client.pendingCount).toBe(0);
      // Ann's edit was given up: the text is Bob's last, on both sides.
      await vi.waitFor(() => expect(text(a.client)).toBe(`Bob ${bobEdits}`));
      expect(tap.sent('op-patch')).toHaveLength(1 + MAX_BAD_VERSION_RESENDS);
      expect(text(b.client)).toBe(`Bob ${bobEdits}`);
    } finally {
      for (const client of clients.splice(0)) client.close();
      await strict.close();
    }
  });

  test('a missed version makes the client re-sync, keeping its own unsent edits', async () => {
    const { pageId, a, b } = await annAndBob();
    const firstSocket = a.tap.current;

    a.tap.dropNext((m) => m.type === 'op-patch');
    b.client.submit(setText('first'));
    await settled(b.client);
    a.tap.hold();
    b.client.submit(setText('second'));
    await settled(b.client);
    a.client.submit(setHeading('Ann, unsent'));
    a.tap.release();

    await vi.waitFor(() => expect(a.tap.current).not.toBe(firstSocket));
    await settled(a.client);
    await vi.waitFor(() => expect(heading(b.client)).toBe('Ann, unsent'));
    const server = await serverDoc(pageId);
    expect(a.client.doc).toEqual(server.doc);
    expect(b.client.doc).toEqual(server.doc);
    expect(text(a.client)).toBe('second');
    expect(a.client.version).toBe(3);
  });

  test('an edit whose ack was lost is sent again after reconnecting and applied once', async () => {
    const pageId = newPage();
    const a = makeClient(pageId, 'Ann');
    await a.client.connect();
    const firstSocket = a.tap.current;
    // Appending to a list is not idempotent: applying it twice would show.
    a.tap.hold();
    const ops: Operation[] = [
      { op: 'add', path: '/components/new-heading', value: { id: 'new-heading', type: 'Heading', props: { text: 'New' }, children: [] } },
      { op: 'add', path: '/components/hero/children/-', value: 'new-heading' },
    ];
    expect(a.client.submit(ops).ok).toBe(true);
    await vi.waitFor(async () => expect((await serverDoc(pageId)).version).toBe(1));
    // The connection dies with the ack still unread.
    firstSocket?.ws.terminate();
    a.tap.release();
    await vi.waitFor(() => expect(a.tap.current).not.toBe(firstSocket));
    await settled(a.client);
    const server = await serverDoc(pageId);
    expect(server.version).toBe(1);
    expect(a.client.version).toBe(1);
    expect(a.client.doc).toEqual(server.doc);
    expect(server.doc.components.hero?.children).toEqual(['hero-heading', 'hero-text', 'hero-button', 'new-heading']);
    expect(a.errors()).toEqual([]);
  });
});

describe('losing the connection', () => {
  test('reconnects with backoff and sends what was edited meanwhile', async () => {
    const pageId = newPage();
    // A steady delay, long enough to edit while away.
    const a = makeClient(pageId, 'Ann', { backoff: { initialMs: 300, maxMs: 300, jitter: 0 } });
    const b = makeClient(pageId, 'Bob');
    await a.client.connect();
    await b.client.connect();
    const statuses: string[] = [];
    a.client.subscribe((e) => {
      if (e.type === 'status') statuses.push(e.status);
    });
    const oldId = a.client.me?.userId;
    a.tap.current?.ws.terminate();
    await vi.waitFor(() => expect(a.client.status).toBe('reconnecting'));
    expect(a.client.submit(setHeading('written while away')).ok).toBe(true);
    expect(heading(a.client)).toBe('written while away');
    await vi.waitFor(() => expect(a.client.status).toBe('connected'));
    await settled(a.client);
    await vi.waitFor(() => expect(heading(b.client)).toBe('written while away'));
    expect(statuses).toEqual(['reconnecting', 'connected']);
    // The same account is the same person after a reconnection (issue 10): the same userId, listed once.
    expect(a.client.me?.userId).toBe(oldId);
    await vi.waitFor(() => expect(b.client.users.map((u) => u.userId).sort()).toEqual([a.client.me?.userId, b.client.me?.userId].sort()));
  });

  test('a frame over the server’s size limit drops that edit and carries on', async () => {
    const pageId = newPage();
    const a = makeClient(pageId, 'Ann');
    await a.client.connect();
    expect(a.client.submit(setText('x'.repeat(17_000))).ok).toBe(true);
    a.client.submit(setHeading('small'));
    await vi.waitFor(() => expect(a.errors().map((e) => e.code)).toContain('too-large'));
    await settled(a.client);
    const server = await serverDoc(pageId);
    expect(server.version).toBe(1);
    expect(a.client.doc).toEqual(server.doc);
    expect(heading(a.client)).toBe('small');
  });

  test('follows the window’s offline and online events', async () => {
    const pageId = newPage();
    const b = makeClient(pageId, 'Bob');
    await b.client.connect();
    // Only Ann's client, which connects while it exists, sees this window.
    const win = new EventTarget();
    (globalThis as { window?: EventTarget }).window = win;
    try {
      const a = makeClient(pageId, 'Ann');
      await a.client.connect();
      await vi.waitFor(() => expect(b.client.users).toHaveLength(2));

      win.dispatchEvent(new Event('offline'));
      expect(a.client.status).toBe('offline');
      await vi.waitFor(() => expect(b.client.users).toHaveLength(1));
      a.client.submit(setHeading('offline edit'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(a.client.status).toBe('offline');
      expect(a.client.pendingCount).toBe(1);

      win.dispatchEvent(new Event('online'));
      await vi.waitFor(() => expect(a.client.status).toBe('connected'));
      await settled(a.client);
      await vi.waitFor(() => expect(heading(b.client)).toBe('offline edit'));
      a.client.close();
      win.dispatchEvent(new Event('online'));
      expect(a.client.status).toBe('closed');
    } finally {
      delete (globalThis as { window?: EventTarget }).window;
    }
  });
});

test('stops for good, saying why, when the page is deleted', async () => {
  const pageId = newPage();
  const a = makeClient(pageId, 'Ann');
  await a.client.connect();
  const { cookie } = await a.fetch.session();
  const res = await fetch(`${baseUrl}/api/pages/${pageId}`, { method: 'DELETE', headers: { cookie } });
  expect(res.status).toBe(204);
  await vi.waitFor(() => expect(a.client.status).toBe('closed'));
  expect(a.errors().map((e) => e.code)).toContain('page-deleted');
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(a.tap.sockets).toHaveLength(1);
});

test('[A6] knows its role from the ticket, follows a change at once, and stops for good when removed (4403)', async () => {
  const pageId = newPage();
  const owner = makeClient(pageId, 'Owner');
  await owner.client.connect();
  const b = makeClient(pageId, 'Bea');
  const roles: string[] = [];
  b.client.subscribe((e) => {
    if (e.type === 'role') roles.push(e.role);
  });
  await b.client.connect();
  expect(b.client.role).toBe('editor');
  const { cookie } = await owner.fetch.session();
  const bea = (await b.fetch.session()).user.id;
  const member = `${baseUrl}/api/pages/${pageId}/members/${bea}`;
  const put = await fetch(member, {
    method: 'PUT',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'viewer' }),
  });
  expect(put.status).toBe(200);
  await vi.waitFor(() => expect(b.client.role).toBe('viewer'));
  // A viewer's edit is refused by the server: dropped, and the view goes back to the server's.
  expect(b.client.submit(setHeading('by a viewer')).ok).toBe(true);
  await vi.waitFor(() => expect(b.errors().map((e) => e.code)).toContain('forbidden'));
  await vi.waitFor(() => expect(heading(b.client)).toBe(heading(owner.client)));
  expect((await fetch(member, { method: 'DELETE', headers: { cookie } })).status).toBe(204);
  await vi.waitFor(() => expect(b.client.status).toBe('closed'));
  expect(roles).toEqual(['editor', 'viewer']);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(b.tap.sockets).toHaveLength(1);
});

describe('edits kept across page loads', () => {
  /** localStorage as far as the pending store needs it. */
  function memoryStorage() {
    const items = new Map<string, string>();
    return {
      items,
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
    };
  }

  test('edits made offline survive closing the client and are sent when the page is opened again', async () => {
    const pageId = newPage();
    const storageArea = memoryStorage();
    const b = makeClient(pageId, 'Bob');
    await b.client.connect();
    const win = new EventTarget();
    (globalThis as { window?: EventTarget }).window = win;
    try {
      const first = makeClient(pageId, 'Ann', { pendingStore: localPendingStore(storageArea) });
      await first.client.connect();
      win.dispatchEvent(new Event('offline'));
      first.client.submit(setHeading('typed offline'));
      first.client.submit(setText('and this too'));
      expect(storageArea.items.size).toBe(1);
      // The tab closes before the network returns.
      first.client.close();
    } finally {
      delete (globalThis as { window?: EventTarget }).window;
    }
    // Bob edits meanwhile; Ann's edits must land on top of his, not replace the page.
    b.client.submit([{ op: 'replace', path: '/components/hero-button/props/label', value: 'Bob’s label' }]);
    await settled(b.client);

    const again = makeClient(pageId, 'Ann', { pendingStore: localPendingStore(storageArea) });
    await again.client.connect();
    await settled(again.client);
    await vi.waitFor(() => expect(heading(b.client)).toBe('typed offline'));
    expect(text(b.client)).toBe('and this too');
    const server = await serverDoc(pageId);
    expect(server.doc.components['hero-button']?.props.label).toBe('Bob’s label');
    expect(again.client.doc).toEqual(server.doc);
    expect(storageArea.items.size).toBe(0);
  });

  test('a kept edit the server already applied is not applied twice', async () => {
    const pageId = newPage();
    const storageArea = memoryStorage();
    const first = makeClient(pageId, 'Ann', { pendingStore: localPendingStore(storageArea) });
    await first.client.connect();
    // The edit reaches the server, but the tab closes before its ack arrives.
    first.tap.hold();
    const add: Operation[] = [
      { op: 'add', path: '/components/kept', value: { id: 'kept', type: 'Text', props: {}, children: [] } },
      { op: 'add', path: '/components/hero/children/-', value: 'kept' },
    ];
    first.client.submit(add);
    await vi.waitFor(async () => expect((await serverDoc(pageId)).version).toBe(1));
    first.client.close();
    const again = makeClient(pageId, 'Ann', { pendingStore: localPendingStore(storageArea) });
    await again.client.connect();
    await settled(again.client);
    const server = await serverDoc(pageId);
    expect(server.version).toBe(1);
    expect(server.doc.components.hero?.children.filter((id) => id === 'kept')).toHaveLength(1);
    expect(again.client.doc).toEqual(server.doc);
  });
});

test('the ws package fits the WebSocket option as it is', async () => {
  const { client } = makeClient(newPage(), 'Ann', { WebSocket });
  await client.connect();
  expect(client.submit(setHeading('plain ws')).ok).toBe(true);
  await settled(client);
  expect(client.version).toBe(1);
});
