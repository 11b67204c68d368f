/**
 * Test helpers: a real server on an ephemeral port and a ws client that queues
 * what it receives so that a test can wait for the next message of a type.
 * Used by this package's tests and by other packages' integration tests.
 */
import type { Account, Role, ServerFrame, ServerMessage, ServerMessageType, ServerPayload } from '@tandem/protocol';
import { BATCH_PARAM, messagesOf } from '@tandem/protocol';
import WebSocket from 'ws';
import { createLogger } from './log.ts';
import { createServer, type ServerOptions, type TandemServer } from './server.ts';

export interface RunningServer {
  server: TandemServer;
  port: number;
  http: string;
  ws: string;
  close(): Promise<void>;
}

export async function startTestServer(options: ServerOptions = {}): Promise<RunningServer> {
  const server = createServer({
    log: createLogger('silent'),
    ...options,
    // A cheaper scrypt (N = 2^10) and no login limit keep suites that sign many people up fast; tests of either set their own.
    config: { port: 0, host: '127.0.0.1', passwordCost: 1024, loginAttemptsPerMinute: 0, ...options.config },
  });
  const port = await server.listen();
  return { server, port, http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}`, close: () => server.close() };
}

/** A signed-in person: their account, and the headers that carry their session on a request. */
export interface Session {
  user: Account;
  /** `tandem_session=…`, for a Cookie header. */
  cookie: string;
  headers: Record<string, string>;
}

let people = 0;

/** Signs up a fresh account (a new email each time) and returns its session. */
export async function signUp(base: string | RunningServer, name = 'Tester'): Promise<Session> {
  const url = typeof base === 'string' ? base : base.http;
  const email = `${name.replace(/[^A-Za-z0-9]/g, '').toLowerCase() || 'someone'}-${++people}-${Date.now().toString(36)}@example.com`;
  const res = await fetch(`${url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'correct horse battery', name }),
  });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const { user } = (await res.json()) as { user: Account };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  return { user, cookie, headers: { cookie, 'content-type': 'application/json' } };
}

/** `POST /api/pages` as `session`: a new page of which they are the owner. */
export async function createPage(base: string, session: Session, title = 'Test page', template?: string): Promise<string> {
  const res = await fetch(`${base}/api/pages`, {
    method: 'POST',
    headers: session.headers,
    body: JSON.stringify({ title, ...(template ? { template } : {}) }),
  });
  if (res.status !== 201) throw new Error(`page creation failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/**
 * A fixture for tests about something else than access: the page `pageId`
 * exists (created from the starter document when it does not) and the person
 * has at least `role` on it, set in the stores directly as the routes would.
 */
export async function allow(target: RunningServer | TandemServer, pageId: string, userId: string, role: Role = 'editor'): Promise<void> {
  const server = 'server' in target ? target.server : target;
  const created = await server.hub.ensurePage(pageId);
  await server.access.grantAtLeast(pageId, userId, created === 'created' ? 'owner' : role, Date.now());
}

/**
 * For clients that fetch their own tickets (CollabClient's `fetch` option), in
 * tests about something else than access: on first use, signs up a fresh
 * account of `name` and `allow`s it onto `pageId`; every request then carries
 * its cookie. `session()` gives that account (the same one each time), so that
 * a test can reopen a client as the same person.
 */
export function signedInFetch(target: RunningServer | TandemServer, pageId: string, name: string, role: Role = 'editor') {
  let session: Promise<Session> | null = null;
  const ensure = (): Promise<Session> => {
    session ??= (async () => {
      const server = 'server' in target ? target.server : target;
      const { port } = server.http.address() as { port: number };
      const signed = await signUp(`http://127.0.0.1:${port}`, name);
      await allow(target, pageId, signed.user.id, role);
      return signed;
    })();
    return session;
  };
  const signedIn = async (url: string, init: { method: string; headers: Record<string, string>; body: string }) => {
    const { cookie } = await ensure();
    return fetch(url, { ...init, headers: { ...init.headers, cookie } });
  };
  return Object.assign(signedIn, { session: ensure });
}

