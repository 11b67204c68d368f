import type { Operation, PageDocument } from '@tandem/protocol';
import { applyPatch, LIMITS, starterDocument } from '@tandem/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { delay, type RunningServer, startTestServer, TestClient, ticketFor, until } from './testing.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

let pages = 0;
const freshPage = () => `room-${++pages}-${Date.now()}`;
const setHeading = (text: string): Operation[] => [{ op: 'replace', path: '/components/hero-heading/props/text', value: text }];

/** A second look at the page, through a new joiner's `sync`. */
async function currentState(pageId: string) {
  const probe = await TestClient.join(server, pageId, 'Probe');
  await probe.close();
  return probe.sync.payload;
}

describe('joining', () => {
  it('sends sync with the starter document at version 0, listing the joiner', async () => {
    const pageId = freshPage();
    const a = await TestClient.join(server, pageId, 'Ada');
    expect(a.sync.senderId).toBe('server');
    expect(a.sync.ts).toBeTypeOf('number');
    expect(a.sync.payload.version).toBe(0);
    expect(a.sync.payload.schema).toEqual(starterDocument());
    expect(a.sync.payload.you).toEqual({ userId: a.userId, userName: 'Ada', color: expect.stringMatching(/^#/) });
    expect(a.sync.payload.users).toEqual([a.sync.payload.you]);
    await a.close();
  });

  it('tells others of a join and of a leave, once each', async () => {
    const pageId = freshPage();
    const a = await TestClient.join(server, pageId, 'Ada');
    const b = await TestClient.join(server, pageId, 'Bob');
    expect(b.sync.payload.users.map((u) => u.userName)).toEqual(['Ada', 'Bob']);
    const join = await a.next('user-join');
    expect(join.payload).toEqual(b.sync.payload.you);
    expect(b.sync.payload.you.color).not.toBe(a.sync.payload.you.color);
    await b.close();
    expect((await a.next('user-leave')).payload).toEqual({ userId: b.userId });
    await delay(50);
    expect(a.all('user-leave')).toHaveLength(1);
    expect(b.all('user-join')).toHaveLength(0);
    await a.close();
  });
});

describe('patches', () => {
  it('acks the author and sends others op-patch with the version after it', async () => {
    const pageId = freshPage();
    const a = await TestClient.join(server, pageId, 'Ada');
    const b = await TestClient.join(server, pageId, 'Bob');
    a.sendPatch(setHeading('Hello'), 0, 'a-1');
    expect((await a.next('ack')).payload).toEqual({ opId: 'a-1', version: 1 });
    const seen = await b.next('op-patch');
    expect(seen.senderId).toBe(a.userId);
    expect(seen.payload).toEqual({ patches: setHeading('Hello'), version: 1, opId: 'a-1' });
    await delay(30);
    expect(a.all('op-patch')).toHaveLength(0);
    expect((await currentState(pageId)).schema.components['hero-heading']?.props.text).toBe('Hello');
    await Promise.all([a.close(), b.close()]);
  });

  it('ignores the senderId and ts a client puts on its message', async () => {
    const pageId = freshPage();
    const a = await TestClient.join(server, pageId, 'Ada');
    const b = await TestClient.join(server, pageId, 'Bob');
    a.send({ type: 'op-patch', senderId: 'someone-else', ts: 1, payload: { patches: setHeading('x'), version: 0, opId: 'a-1' } });
    const seen = await b.next('op-patch');
    expect(seen.senderId).toBe(a.userId);
    expect(seen.ts).toBeGreaterThan(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('applies all six operations', async () => {
    const pageId = freshPage();
    const a = await TestClient.join(server, pageId, 'Ada');
    const ops: Operation[] = [
      { op: 'test', path: '/components/hero-text/props/text', value: starterDocument().components['hero-text']?.props.text as string },
      { op: 'add', path: '/components/img', value: { id: 'img', type: 'Image', props: { alt: 'A' }, children: [] } },
      { op: 'add', path: '/components/hero/children/0', value: 'img' },
      { op: 'copy', from: '/components/hero-heading/props/text', path: '/components/img/props/alt' },
      { op: 'move', from: '/components/hero/children/0', path: '/components/hero/children/3' },
      { op: 'replace', path: '/components/hero-button/props/variant', value: 'ghost' },
      { op: 'remove', path: '/components/hero-button/props/href' },
    ];
    a.sendPatch(ops, 0, 'six');
    expect((await a.next('ack')).payload.version).toBe(1);
    const expected = applyPatch(starterDocument(), ops);
    expect(expected.ok).toBe(true);
    expect((await currentState(pageId)).schema).toEqual((expected as { doc: PageDocument }).doc);
    await a.close();
  });

  it('transforms a patch made against an older version past what was applied since', async () => {
    const pageId = freshPage();
    const a = await TestClient.join(server, pageId, 'Ada');
    const b = await TestClient.join(server, pageId, 'Bob');
    // Both insert at the front of hero's children, both against version 0.
    const add = (id: string): Operation[] => [
      { op: 'add', path: `/components/${id}`, value: { id, type: 'Text', props: { text: id }, children: [] } },
      { op: 'add', path: '/components/hero/children/0', value: id },
    ];
    a.sendPatch(add('from-a'), 0, 'a-1');
    await a.next('ack');
    // B's replace names hero-heading's slot as B saw it after its own insert: 1.
    b.sendPatch([...add('from-b'), { op: 'replace', path: '/components/hero/children/1', value: 'hero-heading' }], 0, 'b-1');
    expect((await b.next('ack')).payload.version).toBe(2);
    // Server order puts B's insert after A's, and shifts the slot B meant past both.
    const relayed = await a.next('op-patch');
    expect(relayed.payload.patches).toContainEqual({ op: 'add', path: '/components/hero/children/1', value: 'from-b' });
    expect(relayed.payload.patches).toContainEqual({ op: 'replace', path: '/components/hero/children/2', value: 'hero-heading' });
    const state = await currentState(pageId);
    expect(state.schema.components.hero?.children).toEqual(['from-a', 'from-b', 'hero-heading', 'hero-text', 'hero-button']);
    await Promise.all([a.close(), b.close()]);
  });

  it('acknowledges a patch that transforms to nothing with the current version and tells no one', async () => {
    const pageId = freshPage();
    const a = await TestClient.join(server, pageId, 'Ada');
    const b = await TestClient.join(server, pageId, 'Bob');
    a.sendPatch(
      [
        { op: 'remove', path: '/components/hero/children/1' },
        { op: 'remove', path: '/components/hero-text' },
      ],
      0,
      'delete',
    );
    await a.next('ack');
    b.sendPatch([{ op: 'replace', path: '/components/hero-text/props/text', value: 'too late' }], 0, 'edit');
    expect((await b.next('ack')).payload).toEqual({ opId: 'edit', version: 1 });
    await delay(30);
    expect(a.all('op-patch')).toHaveLength(0);
    expect(b.all('error')).toHaveLength(0);
    b.sendPatch([{ op: 'replace', path: '/components/hero-text/props/text', value: 'too late' }], 0, 'edit');
    expect((await b.next('ack')).payload).toEqual({ opId: 'edit', version: 1 });
    await Promise.all([a.close(), b.close()]);
  });

  it('logs and relays moves and copies in canonical form, with their values', async () => {
    const pageId = freshPage();
    const a = await TestClient.join(server, pageId, 'Ada');
    const b = await TestClient.join(server, pageId, 'Bob');
    a.sendPatch([{ op: 'move', from: '/components/hero/children/0', path: '/components/hero/children/-' }], 0, 'mv');
    const relayed = await b.next('op-patch');
    expect(relayed.payload.patches).toEqual([
      { op: 'remove', path: '/components/hero/children/0' },
      { op: 'add', path: '/components/hero/children/2', value: 'hero-heading' },
    ]);
    await Promise.all([a.close(), b.close()]);
  });

  it('acknowledges a re-sent opId with its original version and applies it once', async () => {
    const pageId = freshPage();
    const a = await TestClient.join(server, pageId, 'Ada');
    const b = await TestClient.join(server, pageId, 'Bob');
    a.sendPatch([{ op: 'add', path: '/components/root/props/title', value: 'T1' }], 0, 'dup');
    expect((await a.next('ack')).payload.version).toBe(1);
    a.sendPatch([{ op: 'add', path: '/components/root/props/title', value: 'T1' }], 1, 'dup');
    expect((await a.next('ack')).payload).toEqual({ opId: 'dup', version: 1 });
    await delay(30);
    expect(b.all('op-patch')).toHaveLength(1);
    expect((await currentState(pageId)).version).toBe(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('acknowledges an empty patch with the current version without broadcasting', async () => {
    const pageId = freshPage();
    const a = await TestClient.join(server, pageId, 'Ada');
    const b = await TestClient.join(server, pageId, 'Bob');
    a.sendPatch([], 0, 'empty');
    expect((await a.next('ack')).payload).toEqual({ opId: 'empty', version: 0 });
    await delay(30);
    expect(b.all('op-patch')).toHaveLength(0);
    await Promise.all([a.close(), b.close()]);
  });
});

describe('errors', () => {
  // Each case: what is sent, the code expected, and whether the error carries the opId.
  const cases: [string, unknown, string, string | undefined][] = [
    ['text that is not JSON', 'not json {', 'bad-message', undefined],
    ['an unknown message type', { type: 'shout', payload: {} }, 'bad-message', undefined],
    ['an op-patch without a version', { type: 'op-patch', payload: { patches: [], opId: 'x1' } }, 'bad-message', 'x1'],
    ['a presence with a bad selection', { type: 'presence', payload: { selection: 'all' } }, 'bad-message', undefined],
    [
      'patches that are not a list',
      { type: 'op-patch', payload: { patches: { op: 'add' }, version: 0, opId: 'x2' } },
      'invalid-patch',
      'x2',
    ],
    [
      'an operation with an unknown op',
      { type: 'op-patch', payload: { patches: [{ op: 'merge', path: '/rootId' }], version: 0, opId: 'x3' } },
      'invalid-patch',
      'x3',
    ],
    [
      'an add without a value',
      { type: 'op-patch', payload: { patches: [{ op: 'add', path: '/components/root/props/title' }], version: 0, opId: 'x4' } },
      'invalid-patch',
      'x4',
    ],
    [
      'a path through __proto__',
      { type: 'op-patch', payload: { patches: [{ op: 'add', path: '/__proto__/polluted', value: 1 }], version: 0, opId: 'x5' } },
      'invalid-patch',
      'x5',
    ],
    [
      'a value holding constructor.prototype',
      {
        type: 'op-patch',
        payload: {
          patches: [{ op: 'add', path: '/components/root/props/title', value: { constructor: { prototype: { polluted: 1 } } } }],
          version: 0,
          opId: 'x6',
        },
      },
      'invalid-patch',
      'x6',
    ],
    [
      'a remove of a missing path',
      { type: 'op-patch', payload: { patches: [{ op: 'remove', path: '/components/nope' }], version: 0, opId: 'x7' } },
      'patch-failed',
      'x7',
    ],
    [
      'a failing test operation (after a valid one)',
      {
        type: 'op-patch',
        payload: {
          patches: [
            { op: 'replace', path: '/components/hero-heading/props/text', value: 'changed' },
            { op: 'test', path: '/rootId', value: 'other' },
          ],
          version: 0,
          opId: 'x8',
        },
      },
      'patch-failed',
      'x8',
    ],
    [
      'a child that does not exist',
      {
        type: 'op-patch',
        payload: { patches: [{ op: 'add', path: '/components/hero/children/-', value: 'ghost' }], version: 0, opId: 'x9' },
      },
      'schema-violation',
      'x9',
    ],
    [
      'a cycle',
      {
        type: 'op-patch',
        payload: {
          patches: [
            { op: 'remove', path: '/components/root/children/0' },
            { op: 'add', path: '/components/hero/children/-', value: 'hero' },
          ],
          version: 0,
          opId: 'x10',
        },
      },
      'schema-violation',
      'x10',
    ],
    [
      'a prop of the wrong kind',
      {
        type: 'op-patch',
        payload: { patches: [{ op: 'replace', path: '/components/hero/props/gap', value: 'wide' }], version: 0, opId: 'x11' },
      },
      'schema-violation',
      'x11',
    ],
    ['a base version ahead of the server', { type: 'op-patch', payload: { patches: [], version: 7, opId: 'x12' } }, 'bad-version', 'x12'],
  ];

  it.each(cases)(
    'answers %s with its code, changes nothing, tells no one, and keeps the socket open',
    async (_name, message, code, opId) => {
      const pageId = freshPage();
      const a = await TestClient.join(server, pageId, 'Ada');
      const b = await TestClient.join(server, pageId, 'Bob');
      a.send(message);
      const error = await a.next('error');
      expect(error.payload.code).toBe(code);
      expect(error.payload.message).toBeTypeOf('string');
      expect(error.payload.opId).toBe(opId);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      const after = await currentState(pageId);
      expect(after.version).toBe(0);
      expect(after.schema).toEqual(starterDocument());
      // Still open and working: the next good patch goes through.
      a.sendPatch(setHeading('still here'), 0, 'ok-after');
      expect((await a.next('ack')).payload.version).toBe(1);
      expect(b.all('error')).toHaveLength(0);
      expect(b.all('op-patch').map((m) => m.payload.opId)).not.toContain(opId);
      await Promise.all([a.close(), b.close()]);
    },
  );
});

describe('presence', () => {
  it('relays a selection to everyone else, and shows a joiner what others have selected', async () => {
    const pageId = freshPage();
    const a = await TestClient.join(server, pageId, 'Ada');
    const b = await TestClient.join(server, pageId, 'Bob');
    a.send({ type: 'presence', payload: { selection: ['hero-text'] } });
    expect((await b.next('presence')).payload).toEqual({ userId: a.userId, selection: ['hero-text'] });
    const c = await TestClient.join(server, pageId, 'Cy');
    expect((await c.next('presence')).payload).toEqual({ userId: a.userId, selection: ['hero-text'] });
    await delay(30);
    expect(a.all('presence')).toHaveLength(0);
    await Promise.all([a.close(), b.close(), c.close()]);
  });
});

describe('live cursors and views (M7, L6)', () => {
  it('relays a pointer and a view to the room only, with just the fields sent; a joiner gets the view, never a pointer', async () => {
    const pageId = freshPage();
    const a = await TestClient.join(server, pageId, 'Ada');
    const b = await TestClient.join(server, pageId, 'Bob');
    const elsewhere = await TestClient.join(server, freshPage(), 'Eve');
    a.send({ type: 'presence', payload: { pointer: { id: 'hero-heading', x: 0.25, y: 0.75 } } });
    expect((await b.next('presence')).payload).toEqual({ userId: a.userId, pointer: { id: 'hero-heading', x: 0.25, y: 0.75 } });
    a.send({ type: 'presence', payload: { view: { viewport: 'mobile', scroll: 0.5 }, pointer: null } });
    expect((await b.next('presence')).payload).toEqual({ userId: a.userId, view: { viewport: 'mobile', scroll: 0.5 }, pointer: null });
    a.send({ type: 'presence', payload: { selection: ['hero-text'] } });
    // A selection alone leaves the view as it was, for the others and for joiners.
    expect((await b.next('presence')).payload).toEqual({ userId: a.userId, selection: ['hero-text'] });
    const c = await TestClient.join(server, pageId, 'Cy');
    expect((await c.next('presence')).payload).toEqual({ userId: a.userId, selection: ['hero-text'], view: { viewport: 'mobile', scroll: 0.5 } });
    await delay(30);
    expect(c.all('presence')).toHaveLength(1);
    expect(elsewhere.all('presence')).toHaveLength(0);
    expect(a.all('presence')).toHaveLength(0);
    await Promise.all([a.close(), b.close(), c.close(), elsewhere.close()]);
  });

  it.each([
    ['a pointer outside its box', { pointer: { id: 'hero', x: 2, y: 0 } }],
    ['a pointer in pixels', { pointer: { id: 'hero', x: '12px', y: 0 } }],
    ['a pointer on a 129-character id', { pointer: { id: 'x'.repeat(129), x: 0, y: 0 } }],
    ['an unknown viewport', { view: { viewport: 'watch', scroll: 0 } }],
    ['an empty presence', {}],
  ])('refuses %s with bad-message and relays nothing', async (_name, payload) => {
    const pageId = freshPage();
    const a = await TestClient.join(server, pageId, 'Ada');
    const b = await TestClient.join(server, pageId, 'Bob');
    a.send({ type: 'presence', payload });
    expect((await a.next('error')).payload.code).toBe('bad-message');
    // The socket stays open and the next good one goes through.
    a.send({ type: 'presence', payload: { pointer: null } });
    expect((await b.next('presence')).payload).toEqual({ userId: a.userId, pointer: null });
    expect(b.all('presence')).toHaveLength(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('holds pointer moves to the presence budget: past it rate-limited, and the others get no more than it allows', async () => {
    const pageId = freshPage();
    const a = await TestClient.join(server, pageId, 'Ada');
    const b = await TestClient.join(server, pageId, 'Bob');
    const started = Date.now();
    for (let n = 0; n < 200; n++) a.send({ type: 'presence', payload: { pointer: { id: 'hero', x: n / 200, y: 0.5 } } });
    expect((await a.next('error')).payload.code).toBe('rate-limited');
    a.send({ type: 'op-patch', payload: { patches: setHeading('still editing'), version: 0, opId: 'after-flood' } });
    expect((await a.next('ack')).payload.opId).toBe('after-flood');
    const elapsed = (Date.now() - started) / 1000;
    const allowed = LIMITS.presenceBurst + Math.ceil(LIMITS.presencePerSecond * elapsed) + 1;
    const seen = b.all('presence').length;
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThanOrEqual(allowed);
    await Promise.all([a.close(), b.close()]);
  });
});

describe('many clients', () => {
  it('20 clients sending 50 patches each to their own component all end identical to the server', async () => {
    const pageId = freshPage();
    const clients: Awaited<ReturnType<typeof TestClient.join>>[] = [];
    for (let i = 0; i < 20; i++) clients.push(await TestClient.join(server, pageId, `User ${i}`));
    // Everyone's Text is added first, in one patch; then each client edits its
    // own 50 times, always on top of the version it last heard of, while
    // applying everyone else's patches as they arrive.
    const texts = Array.from({ length: 20 }, (_, i) => `t-${i}`);
    const setup: Operation[] = texts.flatMap((id): Operation[] => [
      { op: 'add', path: `/components/${id}`, value: { id, type: 'Text', props: { text: 'start' }, children: [] } },
      { op: 'add', path: '/components/hero/children/-', value: id },
    ]);
    const docs = clients.map((c) => c.sync.payload.schema);
    const versions = clients.map((c) => c.sync.payload.version);
    clients.forEach((client, i) => {
      client.socket.on('message', (data) => {
        const m = JSON.parse(data.toString());
        if (m.type === 'op-patch') {
          const r = applyPatch(docs[i] as PageDocument, m.payload.patches);
          if (!r.ok) throw new Error(r.error.message);
          docs[i] = r.doc;
          versions[i] = m.payload.version;
        } else if (m.type === 'ack') versions[i] = Math.max(versions[i] as number, m.payload.version);
      });
    });
    docs[0] = (applyPatch(docs[0] as PageDocument, setup) as { doc: PageDocument }).doc;
    clients[0]?.sendPatch(setup, 0, 'setup');
    await clients[0]?.next('ack');
    await Promise.all(clients.slice(1).map((c) => c.next('op-patch')));

    await Promise.all(
      clients.map(async (client, i) => {
        for (let n = 1; n <= 50; n++) {
          const ops: Operation[] = [{ op: 'replace', path: `/components/t-${i}/props/text`, value: `edit ${n}` }];
          docs[i] = (applyPatch(docs[i] as PageDocument, ops) as { doc: PageDocument }).doc;
          client.sendPatch(ops, versions[i] as number, `t-${i}-${n}`);
          await client.next('ack', 10_000);
        }
      }),
    );
    await until(() => versions.every((v) => v === 1 + 20 * 50), 'every client has heard of every patch');
    const server$ = await currentState(pageId);
    expect(server$.version).toBe(1 + 20 * 50);
    for (let i = 0; i < 20; i++) {
      expect(server$.schema.components[`t-${i}`]?.props.text).toBe('edit 50');
      expect(docs[i]).toEqual(server$.schema);
    }
    await Promise.all(clients.map((c) => c.close()));
  }, 30_000);
});

describe('resuming', () => {
  async function joinSince(pageId: string, since: string) {
    const { ticket } = await ticketFor(server, pageId, 'Returning');
    const socket = new WebSocket(`${server.ws}/ws/${pageId}?ticket=${ticket}&since=${since}`);
    const first = await new Promise<{ type: string; payload: Record<string, unknown> }>((resolve) =>
      socket.once('message', (data) => resolve(JSON.parse(data.toString()))),
    );
    socket.close();
    return first;
  }

  it('answers a reconnect with since=V with a catch-up of every patch after V', async () => {
    const pageId = freshPage();
    const a = await TestClient.join(server, pageId, 'Ada');
    for (let n = 1; n <= 3; n++) {
      a.sendPatch(setHeading(`v${n}`), n - 1, `a-${n}`);
      await a.next('ack');
    }
    const first = await joinSince(pageId, '1');
    expect(first.type).toBe('catch-up');
    expect(first.payload.version).toBe(3);
    expect(first.payload.ops).toEqual([
      { patches: setHeading('v2'), version: 2, opId: 'a-2', senderId: a.userId },
      { patches: setHeading('v3'), version: 3, opId: 'a-3', senderId: a.userId },
    ]);
    expect((first.payload.you as { userName: string }).userName).toBe('Returning');
    expect((first.payload.users as unknown[]).length).toBe(2);
    expect((await joinSince(pageId, '3')).payload.ops).toEqual([]);
    await a.close();
  });

  it('falls back to sync when since is ahead of the server or not a version', async () => {
    const pageId = freshPage();
    await ticketFor(server, pageId);
    expect((await joinSince(pageId, '5')).type).toBe('sync');
    expect((await joinSince(pageId, 'abc')).type).toBe('sync');
  });
});
