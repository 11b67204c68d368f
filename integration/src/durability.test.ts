/**
 * Durability with the real server process (the compiled `dist/main.js`, as
 * `pnpm start` runs it) on a real store: killed mid-stream with SIGKILL, every acknowledged patch
 * is there after a restart and nothing is half-applied; stopped with SIGTERM, it
 * stores what it accepted and tells clients, who reconnect to the next server
 * and send what they still had. On SQLite and on PostgreSQL (testDatabaseUrl():
 * the local service unless TEST_DATABASE_URL says otherwise).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CollabClient } from '@tandem/client';
import { applyPatch, type Operation, type PageDocument, templateDocument, validateDocument } from '@tandem/protocol';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildServer } from '@tandem/server/compiled';
import {
  createPage,
  member,
  type RunningServer,
  requestTicket,
  sessionFetch,
  signUp,
  TestClient,
  until,
  testDatabaseUrl,
  withSearchPath,
} from '@tandem/server/testing';
import { freePort } from '@tandem/server/cluster-testing';
import { type Child, startServer } from './server-process.ts';

const databaseUrl = testDatabaseUrl();

/** Adds one Text under the hero: two operations that must both be there, or neither. */
function addText(id: string): Operation[] {
  return [
    { op: 'add', path: `/components/${id}`, value: { id, type: 'Text', props: { text: id }, children: [] } },
    { op: 'add', path: '/components/hero/children/-', value: id },
  ];
}

const backends = ['SQLite', 'PostgreSQL'];