export async function requestTicket(
  base: string,
  pageId: string,
  session: Session,
): Promise<{ ticket: string; userId: string; expiresAt: number; role: Role }> {
  const res = await fetch(`${base}/api/tickets`, {
    method: 'POST',
    headers: session.headers,
    body: JSON.stringify({ pageId }),
  });
  if (res.status !== 201) throw new Error(`ticket request failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { ticket: string; userId: string; expiresAt: number; role: Role };
}

/**
 * Over HTTP only (for servers in another process): a fresh account of `name`
 * that joins `pageId` with `role` through a share link the owner makes.
 */
export async function member(
  base: string,
  owner: Session,
  pageId: string,
  name: string,
  role: 'editor' | 'viewer' = 'editor',
): Promise<Session> {
  const link = await fetch(`${base}/api/pages/${pageId}/links`, { method: 'POST', headers: owner.headers, body: JSON.stringify({ role }) });
  if (link.status !== 201) throw new Error(`link creation failed: ${link.status} ${await link.text()}`);
  const { token } = (await link.json()) as { token: string };
  const session = await signUp(base, name);
  const joined = await fetch(`${base}/api/join`, { method: 'POST', headers: session.headers, body: JSON.stringify({ token }) });
  if (joined.status !== 200) throw new Error(`join failed: ${joined.status} ${await joined.text()}`);
  return session;
}

/** `fetch` that carries the session's cookie, for clients (CollabClient's `fetch` option) outside a browser. */
export function sessionFetch(session: Session) {
  return (url: string, init: { method: string; headers: Record<string, string>; body: string }) =>
    fetch(url, { ...init, headers: { ...init.headers, cookie: session.cookie } });
}

/** A ticket for a fresh account of `name`, allowed onto `pageId` (see `allow`). */
export async function ticketFor(server: RunningServer, pageId: string, name = 'Tester') {
  const session = await signUp(server, name);
  await allow(server, pageId, session.user.id);
  return requestTicket(server.http, pageId, session);
}

type Message<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;

/** A raw protocol client: no smarts, so that tests see exactly what the server sends. */
export class TestClient {
  /** Every message, a `batch` frame's (SPEC M8) one by one, in order. */
  readonly received: ServerMessage[] = [];
  /** Every frame as it came, a `batch` as one. */
  readonly frames: ServerFrame[] = [];
  private readonly waiters: { type: ServerMessageType; resolve: (m: ServerMessage) => void }[] = [];
  private cursor = 0;
  closeCode: number | null = null;
  readonly closed: Promise<number>;

  private constructor(
    readonly socket: WebSocket,
    readonly userId: string,
  ) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      this.frames.push(frame);
      this.received.push(...messagesOf(frame));
      this.dispatch();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code) => {
        this.closeCode = code;
        resolve(code);
      }),
    );
  }

  /**
   * Joins `pageId` as `who`: a session, which must have a role on the page; or
   * a name, for tests about something else than access: a fresh account of that
   * name, made an editor of the page (its owner when the page is new) with `allow`.
   */
  static async join(
    server: RunningServer,
    pageId: string,
    who: string | Session = 'Tester',
    options: WebSocket.ClientOptions = {},
    /** Ask for `batch` frames (SPEC M8). */
    batch = false,
  ): Promise<TestClient & { sync: Message<'sync'> }> {
    let session = who as Session;
    if (typeof who === 'string') {
      session = await signUp(server, who);
      await allow(server, pageId, session.user.id);
    }
    const { ticket, userId } = await requestTicket(server.http, pageId, session);
    const socket = new WebSocket(`${server.ws}/ws/${pageId}?ticket=${encodeURIComponent(ticket)}${batch ? `&${BATCH_PARAM}=1` : ''}`, options);
    const client = new TestClient(socket, userId);
    const sync = await client.next('sync');
    return Object.assign(client, { sync });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  sendPatch(patches: unknown, version: number, opId: string): void {
    this.send({ type: 'op-patch', payload: { patches, version, opId } });
  }

  /** The next not-yet-consumed message of `type` (earlier ones of other types stay queued). */
  next<T extends ServerMessageType>(type: T, timeoutMs = 3000): Promise<Message<T>> {
    const found = this.take(type);
    if (found) return Promise.resolve(found as Message<T>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${type}; got ${this.summary()}`)), timeoutMs);
      this.waiters.push({
        type,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as Message<T>);
        },
      });
    });
  }

  /** Every message of `type` received so far, consumed or not. */
  all<T extends ServerMessageType>(type: T): Message<T>[] {
    return this.received.filter((m) => m.type === type) as Message<T>[];
  }

  payloads<T extends ServerMessageType>(type: T): ServerPayload<T>[] {
    return this.all(type).map((m) => m.payload as ServerPayload<T>);
  }

  close(): Promise<number> {
    this.socket.close();
    return this.closed;
  }

  private readonly consumed = new Set<number>();

  private take(type: ServerMessageType): ServerMessage | undefined {
    for (let i = this.cursor; i < this.received.length; i++) {
      if (this.consumed.has(i) || this.received[i]?.type !== type) continue;
      this.consumed.add(i);
      while (this.consumed.has(this.cursor)) this.cursor++;
      return this.received[i];
    }
    return undefined;
  }

  private dispatch(): void {
    for (let w = 0; w < this.waiters.length; w++) {
      const waiter = this.waiters[w] as (typeof this.waiters)[number];
      const found = this.take(waiter.type);
      if (found) {
        this.waiters.splice(w--, 1);
        waiter.resolve(found);
      }
    }
  }

  private summary(): string {
    return this.received.map((m) => m.type).join(', ') || 'nothing';
  }
}

/** Opens a socket with a ticket and reports the HTTP status if the upgrade is refused. */
export function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('error', (error) => {
      if (!String(error.message).includes('Unexpected server response')) reject(error);
    });
  });
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds; fails after `timeoutMs` with `what`. */
export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await delay(10);
  }
}

/**
 * The house's local services, which every test of PostgreSQL and Redis runs on
 * (never skipped: a test that cannot reach them fails and says so);
 * TEST_DATABASE_URL and TEST_REDIS_URL point elsewhere.
 */
export const testDatabaseUrl = () => process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
export const testRedisUrl = () => process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** The same PostgreSQL database, with `schema` first on the search path of every connection (tests isolate themselves so). */
export function withSearchPath(connectionString: string, schema: string): string {
  const url = new URL(connectionString);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
