/**
 * Admission control (SPEC L9) through real parts: the server on real SQLite (its
 * writer thread, fsync and all), real sockets, the real client. One room is
 * flooded past its backlog by a raw socket sending patches as fast as it can,
 * while three CollabClients type in it and a fourth types in another room. The
 * room answers `overloaded` rather than queueing without end; the clients obey
 * it and recover without a re-sync; nobody receives `bad-version`; everything
 * converges; every acknowledged patch is stored; the other room is untouched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CollabClient } from '@tandem/client';
import type { Operation } from '@tandem/protocol';
import { SqliteStorage } from '@tandem/server';
import { type RunningServer, signedInFetch, startTestServer, TestClient } from '@tandem/server/testing';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { SocketTap } from './test-socket.ts';

/** Small, so that one flooding socket fills it at once. */
const BACKLOG = 4;

let dir: string;
let storage: SqliteStorage;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tandem-overload-'));
  storage = SqliteStorage.open(path.join(dir, 'tandem.db'));
  server = await startTestServer({
    storage,
    // The per-connection rate limit guards against one socket; here one socket floods on purpose.
    config: { roomBacklog: BACKLOG, rateLimitPerSecond: 1_000_000, rateLimitBurst: 1_000_000 },
  });
});

afterAll(async () => {
  await server.close();
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

function typist(pageId: string, name: string) {
  const tap = new SocketTap();
  const client = new CollabClient({
    baseUrl: server.http,
    pageId,
    userName: name,
    WebSocket: tap.WebSocket,
    fetch: signedInFetch(server.server, pageId, name),
    sendIntervalMs: 0,
  });
  const received = (code: string) => tap.frames.filter((f) => f.dir === 'in' && f.type === 'error' && f.payload.code === code);
  return { client, tap, received };
}

const write = (path: string, value: string): Operation[] => [{ op: 'replace', path, value }];

describe('[L9] a flooded room', () => {
  test('answers overloaded with a retry hint; obeying clients recover and converge, nothing acknowledged is lost, another room edits on', async () => {
    const pageA = `overload-${process.pid}-a`;
    const pageB = `overload-${process.pid}-b`;
    const fields = ['/components/hero-text/props/text', '/components/hero-button/props/label', '/components/root/props/title'];
    const typists = fields.map((_, i) => typist(pageA, `Typist ${i}`));
    const other = typist(pageB, 'Elsewhere');
    for (const t of [...typists, other]) await t.client.connect();
    const flood = await TestClient.join(server, pageA, 'Flood');

    // The flood: bursts of patches to the heading, each on the latest version it has seen.
    let version = flood.sync.payload.version;
    let sent = 0;
    const acked = new Map<string, number>();
    flood.socket.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string; payload: { version?: number; opId?: string } };
      if (m.payload.version !== undefined) version = Math.max(version, m.payload.version);
      if (m.type === 'ack' && m.payload.opId) acked.set(m.payload.opId, m.payload.version as number);
    });
    const burst = () => {
      for (let i = 0; i < 50; i++, sent++)
        flood.sendPatch(write('/components/hero-heading/props/text', `flood ${sent}`), version, `flood-${sent}`);
    };
    let round = 0;
    const typing = setInterval(() => {
      burst();
      round++;
      typists.forEach((t, i) => {
        t.client.submit(write(fields[i] as string, `typist ${i} round ${round}`));
      });
      other.client.submit(write('/components/hero-text/props/text', `elsewhere ${round}`));
    }, 5);
    try {
      // Until a typist (not only the flood) has been told to wait.
      await vi.waitFor(() => expect(typists.some((t) => t.received('overloaded').length > 0)).toBe(true), {
        timeout: 30_000,
        interval: 20,
      });
    } finally {
      clearInterval(typing);
    }
    // Every flood patch answered, one way or the other.
    const answered = () => acked.size + flood.payloads('error').filter((e) => e.opId !== undefined).length;
    await vi.waitFor(() => expect(answered()).toBe(sent), { timeout: 30_000, interval: 20 });
    // One more edit each, after the flood: the last word.
    typists.forEach((t, i) => {
      t.client.submit(write(fields[i] as string, `typist ${i} last`));
    });
    other.client.submit(write('/components/hero-text/props/text', 'elsewhere last'));
    for (const t of [...typists, other]) await vi.waitFor(() => expect(t.client.pendingCount).toBe(0), { timeout: 30_000, interval: 20 });

    // The flood was refused with a hint, as were the typists it caught.
    const refusals = flood.payloads('error').filter((e) => e.code === 'overloaded');
    expect(refusals.length).toBeGreaterThan(0);
    for (const refusal of refusals) expect(refusal.retryAfterMs).toBeGreaterThan(0);
    // Nobody was told to re-sync because the room fell behind, and nobody had to.
    expect(flood.payloads('error').filter((e) => e.code !== 'overloaded')).toEqual([]);
    for (const t of [...typists, other]) {
      expect(t.received('bad-version')).toEqual([]);
      expect(t.tap.sockets).toHaveLength(1);
    }
    // Each refused edit went again under the same opId, and was acknowledged under it.
    for (const t of typists) {
      for (const refusal of t.received('overloaded')) {
        const opId = refusal.payload.opId as string;
        expect(t.tap.sent('op-patch').filter((p) => p.opId === opId).length).toBeGreaterThan(1);
        expect(t.tap.frames.some((f) => f.dir === 'in' && f.type === 'ack' && f.payload.opId === opId)).toBe(true);
      }
    }

    // Converged on what is stored, with everyone's last word.
    const stored = await storage.load(pageA);
    if (!stored) throw new Error('page A is not stored');
    for (const t of typists) {
      await vi.waitFor(() => expect(t.client.version).toBe(stored.version));
      expect(t.client.doc).toEqual(stored.doc);
    }
    typists.forEach((_, i) => {
      const [, , id, , prop] = (fields[i] as string).split('/');
      expect(stored.doc.components[id as string]?.props[prop as string]).toBe(`typist ${i} last`);
    });
    // Every acknowledged flood patch is in the log, and the heading is the last one acknowledged.
    expect(acked.size).toBeGreaterThan(0);
    for (const [opId, v] of acked) expect(await storage.findOp(pageA, opId)).toBe(v);
    const lastAcked = [...acked].sort((x, y) => x[1] - y[1]).at(-1)?.[0] as string;
    expect(stored.doc.components['hero-heading']?.props.text).toBe(`flood ${lastAcked.slice('flood-'.length)}`);

    // The other room never waited for this one.
    expect(other.received('overloaded')).toEqual([]);
    const storedB = await storage.load(pageB);
    expect(storedB?.doc.components['hero-text']?.props.text).toBe('elsewhere last');
    expect(other.client.doc).toEqual(storedB?.doc);

    await flood.close();
    for (const t of [...typists, other]) t.client.close();
  }, 120_000);
});
