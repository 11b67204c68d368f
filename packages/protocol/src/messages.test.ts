import { describe, expect, it } from 'vitest';
import { ErrorCode } from './errors.ts';
import {
  AckPayload,
  CLIENT_MESSAGE_TYPES,
  ClientMessageSchema,
  CloseCode,
  ErrorPayload,
  messagesOf,
  OpPatchPayload,
  PAGE_ID_PATTERN,
  PageIdSchema,
  PresencePayload,
  parseClientMessage,
  SERVER_SENDER,
  ServerFrameSchema,
  ServerMessageSchema,
  SyncPayload,
  TicketRequestSchema,
  TicketResponseSchema,
  UserJoinPayload,
  UserLeavePayload,
} from './messages.ts';
import { starterDocument } from './starter.ts';

const user = { userId: 'u-1', userName: 'Ada', color: '#e11d48' };
const server = (type: string, payload: unknown) => ({ type, payload, senderId: SERVER_SENDER, ts: 1_700_000_000_000 });
const client = (type: string, payload: unknown) => ({ type, payload });
const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) => expect(schema.safeParse(value).success).toBe(true);
const bad = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) =>
  expect(schema.safeParse(value).success).toBe(false);

describe('PAGE_ID_PATTERN', () => {
  it.each(['a', 'Z', '0', 'my-page', 'my_page', 'Page-2024_v1', 'x'.repeat(64), '-', '_'])('[M4] accepts %j', (id) => {
    expect(PAGE_ID_PATTERN.test(id)).toBe(true);
    ok(PageIdSchema, id);
  });

  it.each(['', 'x'.repeat(65), 'a b', 'a/b', 'a.b', '../etc', 'é', 'a\n', '\na', 'a%20', 'page?x=1', 'a#b'])('[M4] rejects %j', (id) => {
    expect(PAGE_ID_PATTERN.test(id)).toBe(false);
    bad(PageIdSchema, id);
  });

  it('[M4] is the documented pattern', () => {
    expect(PAGE_ID_PATTERN.source).toBe('^[A-Za-z0-9_-]{1,64}$');
    expect(PAGE_ID_PATTERN.flags).toBe('');
  });
});

describe('TicketRequestSchema', () => {
  it('[M4] accepts a page id', () => {
    expect(TicketRequestSchema.parse({ pageId: 'home' })).toEqual({ pageId: 'home' });
  });

  it("[M4] [A6] drops a userName: the name shown is the account's", () => {
    expect(TicketRequestSchema.parse({ pageId: 'home', userName: 'Alice (owner)' })).toEqual({ pageId: 'home' });
  });

  it.each([
    ['a missing pageId', { userName: 'Ada' }],
    ['an invalid pageId', { pageId: 'no spaces' }],
    ['a numeric pageId', { pageId: 7 }],
    ['null', null],
    ['an array', [{ pageId: 'home' }]],
  ])('[M4] rejects %s', (_name, body) => {
    bad(TicketRequestSchema, body);
  });
});

describe('TicketResponseSchema', () => {
  it('[M4] accepts a ticket, a user id, an expiry time and the role', () => {
    ok(TicketResponseSchema, { ticket: 'abc', userId: 'u-1', expiresAt: 1_700_000_060_000, role: 'viewer' });
  });

  it('[M4] rejects a response without an expiry time or a role', () => {
    bad(TicketResponseSchema, { ticket: 'abc', userId: 'u-1', role: 'editor' });
    bad(TicketResponseSchema, { ticket: 'abc', userId: 'u-1', expiresAt: 1 });
    bad(TicketResponseSchema, { ticket: 'abc', userId: 'u-1', expiresAt: 1, role: 'admin' });
  });
});

describe('access', () => {
  it('[A6] is a server message with the new role', () => {
    ok(ServerMessageSchema, server('access', { role: 'viewer' }));
    bad(ServerMessageSchema, server('access', { role: 'admin' }));
    bad(ServerMessageSchema, server('access', {}));
  });

  it('[A6] forbidden and 4403 are stable codes', () => {
    expect(ErrorCode.Forbidden).toBe('forbidden');
    expect(CloseCode.Forbidden).toBe(4403);
    ok(ServerMessageSchema, server('error', { code: ErrorCode.Forbidden, message: 'viewers cannot edit', opId: 'op-1' }));
  });
});