describe.each(backends)('the server on %s', (name) => {
  let dataDir: string;
  let env: Record<string, string>;
  let admin: pg.Pool | undefined;
  const schema = `tandem_durability_${randomBytes(5).toString('hex')}`;
  const children: Child[] = [];

  beforeAll(async () => {
    buildServer();
    dataDir = mkdtempSync(path.join(tmpdir(), 'tandem-durability-'));
    env = { DATA_DIR: dataDir, SNAPSHOT_EVERY: '7' };
    if (name === 'PostgreSQL') {
      admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
      await admin.query(`CREATE SCHEMA ${schema}`);
      env.DATABASE_URL = withSearchPath(databaseUrl, schema);
    }
  });
  afterAll(async () => {
    for (const child of children) child.process.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    if (admin) {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  });
  const start = async (port: number) => {
    const child = await startServer(env, port);
    children.push(child);
    return child;
  };

  it(
    'keeps every acknowledged patch, and no half of any other, when killed mid-stream (SIGKILL)',
    async () => {
      const first = await start(await freePort());
      // Accounts and members are in the same database as the pages: they outlive the process too.
      const owner = await signUp(first.target.http, 'Owner');
      const pageId = await createPage(first.target.http, owner, 'Crash', 'landing');
      const join = async (target: RunningServer, who: string) =>
        TestClient.join(target, pageId, await member(target.http, owner, pageId, who));
      const clients = await Promise.all(['Ada', 'Bob', 'Cy'].map((who) => join(first.target, who)));
      const acked = new Map<string, number>();
      const inFlight = new Map<TestClient, { opId: string; ops: Operation[]; base: number }>();
      let stop = false;
      // Each client keeps one patch in flight, as the real client does, on top of the newest version it has heard of.
      const streams = clients.map(async (client, c) => {
        let version = 0;
        client.socket.on('message', (data) => {
          const m = JSON.parse(data.toString());
          if (m.type === 'op-patch' || m.type === 'ack') version = Math.max(version, m.payload.version);
        });
        for (let n = 0; !stop; n++) {
          const id = `t-${c}-${n}`;
          const ops = addText(id);
          inFlight.set(client, { opId: id, ops, base: version });
          client.sendPatch(ops, version, id);
          const ack = await Promise.race([client.next('ack', 10_000).catch(() => null), client.closed.then(() => null)]);
          if (!ack) return;
          acked.set(ack.payload.opId, ack.payload.version);
          inFlight.delete(client);
        }
      });
      await until(() => acked.size >= 45, '45 acknowledged patches', 15_000);
      first.process.kill('SIGKILL');
      stop = true;
      await first.exited;
      await Promise.all(streams);
      const lost = [...inFlight.values()];

      const second = await start(await freePort());
      // Every patch after version 0, as the restarted server has them.
      const { ticket } = await requestTicket(second.target.http, pageId, owner);
      const probe = new WebSocket(`${second.target.ws}/ws/${pageId}?ticket=${ticket}&since=0`);
      const catchUp = await new Promise<{
        type: string;
        payload: { ops: { opId: string; version: number; patches: Operation[] }[]; version: number };
      }>((resolve) => probe.once('message', (data) => resolve(JSON.parse(data.toString()))));
      probe.close();
      expect(catchUp.type).toBe('catch-up');
      const logged = new Map(catchUp.payload.ops.map((op) => [op.opId, op.version]));
      expect(catchUp.payload.ops.map((op) => op.version)).toEqual(catchUp.payload.ops.map((_, i) => i + 1));
      for (const [opId, version] of acked) expect(logged.get(opId), opId).toBe(version);

      const viewer = await join(second.target, 'Viewer');
      const doc = viewer.sync.payload.schema as PageDocument;
      expect(viewer.sync.payload.version).toBe(catchUp.payload.version);
      expect(validateDocument(doc)).toEqual([]);
      let replayed = templateDocument('landing', 'Crash');
      for (const op of catchUp.payload.ops) replayed = (applyPatch(replayed, op.patches) as { doc: PageDocument }).doc;
      expect(doc).toEqual(replayed);
      // Each logged patch is whole: its Text exists and sits in the hero exactly once.
      for (const opId of logged.keys()) expect(doc.components.hero?.children.filter((c) => c === opId)).toEqual([opId]);

      // What was in flight at the kill is sent again under its opId: acknowledged once, never applied twice.
      const again = await join(second.target, 'Returning');
      for (const { opId, ops, base } of lost) {
        again.sendPatch(ops, base, opId);
        const ack = await again.next('ack');
        expect(ack.payload.opId).toBe(opId);
        if (logged.has(opId)) expect(ack.payload.version).toBe(logged.get(opId));
      }
      const final = await join(second.target, 'Final');
      const hero = final.sync.payload.schema.components.hero?.children ?? [];
      expect(new Set(hero).size).toBe(hero.length);
      for (const { opId } of lost) expect(hero).toContain(opId);
      expect(final.sync.payload.version).toBe(catchUp.payload.version + lost.filter((l) => !logged.has(l.opId)).length);
      await Promise.all([viewer.close(), again.close(), final.close(), ...clients.map((c) => c.close())]);
      second.process.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    },
    60_000,
  );

  it(
    'stores what it accepted on SIGTERM, tells clients, and they resume on the next server without losing edits',
    async () => {
      const port = await freePort();
      const first = await start(port);
      const owner = await signUp(first.target.http, 'Owner');
      const pageId = await createPage(first.target.http, owner, 'Restart', 'landing');
      const sessions = await Promise.all(['Ada', 'Bob'].map((who) => member(first.target.http, owner, pageId, who)));
      const people = sessions.map(
        (session) =>
          new CollabClient({
            baseUrl: first.target.http,
            pageId,
            userName: session.user.name,
            fetch: sessionFetch(session),
            WebSocket: WebSocket as never,
            backoff: { initialMs: 50, maxMs: 300 },
            sendIntervalMs: 0,
          }),
      );
      const statuses = people.map(() => [] as string[]);
      people.forEach((p, i) => {
        p.subscribe((e) => {
          if (e.type === 'status') statuses[i]?.push(e.status);
        });
      });
      await Promise.all(people.map((p) => p.connect()));

      // Each person makes ten edits at once: one goes out, the rest wait their turn.
      const made: string[] = [];
      const edit = (p: CollabClient, id: string) => {
        expect(p.submit(addText(id)).ok).toBe(true);
        made.push(id);
      };
      for (let n = 0; n < 10; n++) {
        for (const [i, p] of people.entries()) edit(p, `e-${i}-${n}`);
      }
      await until(() => people.some((p) => p.version > 0), 'the server has accepted some of them');
      // And more just before the signal: these are certainly still pending when it lands.
      for (const [i, p] of people.entries()) edit(p, `late-${i}`);
      expect(people.every((p) => p.pendingCount > 0)).toBe(true);
      first.process.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      const log = first.output();
      expect(log).toContain('"msg":"shutting down"');
      expect(log).toContain('"msg":"stopped"');
      await until(() => people.every((p) => p.status !== 'connected'), 'both clients notice the server went away');
      // Edits made while the server is down wait too.
      for (const [i, p] of people.entries()) edit(p, `offline-${i}`);

      const second = await start(port);
      await until(
        () => people.every((p) => p.status === 'connected' && p.pendingCount === 0) && people[0]?.version === people[1]?.version,
        'both clients reconnect and send everything',
        20_000,
      );
      const saved = (await (await fetch(`${second.target.http}/api/pages/${pageId}`, { headers: { cookie: owner.cookie } })).json()) as {
        version: number;
        document: PageDocument;
      };
      const hero = saved.document.components.hero?.children ?? [];
      for (const id of made) expect(hero.filter((c) => c === id)).toEqual([id]);
      // Edits queued together may go as one patch: at most one version each.
      expect(saved.version).toBeLessThanOrEqual(made.length);
      for (const p of people) expect(p.doc).toEqual(saved.document);
      for (const s of statuses) expect(s).toContain('reconnecting');
      for (const p of people) p.close();
      second.process.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    },
    60_000,
  );
});
