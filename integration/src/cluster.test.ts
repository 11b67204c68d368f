/**
 * Several real server processes (the compiled dist/main.js) serving the same
 * page, on the local PostgreSQL (a schema of this run) and a redis-server of
 * this run (its own port, so that restarting it troubles nobody else): edits
 * from clients on every process converge and take gap-free, unique versions
 * in the database; presence crosses processes; a process killed with SIGKILL
 * loses no acknowledged patch and applies none twice, its clients resuming on
 * the others; Redis restarted mid-stream loses nothing; an opId sent again to
 * another process is acknowledged once; SQLite refuses a second process.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CollabClient } from '@tandem/client';
import type { Operation, PageDocument } from '@tandem/protocol';
import { buildServer } from '@tandem/server/compiled';
import { createPage, member, type Session, sessionFetch, signUp, TestClient, testDatabaseUrl, until, withSearchPath } from '@tandem/server/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freePort } from '@tandem/server/cluster-testing';
import { Balancer, type Child, startRedis, startServer } from './server-process.ts';

const databaseUrl = testDatabaseUrl();

/** Adds one Text under the hero: two operations, both there or neither. */
function addText(id: string): Operation[] {
  return [
    { op: 'add', path: `/components/${id}`, value: { id, type: 'Text', props: { text: id }, children: [] } },
    { op: 'add', path: '/components/hero/children/-', value: id },
  ];
}

