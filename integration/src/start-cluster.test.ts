/**
 * Issue 15's "done when": `pnpm start:cluster` (WORKERS=2, PostgreSQL + Redis)
 * serves one page to two clients that landed on different worker processes,
 * and their edits reach each other. Which process holds each client's socket
 * is the kernel's answer (/proc, process-tree.ts), checked against the pids
 * the workers report in GET /healthz.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CollabClient, type WebSocketConstructor } from '@tandem/client';
import { defaultProps } from '@tandem/protocol';
import { freePort, healthy } from '@tandem/server/cluster-testing';
import { testDatabaseUrl, testRedisUrl } from '@tandem/server/testing';
import { buildServer } from '@tandem/server/compiled';
import { connectionOwner, nodeProcesses } from '@tandem/server/process-tree';
import { createPage, member, type Session, sessionFetch, signUp, until, withSearchPath } from '@tandem/server/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let child: ChildProcess;
let exited: Promise<void>;
let port: number;
let http: string;
let output = '';
const schema = `start_cluster_${randomBytes(5).toString('hex')}`;
const admin = new pg.Pool({ connectionString: testDatabaseUrl(), max: 1 });
const dataDir = mkdtempSync(path.join(tmpdir(), 'tandem-start-cluster-'));

beforeAll(async () => {
  buildServer();
  await admin.query(`CREATE SCHEMA ${schema}`);
  port = await freePort();
  http = `http://127.0.0.1:${port}`;
  // As an operator starts it, from the repository's root; its own process group, so that teardown reaches every worker.
  child = spawn('pnpm', ['--silent', 'start:cluster'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      WORKERS: '2',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: withSearchPath(testDatabaseUrl(), schema),
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: `${schema}:`,
      LOG_LEVEL: 'info',
      PASSWORD_SCRYPT_COST: '1024',
    },
  });
  child.stdout?.on('data', (data: Buffer) => {
    output += data.toString();
  });
  child.stderr?.on('data', (data: Buffer) => {
    output += data.toString();
  });
  exited = new Promise((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 40_000;
  while (!(await healthy(http))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`pnpm start:cluster did not become healthy:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 60_000);

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

/** The worker pids GET /healthz names, each request on a fresh connection (the primary deals them out in turn). */
async function reportedPids(): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < 8; i++) {
    const res = await fetch(`${http}/healthz`, { headers: { connection: 'close' } });
    pids.add(((await res.json()) as { process: { pid: number } }).process.pid);
  }
  return pids;
}

/** A CollabClient whose socket is kept, so that the test can ask the kernel which process holds its other end. */
function openClient(session: Session, pageId: string, name: string): { client: CollabClient; socket: () => WebSocket | null } {
  let last: WebSocket | null = null;
  const Tracked = class extends WebSocket {
    constructor(url: string) {
      super(url);
      last = this;
    }
  } as unknown as WebSocketConstructor;
  const client = new CollabClient({ baseUrl: http, pageId, userName: name, WebSocket: Tracked, fetch: sessionFetch(session) });
  return { client, socket: () => last };
}

function ownerOf(socket: WebSocket | null): number | null {
  const local = (socket as unknown as { _socket?: { localPort?: number } } | null)?._socket?.localPort;
  return local === undefined || !child.pid ? null : connectionOwner(child.pid, port, local);
}

describe('pnpm start:cluster (WORKERS=2, PostgreSQL + Redis)', () => {
  it('serves one page to two clients on different worker processes, and each sees the other’s edits', async () => {
    const owner = await signUp(http, 'Owner');
    const pageId = await createPage(http, owner, 'Cluster page', 'starter');
    const ana = openClient(owner, pageId, 'Ana');
    await ana.client.connect();
    const anaPid = ownerOf(ana.socket());
    // Bo joins through a share link and connects until the primary hands Bo's socket to the other worker.
    const bo = await member(http, owner, pageId, 'Bo');
    let other: ReturnType<typeof openClient> | null = null;
    for (let attempt = 0; attempt < 10 && !other; attempt++) {
      const candidate = openClient(bo, pageId, 'Bo');
      await candidate.client.connect();
      if (ownerOf(candidate.socket()) !== anaPid) other = candidate;
      else candidate.client.close();
    }
    expect(other, 'a second client on another process').not.toBeNull();
    const boClient = (other as ReturnType<typeof openClient>).client;
    const boPid = ownerOf((other as ReturnType<typeof openClient>).socket());

    // Two different processes of this cluster hold the sockets, both of them workers that /healthz names.
    const workers = nodeProcesses(child.pid as number);
    expect(anaPid).not.toBeNull();
    expect(boPid).not.toBeNull();
    expect(anaPid).not.toBe(boPid);
    expect(workers).toContain(anaPid);
    expect(workers).toContain(boPid);
    const reported = await reportedPids();
    expect(reported.size).toBe(2);
    expect([...reported].sort()).toEqual([anaPid, boPid].sort());

    // Ana adds a text; Bo, on the other process, sees it and changes it; Ana sees that.
    const rootId = ana.client.doc?.rootId as string;
    ana.client.submit([
      { op: 'add', path: '/components/cross', value: { id: 'cross', type: 'Text', props: defaultProps('Text'), children: [] } },
      { op: 'add', path: `/components/${rootId}/children/-`, value: 'cross' },
    ]);
    await until(() => boClient.doc?.components.cross !== undefined, 'Bo sees Ana’s text', 10_000);
    boClient.submit([{ op: 'replace', path: '/components/cross/props/text', value: 'from the other process' }]);
    await until(() => ana.client.doc?.components.cross?.props.text === 'from the other process', 'Ana sees Bo’s change', 10_000);
    await until(() => ana.client.pendingCount === 0 && boClient.pendingCount === 0, 'both acknowledged', 10_000);
    expect(ana.client.version).toBe(boClient.version);
    expect(ana.client.doc).toEqual(boClient.doc);
    ana.client.close();
    boClient.close();
  }, 60_000);
});