describe('ClientMessageSchema', () => {
  const opPatch = { patches: [{ op: 'replace', path: '/components/a/props/text', value: 'x' }], version: 3, opId: 'op-1' };

  it('[M2] accepts an op-patch', () => {
    ok(ClientMessageSchema, client('op-patch', opPatch));
  });

  it('[M2] accepts an op-patch at base version 0 with an empty patch list', () => {
    ok(ClientMessageSchema, client('op-patch', { patches: [], version: 0, opId: 'o' }));
  });

  it('[M2] leaves patches unchecked and untouched, for parsePatch to judge as invalid-patch', () => {
    const patches = [{ op: 'nonsense' }];
    const parsed = ClientMessageSchema.parse(client('op-patch', { ...opPatch, patches }));
    expect(parsed.payload).toMatchObject({ patches });
    expect((parsed.payload as { patches: unknown }).patches).toBe(patches);
  });

  it('[M2] accepts a presence with a selection or with null', () => {
    ok(ClientMessageSchema, client('presence', { selection: ['a', 'b'] }));
    ok(ClientMessageSchema, client('presence', { selection: [] }));
    ok(ClientMessageSchema, client('presence', { selection: null }));
  });

  it('[M1] tolerates a client-supplied senderId and ts, which the server ignores', () => {
    ok(ClientMessageSchema, { ...client('presence', { selection: null }), senderId: 'someone-else', ts: 'whenever' });
  });

  it('[M2] knows exactly the client message types', () => {
    expect([...CLIENT_MESSAGE_TYPES]).toEqual(['op-patch', 'presence']);
  });

  it.each([
    ['an unknown type', client('sync', {})],
    ['a server-only type', client('ack', { opId: 'o', version: 1 })],
    ['a missing type', { payload: opPatch }],
    ['a missing payload', { type: 'op-patch' }],
    ['an op-patch without a version', client('op-patch', { patches: [], opId: 'o' })],
    ['an op-patch with a negative version', client('op-patch', { ...opPatch, version: -1 })],
    ['an op-patch with a fractional version', client('op-patch', { ...opPatch, version: 1.5 })],
    ['an op-patch with a string version', client('op-patch', { ...opPatch, version: '3' })],
    ['an op-patch without an opId', client('op-patch', { patches: [], version: 0 })],
    ['an op-patch with an empty opId', client('op-patch', { ...opPatch, opId: '' })],
    ['an op-patch with an opId over 128 characters', client('op-patch', { ...opPatch, opId: 'x'.repeat(129) })],
    ['a presence without a selection', client('presence', {})],
    ['a presence with a string selection', client('presence', { selection: 'a' })],
    ['a presence selecting non-strings', client('presence', { selection: [1] })],
    ['a presence selecting an id over 128 characters', client('presence', { selection: ['x'.repeat(129)] })],
    ['a presence selecting over 1000 ids', client('presence', { selection: Array.from({ length: 1001 }, (_, i) => `c${i}`) })],
    ['null', null],
    ['a string', '{"type":"presence","payload":{"selection":null}}'],
  ])('[M2] rejects %s', (_name, message) => {
    bad(ClientMessageSchema, message);
  });

  it('[M7] accepts a pointer, a view, or both with a selection; a field left out is unchanged', () => {
    ok(ClientMessageSchema, client('presence', { pointer: { id: 'hero', x: 0.25, y: 1 } }));
    ok(ClientMessageSchema, client('presence', { pointer: null }));
    ok(ClientMessageSchema, client('presence', { view: { viewport: 'mobile', scroll: 0 } }));
    ok(ClientMessageSchema, client('presence', { selection: ['a'], pointer: { id: 'a', x: 0, y: 0 }, view: { viewport: 'desktop', scroll: 0.5 } }));
    const parsed = ClientMessageSchema.parse(client('presence', { pointer: null }));
    expect(parsed.payload).toEqual({ pointer: null });
  });

  it.each([
    ['a pointer outside its box', { pointer: { id: 'a', x: 1.5, y: 0 } }],
    ['a pointer with a negative fraction', { pointer: { id: 'a', x: 0, y: -0.1 } }],
    ['a pointer without an id', { pointer: { x: 0, y: 0 } }],
    ['a pointer on an id over 128 characters', { pointer: { id: 'x'.repeat(129), x: 0, y: 0 } }],
    ['a pointer given as pixels in a string', { pointer: { id: 'a', x: '10px', y: 0 } }],
    ['a view of an unknown viewport', { view: { viewport: 'watch', scroll: 0 } }],
    ['a view scrolled past the end', { view: { viewport: 'desktop', scroll: 2 } }],
    ['a view without its scroll', { view: { viewport: 'desktop' } }],
    ['a null view', { view: null }],
  ])('[M7] rejects a presence with %s', (_name, payload) => {
    bad(ClientMessageSchema, client('presence', payload));
  });

  it('[M2] accepts a presence selecting exactly 1000 ids', () => {
    ok(ClientMessageSchema, client('presence', { selection: Array.from({ length: 1000 }, (_, i) => `c${i}`) }));
  });
});