describe('several processes on PostgreSQL and Redis', () => {
  const schema = `tandem_cluster_${randomBytes(5).toString('hex')}`;
  let admin: pg.Pool;
  let redis: ChildProcess;
  let redisPort: number;
  let env: Record<string, string>;
  const servers: Child[] = [];
  let owner: Session;

  beforeAll(async () => {
    buildServer();
    admin = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    env = {
      DATABASE_URL: withSearchPath(databaseUrl, schema),
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REDIS_PREFIX: `${schema}:`,
      CLUSTER_POLL_MS: '200',
      // Sign-ups at a cheap scrypt cost: the tests make a dozen people and are not about passwords.
      PASSWORD_SCRYPT_COST: '1024',
      SNAPSHOT_EVERY: '25',
    };
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    servers.push(...(await Promise.all(ports.map((port) => startServer(env, port)))));
    owner = await signUp(servers[0]?.target.http as string, 'Owner');
  }, 60_000);

  afterAll(async () => {
    for (const child of servers) child.process.kill('SIGKILL');
    redis?.kill('SIGKILL');
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.end();
  });

  const server = (i: number) => servers[i] as Child;
  const person = (base: string, pageId: string, session: Session) =>
    new CollabClient({
      baseUrl: base,
      pageId,
      userName: session.user.name,
      fetch: sessionFetch(session),
      WebSocket: WebSocket as never,
      backoff: { initialMs: 50, maxMs: 300 },
      sendIntervalMs: 0,
    });

  /** The page's log as the database has it: versions and opIds, in order. */
  async function storedLog(pageId: string): Promise<{ version: number; op_id: string }[]> {
    const result = await admin.query<{ version: number; op_id: string }>(
      `SELECT version, op_id FROM ${schema}.patches WHERE page_id = $1 ORDER BY version`,
      [pageId],
    );
    return result.rows;
  }

  /** Everyone's copy and the database's agree, every edit made is there exactly once, versions 1…n each once. */
  async function expectConverged(pageId: string, people: CollabClient[], made: string[]): Promise<void> {
    const head = async () => Number((await admin.query(`SELECT version FROM ${schema}.pages WHERE id = $1`, [pageId])).rows[0]?.version);
    let version = await head();
    await until(
      () => people.every((p) => p.status === 'connected' && p.pendingCount === 0 && p.version === version),
      'every client has sent everything and holds the stored head',
      20_000,
    ).catch(async (error) => {
      version = await head();
      if (!people.every((p) => p.pendingCount === 0 && p.version === version)) throw error;
    });
    version = await head();
    const log = await storedLog(pageId);
    // Compaction keeps the whole log here (LOG_RETENTION is far above it): versions 1…n, each once.
    expect(log.map((r) => r.version)).toEqual(log.map((_, i) => i + 1));
    expect(new Set(log.map((r) => r.op_id)).size).toBe(log.length);
    const doc = people[0]?.doc as PageDocument;
    for (const p of people) expect(p.doc).toEqual(doc);
    const hero = doc.components.hero?.children ?? [];
    for (const id of made)
      expect(
        hero.filter((c) => c === id),
        id,
      ).toEqual([id]);
    expect(new Set(hero).size).toBe(hero.length);
  }

  it('edits from clients on three processes converge, with versions gap-free and unique in the database; presence crosses', async () => {
    const pageId = await createPage(server(0).target.http, owner, 'Shared', 'landing');
    const sessions = await Promise.all(
      ['Ada', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay'].map((who) => member(server(0).target.http, owner, pageId, who)),
    );
    // Two people on each process.
    const people = sessions.map((s, i) => person(server(i % 3).target.http, pageId, s));
    await Promise.all(people.map((p) => p.connect()));

    const seen: string[] = [];
    people[5]?.subscribe((e) => {
      if (e.type === 'presence' && e.selection?.includes('hero')) seen.push(e.userId);
    });
    // Ada is on process 0, Fay on process 2.
    people[0]?.setSelection(['hero']);
    await until(() => seen.includes(sessions[0]?.user.id as string), 'a selection made on one process reaches another', 10_000);
    await until(() => (people[5]?.users.length ?? 0) === 6, 'everyone is listed on every process', 10_000);

    const made: string[] = [];
    for (let round = 0; round < 8; round++) {
      for (const [i, p] of people.entries()) {
        const id = `c-${i}-${round}`;
        expect(p.submit(addText(id)).ok).toBe(true);
        made.push(id);
        // And everyone edits the same title: transformed, not lost or duplicated.
        expect(p.submit([{ op: 'replace', path: '/components/hero-heading/props/text', value: `${i}-${round}` }]).ok).toBe(true);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await expectConverged(pageId, people, made);
    for (const p of people) p.close();
  }, 60_000);

  it('acknowledges an opId sent again to another process once, with its first version, and only for its author', async () => {
    const pageId = await createPage(server(0).target.http, owner, 'Resend', 'landing');
    const ada = await member(server(0).target.http, owner, pageId, 'Ada');
    const bob = await member(server(0).target.http, owner, pageId, 'Bob');
    const first = await TestClient.join(server(0).target, pageId, ada);
    first.sendPatch(addText('once'), 0, 'op-once');
    const ack = await first.next('ack', 10_000);
    expect(ack.payload.version).toBe(1);
    // At once, on two other processes (the fan-out may not have reached them yet): acknowledged, not applied again.
    const again = await Promise.all([1, 2].map((i) => TestClient.join(server(i).target, pageId, ada)));
    for (const client of again) client.sendPatch(addText('once'), 0, 'op-once');
    for (const client of again) expect((await client.next('ack', 10_000)).payload).toEqual({ opId: 'op-once', version: 1 });
    // Someone else's patch under that opId does not pass for it.
    const other = await TestClient.join(server(2).target, pageId, bob);
    other.sendPatch(addText('not-once'), 1, 'op-once');
    expect((await other.next('error', 10_000)).payload.code).toBe('op-id-conflict');
    expect((await storedLog(pageId)).map((r) => r.op_id)).toEqual(['op-once']);
    await Promise.all([first, ...again, other].map((c) => c.close()));
  }, 60_000);

  it('loses no acknowledged patch and applies none twice when a process is killed mid-stream; its clients resume on the others', async () => {
    const pageId = await createPage(server(0).target.http, owner, 'Kill', 'landing');
    const balancer = await Balancer.start(servers.map((s) => s.port));
    const sessions = await Promise.all(
      ['Ada', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay'].map((who) => member(server(0).target.http, owner, pageId, who)),
    );
    const people = sessions.map((s) => person(balancer.http, pageId, s));
    await Promise.all(people.map((p) => p.connect()));
    const made: string[] = [];
    let stop = false;
    const streams = people.map(async (p, i) => {
      for (let n = 0; !stop; n++) {
        const id = `k-${i}-${n}`;
        if (p.submit(addText(id)).ok) made.push(id);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    });
    // Whatever reached a version was acknowledged to its author: every one of them must be there at the end.
    const accepted = () => Math.max(...people.map((p) => p.version));
    await until(() => accepted() >= 30, '30 acknowledged patches', 20_000);
    const victim = server(2);
    victim.process.kill('SIGKILL');
    await victim.exited;
    const atKill = accepted();
    await until(() => accepted() >= atKill + 30, 'edits go on through the other processes', 20_000);
    stop = true;
    await Promise.all(streams);
    servers.splice(2, 1);
    await expectConverged(pageId, people, made);
    for (const p of people) p.close();
    await balancer.close();
  }, 60_000);

  it('loses nothing when Redis restarts mid-stream: edits commit meanwhile and the other process catches up from the database', async () => {
    const pageId = await createPage(server(0).target.http, owner, 'Redis', 'landing');
    const sessions = await Promise.all(['Ada', 'Bob', 'Cy', 'Dee'].map((who) => member(server(0).target.http, owner, pageId, who)));
    const people = sessions.map((s, i) => person(server(i % 2).target.http, pageId, s));
    await Promise.all(people.map((p) => p.connect()));
    const made: string[] = [];
    let stop = false;
    const streams = people.map(async (p, i) => {
      for (let n = 0; !stop; n++) {
        const id = `r-${i}-${n}`;
        if (p.submit(addText(id)).ok) made.push(id);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    await until(() => (people[1]?.version ?? 0) >= 10, 'some edits went round', 20_000);
    redis.kill('SIGKILL');
    await new Promise((resolve) => redis.once('exit', resolve));
    const during = people[1]?.version ?? 0;
    // Without Redis, Bob on process 1 still hears of Ada's edits on process 0: through the database.
    const adaDuring = made.filter((id) => id.startsWith('r-0-')).length;
    await until(
      () => (people[1]?.doc?.components.hero?.children ?? []).includes(`r-0-${adaDuring + 2}`),
      'an edit made on one process while Redis is down reaches a client of the other',
      // Usually well under a second (the 500 ms poll); once seen past 20 s with every
      // person on one hot page, where the processes race for each version (see the notes).
      40_000,
    );
    expect(people[1]?.version ?? 0).toBeGreaterThan(during);
    redis = await startRedis(redisPort);
    await until(() => made.length >= adaDuring * 4 + 40, 'edits go on with Redis back', 20_000);
    stop = true;
    await Promise.all(streams);
    await expectConverged(pageId, people, made);
    for (const p of people) p.close();
  }, 90_000);

  it('WORKERS=2 (pnpm start:cluster): two workers share one port and serve one page; a worker stopped with SIGTERM hands its clients over and is replaced', async () => {
    const port = await freePort();
    const cluster = await startServer({ ...env, WORKERS: '2' }, port, '"worker":2,"port"');
    const listening = () => (cluster.output().match(/"msg":"listening"/g) ?? []).length;
    try {
      await until(() => listening() === 2, 'both workers listen', 30_000);
      // Connections are handed to the workers in turn: fresh ones reach both.
      const pids = new Set<number>();
      for (let i = 0; i < 6 && pids.size < 2; i++) pids.add(((await healthOf(port)) as { process: { pid: number } }).process.pid);
      expect(pids.size).toBe(2);
      const base = `http://127.0.0.1:${port}`;
      const pageId = await createPage(base, owner, 'Workers', 'landing');
      const sessions = await Promise.all(['Ada', 'Bob', 'Cy', 'Dee'].map((who) => member(base, owner, pageId, who)));
      const people = sessions.map((s) => person(base, pageId, s));
      await Promise.all(people.map((p) => p.connect()));
      const made: string[] = [];
      let stop = false;
      const streams = people.map(async (p, i) => {
        for (let n = 0; !stop; n++) {
          const id = `w-${i}-${n}`;
          if (p.submit(addText(id)).ok) made.push(id);
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      });
      await until(() => Math.max(...people.map((p) => p.version)) >= 10, 'edits go round', 20_000);
      // One worker drains: its clients are told 1001 and reconnect, to the other worker or its replacement.
      process.kill([...pids][0] as number, 'SIGTERM');
      await until(() => listening() === 3, 'the primary replaces the worker', 30_000);
      const after = Math.max(...people.map((p) => p.version));
      await until(() => Math.max(...people.map((p) => p.version)) >= after + 10, 'edits go on', 20_000);
      stop = true;
      await Promise.all(streams);
      await expectConverged(pageId, people, made);
      for (const p of people) p.close();
      cluster.process.kill('SIGTERM');
      expect(await cluster.exited).toBe(0);
      expect(cluster.output().match(/"msg":"stopped"/g)?.length).toBe(3);
    } finally {
      cluster.process.kill('SIGKILL');
    }
  }, 90_000);
});

/** GET /healthz on a connection of its own (no keep-alive), so that each request may reach another worker. */
function healthOf(port: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = httpGet({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.on('error', reject);
  });
}

describe('SQLite', () => {
  it('refuses a second process on the same file, with a message that says what to do', async () => {
    buildServer();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tandem-lock-'));
    try {
      const first = await startServer({ DATA_DIR: dataDir }, await freePort());
      const second = startServer({ DATA_DIR: dataDir }, await freePort());
      const refused = await second.then(
        () => 'started',
        (error: Error) => error.message,
      );
      expect(refused).toMatch(/exited with 1/);
      expect(refused).toContain('is in use by another Tandem process');
      expect(refused).toContain('DATABASE_URL (PostgreSQL) and REDIS_URL');
      // A lock left by a killed process is taken over.
      first.process.kill('SIGKILL');
      await first.exited;
      const third = await startServer({ DATA_DIR: dataDir }, await freePort());
      third.process.kill('SIGTERM');
      expect(await third.exited).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
