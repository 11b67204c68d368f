/**
 * Signals to the server as `pnpm start` runs it (issue 8, point 6): a supervisor
 * signals the process it started. Here that is `pnpm start` from the repository
 * root, with its own SQLite DATA_DIR on a free port, while three writers keep a
 * patch in flight each. SIGTERM (to the server, or to pnpm, which forwards it)
 * stores every acknowledged patch and exits; SIGKILL (to either) leaves no
 * process behind holding the port.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Operation, type PageDocument, validateDocument } from '@tandem/protocol';
import { SqliteStorage } from '@tandem/server';
import { buildServer } from '@tandem/server/compiled';
import { createPage, member, type RunningServer, signUp, TestClient, until } from '@tandem/server/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Started {
  pnpm: ChildProcess;
  /** The process `pnpm start` started: the server itself. */
  server: number;
  port: number;
  target: RunningServer;
  output: string[];
  pnpmExited: Promise<number | null>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** True when something can listen on the port again: nobody holds it. */
async function portIsFree(port: number): Promise<boolean> {
  const probe = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (bound) await new Promise((resolve) => probe.close(resolve));
  return bound;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The children of a process, with their command lines. */
function childrenOf(pid: number): { pid: number; args: string }[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there are none
  }
  return out
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), args: m[2] as string }));
}

const starts: Started[] = [];