describe('ServerMessageSchema', () => {
  const good: [string, unknown][] = [
    ['sync', { schema: starterDocument(), version: 0, users: [user], you: user }],
    ['user-join', user],
    ['user-leave', { userId: 'u-1' }],
    ['op-patch', { patches: [{ op: 'add', path: '/components/a', value: {} }], version: 4, opId: 'op-1' }],
    ['ack', { opId: 'op-1', version: 4 }],
    ['presence', { userId: 'u-1', selection: ['hero'] }],
    ['presence', { userId: 'u-1', pointer: { id: 'hero', x: 0.5, y: 0.5 } }],
    ['presence', { userId: 'u-1', view: { viewport: 'tablet', scroll: 0.2 } }],
    ['presence', { userId: 'u-1', selection: null }],
    ['error', { code: ErrorCode.PatchFailed, message: 'no value at /x', opId: 'op-1' }],
    ['error', { code: ErrorCode.BadMessage, message: 'not JSON' }],
    ['error', { code: ErrorCode.Overloaded, message: 'the room is busy', opId: 'op-1', retryAfterMs: 40 }],
  ];

  it.each(good)('[M3] accepts a good %s', (type, payload) => {
    ok(ServerMessageSchema, server(type, payload));
  });

  it('[M1] accepts a message that a user sent, with that user as senderId', () => {
    ok(ServerMessageSchema, { ...server('op-patch', { patches: [], version: 1, opId: 'o' }), senderId: 'u-2' });
  });

  it.each(good)('[M1] rejects a %s without the senderId the server must set', (type, payload) => {
    const { senderId: _, ...rest } = server(type, payload);
    bad(ServerMessageSchema, rest);
  });

  it.each(good)('[M1] rejects a %s without the ts the server must set', (type, payload) => {
    bad(ServerMessageSchema, { ...server(type, payload), ts: undefined });
    bad(ServerMessageSchema, { ...server(type, payload), ts: '2024-01-01' });
  });

  it.each([
    ['sync', SyncPayload, { schema: { rootId: 'r' }, version: 0, users: [], you: user }],
    ['sync', SyncPayload, { schema: starterDocument(), version: 0, users: [{ userId: 'u' }], you: user }],
    ['sync', SyncPayload, { schema: starterDocument(), version: 0.5, users: [], you: user }],
    ['sync', SyncPayload, { schema: starterDocument(), version: 0, users: [] }],
    ['user-join', UserJoinPayload, { userId: 'u-1', userName: 'Ada' }],
    ['user-leave', UserLeavePayload, {}],
    ['op-patch', OpPatchPayload, { patches: [{ op: 'nope', path: '/a' }], version: 1, opId: 'o' }],
    ['op-patch', OpPatchPayload, { patches: 'x', version: 1, opId: 'o' }],
    ['op-patch', OpPatchPayload, { patches: [], opId: 'o' }],
    ['op-patch', OpPatchPayload, { patches: [], version: 1 }],
    ['ack', AckPayload, { opId: 'o' }],
    ['ack', AckPayload, { version: 1 }],
    ['presence', PresencePayload, { selection: null }],
    ['presence', PresencePayload, { userId: 'u', selection: 'a' }],
    ['error', ErrorPayload, { message: 'm' }],
    ['error', ErrorPayload, { code: 'bad-message' }],
    ['error', ErrorPayload, { code: 'bad-message', message: 'm', opId: '' }],
  ] as [string, { safeParse(v: unknown): { success: boolean } }, unknown][])('[M3] rejects a bad %s payload', (type, schema, payload) => {
    bad(schema, payload);
    bad(ServerMessageSchema, server(type, payload));
  });

  it('[M3] rejects an unknown type and a client-only shape', () => {
    bad(ServerMessageSchema, server('hello', {}));
    bad(ServerMessageSchema, server('op-patch', { patches: [], version: 1 }));
  });
});

