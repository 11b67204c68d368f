/**
 * Tandem: the real server, started as `pnpm start` starts it, with its default
 * durable SQLite in a fresh temporary DATA_DIR; clients speak the raw protocol
 * (signed in and joined through a share link: tandem-access.ts; POST /api/tickets, then ws /ws/:pageId?ticket=…&batch=1), one op-patch per op, sent
 * open-loop against the latest version they have seen; they take `batch` frames (SPEC M8), as `@tandem/client` does.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultProps } from '@tandem/protocol';
import WebSocket from 'ws';
import { freePort, httpReady, type ServerProcess, startServer } from '../proc.ts';
import type { Recorder } from '../recorder.ts';
import { parseStamp } from '../stamp.ts';
import { joinRoom, ticketFor } from './tandem-access.ts';
import { type BenchClient, componentId, type Peer, type Room, waitFor } from './types.ts';

const SERVER_DIR = fileURLToPath(new URL('../../../../apps/server/', import.meta.url));

/**
 * The one way the benchmark starts Tandem: the compiled entry (`dist/main.js`,
 * what `pnpm start` runs after `pnpm build`) when it exists, else the sources
 * through tsx. `--import tsx` keeps it one process, so /proc measures the server.
 */
export function tandemEntry(): { args: string[]; cwd: string; compiled: boolean } {
  // Options for node itself, to profile the server (`--cpu-prof` is not allowed in NODE_OPTIONS).
  const node = (process.env.TANDEM_BENCH_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const dist = join(SERVER_DIR, 'dist', 'main.js');
  if (existsSync(dist)) return { args: [...node, dist], cwd: SERVER_DIR, compiled: true };
  return { args: [...node, '--import', 'tsx', join(SERVER_DIR, 'src', 'main.ts')], cwd: SERVER_DIR, compiled: false };
}

/** `TANDEM_BENCH_ENV=COMMIT_GATHER_MS=0,ROOM_BACKLOG=1024`: settings of the server to compare against its defaults. */
function benchEnv(spec: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const pair of (spec ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) env[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return env;
}

/**
 * Starts the server with its defaults except: loopback only, quiet logs, a
 * temporary DATA_DIR (removed on stop), and the per-connection rate limit
 * lifted (it guards against one abusive socket; the benchmark measures rooms).
 */
export async function startTandem(extraEnv: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
  const port = await freePort();
  const entry = tandemEntry();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...benchEnv(process.env.TANDEM_BENCH_ENV),
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
    ...extraEnv,
  };
  try {
    const server = await startServer({ args: entry.args, cwd: entry.cwd, env, port, ready: httpReady('/healthz') });
    return {
      ...server,
      stop: async () => {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** A window this wide is as good as open (see TandemClient.window). */
const WINDOW_OPEN = 64;

interface ServerFrame {
  type: string;
  payload: Record<string, unknown>;
}

class TandemClient implements BenchClient {
  version = -1;
  rootId = '';
  private seq = 0;
  private closing = false;
  /** What each unanswered op sent, to send it again when the server says `overloaded`. */
  private readonly unanswered = new Map<string, unknown[]>();
  /** The seq of this client's newest op, sent or composed. */
  private newest = -1;
  /** Told `overloaded`: nothing new is sent until then; what is due meanwhile composes into `composed`. */
  private pausedUntil = 0;
  private composed: { patches: unknown[]; opId: string } | null = null;
  private resumeTimer: NodeJS.Timeout | null = null;
  /**
   * Ops this client lets go unacknowledged: none open-loop, until told
   * `overloaded`; then one, and one more with each ack, until WINDOW_OPEN
   * (TCP's additive increase after a loss). What is due while the window is
   * full composes, as in a pause.
   */
  private window = Number.POSITIVE_INFINITY;
  private readonly path: string;

  constructor(
    readonly author: number,
    private readonly ws: WebSocket,
    private readonly recorder: Recorder,
  ) {
    this.path = `/components/${componentId(author)}/props/text`;
    ws.on('message', (data) => this.receive(String(data)));
    ws.on('close', (code) => {
      if (!this.closing) recorder.error(`close-${code}`);
    });
  }

  private receive(text: string): void {
    const now = performance.now();
    const frame = JSON.parse(text) as ServerFrame;
    // SPEC M8: a batch is its messages, one by one.
    if (frame.type === 'batch') {
      for (const message of (frame.payload as unknown as { messages: ServerFrame[] }).messages) this.handle(message, now);
    } else this.handle(frame, now);
  }

  private handle(frame: ServerFrame, now: number): void {
    const payload = frame.payload;
    switch (frame.type) {
      case 'sync': {
        this.version = payload.version as number;
        this.rootId = (payload.schema as { rootId: string }).rootId;
        return;
      }
      case 'op-patch': {
        this.version = Math.max(this.version, payload.version as number);
        for (const op of payload.patches as { value?: unknown }[]) {
          const stamp = parseStamp(op.value);
          if (stamp) this.recorder.delivered(stamp, now);
        }
        return;
      }
      case 'ack': {
        this.version = Math.max(this.version, payload.version as number);
        const sent = this.unanswered.get(payload.opId as string);
        this.unanswered.delete(payload.opId as string);
        // Its phase from its own stamp: acks of ops sent again come out of order.
        const phase = parseStamp((sent?.[0] as { value?: unknown } | undefined)?.value)?.phase;
        if (payload.opId !== 'setup') this.recorder.acked(this.author, phase);
        if (++this.window >= WINDOW_OPEN) this.window = Number.POSITIVE_INFINITY;
        this.sendComposed();
        return;
      }
      case 'error': {
        const code = String(payload.code);
        const opId = payload.opId;
        const patches = typeof opId === 'string' ? this.unanswered.get(opId) : undefined;
        if (code === 'overloaded' && typeof opId === 'string' && patches) {
          // SPEC L9: as a well-behaved client does, nothing new until the hint has passed (see `send`), then the
          // same op again, on the latest version; unless a later op of this client, sent or composed, replaces
          // the same property anyway: then it is composed into that one (as @tandem/client composes), not sent again.
          this.recorder.error(code);
          this.unanswered.delete(opId);
          this.window = 1;
          const retryAfterMs = typeof payload.retryAfterMs === 'number' ? payload.retryAfterMs : 100;
          const wait = retryAfterMs * (1 + Math.random() / 2);
          this.pausedUntil = Math.max(this.pausedUntil, performance.now() + wait);
          this.resumeAfter(wait);
          if (seqOf(opId) >= this.newest) setTimeout(() => this.sendRaw(patches, opId), wait);
          return;
        }
        if (typeof opId === 'string') this.unanswered.delete(opId);
        if (typeof opId === 'string' && opId !== 'setup') this.recorder.failed(this.author, code);
        else this.recorder.error(code);
        return;
      }
    }
  }

  sendRaw(patches: unknown[], opId: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.unanswered.set(opId, patches);
    this.ws.send(JSON.stringify({ type: 'op-patch', payload: { patches, version: this.version, opId } }));
  }

  /**
   * Obeying `overloaded` as `@tandem/client` does: until the hint has passed the
   * client sends nothing new, and what it is asked to send meanwhile composes
   * into one op (each replaces the same property, so only the newest value is
   * left), sent once the pause is over. An op composed away is counted as sent
   * and never acknowledged: the step shows it, as it shows ShareDB's composing.
   */
  send(stamp: string): void {
    const op = { op: 'replace', path: this.path, value: stamp };
    this.newest = this.seq;
    const opId = `${this.author}.${this.seq++}`;
    if (performance.now() < this.pausedUntil || this.unanswered.size >= this.window) {
      this.composed = { patches: [op], opId };
      return;
    }
    this.sendRaw([op], opId);
  }

  /** What composed during a pause or while the window was full, once neither holds it back. */
  private sendComposed(): void {
    if (!this.composed || performance.now() < this.pausedUntil || this.unanswered.size >= this.window) return;
    const composed = this.composed;
    this.composed = null;
    this.sendRaw(composed.patches, composed.opId);
  }

  private resumeAfter(ms: number): void {
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = null;
      if (performance.now() < this.pausedUntil) return this.resumeAfter(this.pausedUntil - performance.now());
      this.sendComposed();
    }, ms);
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => this.ws.once('close', resolve));
    this.ws.close();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
    this.ws.terminate();
  }
}

async function connect(port: number, pageId: string, author: number, recorder: Recorder): Promise<TandemClient> {
  // `pageId` names the bench's room; the server's page for it is made once, and each client joins it as a person of its own.
  const joined = await joinRoom(port, pageId, `bench-${author}`);
  const t = await ticketFor(port, joined.pageId, joined.cookie);
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/${joined.pageId}?ticket=${encodeURIComponent(t)}&batch=1`);
  const client = new TandemClient(author, ws, recorder);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  await waitFor(() => client.version >= 0, 10_000, 'sync');
  return client;
}

/**
 * The clients of one room, each with its own Text component: the first client
 * adds them all in one patch, and the room is ready when everyone has it.
 */
export async function openTandemRoom(server: ServerProcess, room: string, authors: number[], recorder: Recorder): Promise<Room> {
  const clients: TandemClient[] = [];
  for (const author of authors) clients.push(await connect(server.port, room, author, recorder));
  const first = clients[0];
  if (first) {
    const start = first.version;
    const patches = authors.flatMap((author) => [
      {
        op: 'add',
        path: `/components/${componentId(author)}`,
        value: { id: componentId(author), type: 'Text', props: defaultProps('Text'), children: [] },
      },
      { op: 'add', path: `/components/${first.rootId}/children/-`, value: componentId(author) },
    ]);
    first.sendRaw(patches, 'setup');
    await waitFor(() => clients.every((c) => c.version > start), 10_000, 'the components of the room');
  }
  return { clients, close: async () => void (await Promise.all(clients.map((c) => c.close()))) };
}

export const tandem: Peer = {
  name: 'tandem',
  describe: () => `Tandem (${tandemEntry().compiled ? 'dist/main.js' : 'tsx src/main.ts'}, durable SQLite)`,
  start: () => startTandem(),
  openRoom: openTandemRoom,
};

/** The seq an opId of `send` carries (`author.seq`). */
function seqOf(opId: string): number {
  return Number(opId.slice(opId.indexOf('.') + 1));
}
