/**
 * Several real server processes on one PostgreSQL database and one Redis, for
 * tests and fuzz runs of scale-out (issue 15): the compiled server
 * (`dist/main.js`, as `pnpm start` runs it), each process on a port of its own,
 * all with the same DATABASE_URL and REDIS_URL. A run is isolated from every
 * other: a fresh schema (first on the search path), a fresh Redis key and
 * channel prefix, and a fresh DATA_DIR for uploads, shared by its processes as
 * a mounted volume would be.
 *
 *   const cluster = await TestCluster.start({ processes: 3 });
 *   cluster.nodes[1].http;            // http://127.0.0.1:<port>
 *   await cluster.kill(1);            // SIGKILL, mid-stream
 *   await cluster.restart(1);         // the same port again
 *   await cluster.stop();             // SIGTERM all, drop the schema
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildServer, spawnServer } from './compiled.ts';
import { testDatabaseUrl, testRedisUrl, withSearchPath } from './testing.ts';

export interface ClusterOptions {
  processes: number;
  /** Added to every process's environment (after the cluster's own). */
  env?: Record<string, string>;
  /** Run `pnpm build`'s step for the server first (default true), so that no stale dist/ is tested. */
  build?: boolean;
}

export interface ClusterNode {
  readonly index: number;
  readonly port: number;
  readonly http: string;
  readonly ws: string;
  /** The running process's id, or null while it is down. */
  pid: number | null;
  /** The last 64 kB it printed (one JSON log line a line), for failure messages. */
  output(): string;
}

/** A free TCP port on loopback; a node keeps its port across restarts, as a deploy would. */
export async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** GET /healthz answered 200: the process listens and its database and Redis are reachable. */
export async function healthy(http: string): Promise<boolean> {
  try {
    const res = await fetch(`${http}/healthz`, { signal: AbortSignal.timeout(1000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

class Node implements ClusterNode {
  pid: number | null = null;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private printed: () => string = () => '';

  constructor(
    readonly index: number,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get http(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get ws(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  output(): string {
    return this.printed();
  }

  async launch(timeoutMs = 30_000): Promise<void> {
    const started = spawnServer(this.env, 65_536);
    const child = started.child;
    this.child = child;
    this.printed = started.output;
    let gone = false;
    this.exited = started.exited.then(() => {
      gone = true;
      if (this.child === child) {
        this.child = null;
        this.pid = null;
      }
    });
    const deadline = Date.now() + timeoutMs;
    while (!(await healthy(this.http))) {
      if (gone) throw new Error(`process ${this.index} exited before it was ready:\n${this.printed()}`);
      if (Date.now() > deadline) {
        await this.signal('SIGKILL');
        throw new Error(`process ${this.index} was not ready within ${timeoutMs} ms:\n${this.printed()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    this.pid = child.pid ?? null;
  }

  /** Sends `signal` and waits for the exit (a SIGTERM that takes over 20 s is followed by SIGKILL). */
  async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}

export class TestCluster {
  private constructor(
    private readonly members: Node[],
    /** The schema this run's processes use, and DATABASE_URL with it on the search path. */
    readonly schema: string,
    readonly databaseUrl: string,
    readonly redisPrefix: string,
    private readonly admin: pg.Pool,
    private readonly dataDir: string,
  ) {}

  get nodes(): readonly ClusterNode[] {
    return this.members;
  }

  static async start(options: ClusterOptions): Promise<TestCluster> {
    if (options.build ?? true) buildServer();
    const run = randomBytes(5).toString('hex');
    const schema = `cluster_${run}`;
    const redisPrefix = `tandem-test-${run}:`;
    const admin = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const databaseUrl = withSearchPath(testDatabaseUrl(), schema);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tandem-cluster-'));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: redisPrefix,
      LOG_LEVEL: 'info',
      // Tests sign many people up and make many pages from one address; a cheap scrypt, no limits on either.
      PASSWORD_SCRYPT_COST: '1024',
      LOGIN_ATTEMPTS_PER_MINUTE: '0',
      PAGES_PER_MINUTE: '0',
      // Makes each process watch its parent (parent.ts): a test runner that dies leaves no server behind.
      npm_lifecycle_event: 'test',
      ...options.env,
    };
    const members: Node[] = [];
    const cluster = new TestCluster(members, schema, databaseUrl, redisPrefix, admin, dataDir);
    try {
      // One at a time: the first migrates the fresh schema, and each holds its port before the next picks one.
      for (let i = 0; i < options.processes; i++) {
        const port = await freePort();
        const node = new Node(i, port, { ...env, PORT: String(port) });
        members.push(node);
        await node.launch();
      }
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** Pool queries on this run's schema (for checks on what the processes stored). */
  query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<pg.QueryResult<T>> {
    return this.admin.query<T>(sql.replaceAll('$schema', this.schema), values);
  }

  /** Kills process `index` (SIGKILL by default: no drain, no goodbye to its clients) and waits for the exit. */
  async kill(index: number, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.member(index).signal(signal);
  }

  /** Starts process `index` again on its port, once it is down (killing it first if it is not). */
  async restart(index: number): Promise<void> {
    const node = this.member(index);
    await node.signal('SIGTERM');
    await node.launch();
  }

  /** Stops every process gracefully, then drops the schema and the uploads. */
  async stop(): Promise<void> {
    await Promise.all(this.members.map((node) => node.signal('SIGTERM')));
    await this.admin.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`).catch(() => {});
    await this.admin.end();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private member(index: number): Node {
    const node = this.members[index];
    if (!node) throw new Error(`no process ${index} in a cluster of ${this.members.length}`);
    return node;
  }
}