describe('error codes and close codes', () => {
  it('[M5] error codes, close codes and the server sender id are the documented ones', () => {
    expect(Object.values(ErrorCode).sort()).toEqual(
      [
        'bad-message',
        'invalid-patch',
        'patch-failed',
        'schema-violation',
        'bad-version',
        'too-large',
        'rate-limited',
        'patch-too-large',
        'document-too-large',
        'op-id-conflict',
        'forbidden',
        'overloaded',
      ].sort(),
    );
    expect(CloseCode).toEqual({
      Normal: 1000,
      GoingAway: 1001,
      PolicyViolation: 1008,
      TooLarge: 1009,
      InternalError: 1011,
      TooSlow: 4008,
      PageDeleted: 4404,
      Forbidden: 4403,
    });
    expect(SERVER_SENDER).toBe('server');
  });
});

describe('parseClientMessage', () => {
  const frames: unknown[] = [
    { type: 'op-patch', payload: { patches: [], version: 3, opId: 'o' } },
    { type: 'op-patch', payload: { patches: [{ op: 'remove', path: '/x' }], version: 0, opId: 'x'.repeat(128) }, senderId: 'me', ts: 1 },
    { type: 'op-patch', payload: { version: 1, opId: 'o' } },
    { type: 'op-patch', payload: { patches: [], version: 1, opId: 'o', extra: true } },
    { type: 'op-patch', payload: { patches: [], version: -1, opId: 'o' } },
    { type: 'op-patch', payload: { patches: [], version: 1.5, opId: 'o' } },
    { type: 'op-patch', payload: { patches: [], version: 2 ** 53, opId: 'o' } },
    { type: 'op-patch', payload: { patches: [], version: 1, opId: '' } },
    { type: 'op-patch', payload: { patches: [], version: 1, opId: 'x'.repeat(129) } },
    { type: 'op-patch', payload: [] },
    { type: 'op-patch' },
    { type: 'presence', payload: { selection: ['a'] } },
    { type: 'hello', payload: {} },
    null,
    [],
  ];
  it.each(frames.map((f) => [JSON.stringify(f), f]))('[M3] reads %s exactly as ClientMessageSchema does', (_, frame) => {
    const quick = parseClientMessage(frame);
    const schema = ClientMessageSchema.safeParse(frame);
    expect(quick.success).toBe(schema.success);
    if (quick.success && schema.success) expect(quick.data).toEqual(schema.data);
  });
});

describe('batch (M8)', () => {
  const ack = server('ack', { opId: 'o-1', version: 3 });
  const patch = { ...server('op-patch', { patches: [{ op: 'replace', path: '/a', value: 1 }], version: 4, opId: 'o-2' }), senderId: 'u-2' };

  it('[M8] a batch frame carries server messages, handed out in order', () => {
    const parsed = ServerFrameSchema.safeParse(server('batch', { messages: [ack, patch] }));
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(messagesOf(parsed.data).map((m) => m.type)).toEqual(['ack', 'op-patch']);
  });

  it('[M8] a single message is a frame too, and is its own one message', () => {
    const parsed = ServerFrameSchema.safeParse(ack);
    expect(parsed.success).toBe(true);
    if (parsed.success) expect(messagesOf(parsed.data)).toEqual([ack]);
  });

  it('[M8] refuses an empty batch, a nested one, and a batch holding a bad message', () => {
    bad(ServerFrameSchema, server('batch', { messages: [] }));
    bad(ServerFrameSchema, server('batch', { messages: [server('batch', { messages: [ack] })] }));
    bad(ServerFrameSchema, server('batch', { messages: [server('ack', { opId: '', version: 1 })] }));
  });

  it('[M8] a batch is not a message of its own: the single-message schema refuses it', () => {
    bad(ServerMessageSchema, server('batch', { messages: [ack] }));
  });
});