async function pnpmStart(dataDir: string): Promise<Started> {
  const port = await freePort();
  const pnpm = spawn('pnpm', ['start'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ROOM_IDLE_MS: '60000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const pnpmExited = new Promise<number | null>((resolve) => pnpm.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pnpm start did not listen:\n${output.join('')}`)), 30_000);
    pnpm.stdout?.on('data', (data: Buffer) => {
      output.push(data.toString());
      if (output.join('').includes('"msg":"listening"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    pnpm.stderr?.on('data', (data: Buffer) => output.push(data.toString()));
    void pnpmExited.then((code) => reject(new Error(`pnpm start exited with ${code}:\n${output.join('')}`)));
  });
  const children = childrenOf(pnpm.pid as number);
  // One child, and it is plain node running the compiled server: no tsx, no shell, no second pnpm in between.
  expect(children.map((c) => c.args)).toEqual(['node --enable-source-maps dist/main.js']);
  expect(childrenOf((children[0] as { pid: number }).pid)).toEqual([]);
  const started: Started = {
    pnpm,
    server: (children[0] as { pid: number }).pid,
    port,
    target: { http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}`, port } as RunningServer,
    output,
    pnpmExited,
  };
  starts.push(started);
  return started;
}

/** Adds one Text under the hero: two operations that must both be stored, or neither. */
function addText(id: string): Operation[] {
  return [
    { op: 'add', path: `/components/${id}`, value: { id, type: 'Text', props: { text: id }, children: [] } },
    { op: 'add', path: '/components/hero/children/-', value: id },
  ];
}

/**
 * Three writers, each with one patch in flight on the newest version it has
 * heard of, until the server goes away; resolves once `count` are acknowledged.
 */
async function writeUntilAcked(target: RunningServer, title: string, count: number) {
  // Over HTTP only (the server is another process): an owner makes the page, the writers join by an editor link.
  const owner = await signUp(target.http, 'Owner');
  const pageId = await createPage(target.http, owner, title, 'landing');
  const writers = await Promise.all(['Ada', 'Bob', 'Cy'].map((who) => member(target.http, owner, pageId, who)));
  const clients = await Promise.all(writers.map((who) => TestClient.join(target, pageId, who)));
  const acked = new Map<string, number>();
  const streams = clients.map(async (client, c) => {
    let version = client.sync.payload.version;
    client.socket.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.type === 'op-patch' || m.type === 'ack') version = Math.max(version, m.payload.version);
    });
    for (let n = 0; ; n++) {
      const opId = `s-${c}-${n}-${randomBytes(3).toString('hex')}`;
      client.sendPatch(addText(opId), version, opId);
      const ack = await Promise.race([client.next('ack', 15_000).catch(() => null), client.closed.then(() => null)]);
      if (!ack) return;
      acked.set(ack.payload.opId, ack.payload.version);
    }
  });
  await until(() => acked.size >= count, `${count} acknowledged patches`, 20_000);
  return { acked, done: Promise.all(streams), clients, pageId };
}

/** Waits until the process is gone (reaped), or fails. */
async function gone(pid: number, what: string): Promise<void> {
  await until(() => !alive(pid), what, 20_000);
}

describe('signals to the pnpm start process', () => {
  let dataDir: string;
  beforeAll(() => {
    buildServer();
  });
  afterEach(() => {
    for (const s of starts.splice(0)) {
      if (alive(s.server)) process.kill(s.server, 'SIGKILL');
      if (s.pnpm.exitCode === null && s.pnpm.signalCode === null) s.pnpm.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterAll(() => {
    for (const s of starts) if (alive(s.server)) process.kill(s.server, 'SIGKILL');
  });
  const fresh = () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tandem-signals-'));
    return dataDir;
  };

  /** Every acknowledged patch is in the stored log at its version, and the page is whole and valid. */
  async function expectStored(pageId: string, acked: Map<string, number>): Promise<void> {
    const storage = SqliteStorage.open(path.join(dataDir, 'tandem.db'));
    try {
      for (const [opId, version] of acked) expect(await storage.findOp(pageId, opId), opId).toBe(version);
      const page = await storage.load(pageId);
      const doc = page?.doc as PageDocument;
      expect(validateDocument(doc)).toEqual([]);
      for (const opId of acked.keys()) expect(doc.components.hero?.children.filter((c) => c === opId)).toEqual([opId]);
    } finally {
      await storage.close();
    }
  }

  for (const target of ['server', 'pnpm'] as const) {
    it(`SIGTERM to the ${target === 'server' ? 'server process pnpm start started' : 'pnpm process, which forwards it'}: every acknowledged patch is stored, it exits 0, nothing keeps the port`, async () => {
      const started = await pnpmStart(fresh());
      const pageId = `sigterm-${target}`;
      const writing = await writeUntilAcked(started.target, pageId, 30);
      // Edits are still in flight: each writer has sent its next patch.
      if (target === 'server') process.kill(started.server, 'SIGTERM');
      else started.pnpm.kill('SIGTERM');
      await writing.done;
      expect(await started.pnpmExited).toBe(0);
      await gone(started.server, 'the server exits');
      const log = started.output.join('');
      expect(log).toContain('"msg":"shutting down"');
      expect(log).toContain('"msg":"stopped"');
      // The writers were told the server was going away, not cut off.
      for (const client of writing.clients) expect(await client.closed).toBe(1001);
      expect(await portIsFree(started.port)).toBe(true);
      await expectStored(writing.pageId, writing.acked);
    }, 60_000);
  }

  it('SIGKILL to the server process: pnpm exits, and no orphan holds the port', async () => {
    const started = await pnpmStart(fresh());
    const writing = await writeUntilAcked(started.target, 'sigkill-server', 15);
    process.kill(started.server, 'SIGKILL');
    await writing.done;
    expect(await started.pnpmExited).not.toBe(0);
    await gone(started.server, 'the server is gone');
    expect(await portIsFree(started.port)).toBe(true);
    // Durable before acknowledged: a kill loses none of them either.
    await expectStored(writing.pageId, writing.acked);
  }, 60_000);

  it('SIGKILL to pnpm: the orphaned server notices, stores what it acknowledged, exits, and frees the port', async () => {
    const started = await pnpmStart(fresh());
    const writing = await writeUntilAcked(started.target, 'sigkill-pnpm', 15);
    started.pnpm.kill('SIGKILL');
    await started.pnpmExited;
    await gone(started.server, 'the orphaned server exits');
    await writing.done;
    for (const client of writing.clients) expect(await client.closed).toBe(1001);
    expect(await portIsFree(started.port)).toBe(true);
    await expectStored(writing.pageId, writing.acked);
  }, 60_000);
});
