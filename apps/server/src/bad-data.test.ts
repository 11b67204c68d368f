/**
 * Bad data on disk, seen from outside: a page whose newest snapshot is damaged
 * opens as it was (rebuilt from the snapshot before and the log) with an error
 * in the log; one that cannot be rebuilt is refused with a clear error, and is
 * never replaced by an empty page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Operation, starterDocument } from '@tandem/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from './log.ts';
import { SqliteStorage } from './storage/sqlite.ts';
import { allow, type RunningServer, requestTicket, type Session, signUp, startTestServer, TestClient } from './testing.ts';

const setHeading = (text: string): Operation[] => [{ op: 'replace', path: '/components/hero-heading/props/text', value: text }];

let dir: string;
let running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.map((s) => s.close()));
  running = [];
  rmSync(dir, { recursive: true, force: true });
});

async function start(file: string, lines: string[] = []): Promise<RunningServer> {
  const server = await startTestServer({
    storage: SqliteStorage.open(file, { logRetention: 0 }),
    ownsStorage: true,
    log: createLogger('info', {}, (line) => lines.push(line)),
    config: { snapshotEvery: 3 },
  });
  running.push(server);
  return server;
}

/** Ada, who owns the page (her account is in the same database, so it outlives each server). */
let owner: Session;

/** A page edited to version 7 (snapshots at 3 and 6, and 7 when the server stops), then the server stopped. */
async function pageOnDisk(): Promise<{ file: string; pageId: string }> {
  dir = mkdtempSync(path.join(tmpdir(), 'tandem-bad-data-'));
  const file = path.join(dir, 'tandem.db');
  const server = await start(file);
  const pageId = 'damaged';
  owner = await signUp(server, 'Ada');
  await allow(server, pageId, owner.user.id);
  const ada = await TestClient.join(server, pageId, owner);
  for (let v = 1; v <= 7; v++) {
    ada.sendPatch(setHeading(`v${v}`), v - 1, `a-${v}`);
    await ada.next('ack');
  }
  await ada.close();
  await server.close();
  running = [];
  return { file, pageId };
}

function damage(file: string, pageId: string, version: number): void {
  const storage = SqliteStorage.open(file);
  storage.db.prepare('UPDATE snapshots SET doc = ? WHERE page_id = ? AND version = ?').run('{"rootId":"root","comp', pageId, version);
  storage.db.close();
}

describe('bad data', () => {
  it('opens a page whose newest snapshot is damaged as it was, and logs what it found', async () => {
    const { file, pageId } = await pageOnDisk();
    damage(file, pageId, 7);
    const lines: string[] = [];
    const server = await start(file, lines);
    const ada = await TestClient.join(server, pageId, owner);
    expect(ada.sync.payload.version).toBe(7);
    expect(ada.sync.payload.schema.components['hero-heading']?.props.text).toBe('v7');
    const report = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'page rebuilt around unreadable data');
    expect(report).toMatchObject({ level: 'error', pageId, from: 6, problems: [expect.stringMatching(/^snapshot 7 is not valid JSON/)] });
    // The page goes on from there.
    ada.sendPatch(setHeading('v8'), 7, 'a-8');
    expect((await ada.next('ack')).payload.version).toBe(8);
    await ada.close();
  });

  it('refuses a page it cannot rebuild, with a clear error, and never replaces it with an empty one', async () => {
    const { file, pageId } = await pageOnDisk();
    // The log before 6 is compacted (no retention here): with 7 and 6 unreadable, there is no way back.
    damage(file, pageId, 7);
    damage(file, pageId, 6);
    const lines: string[] = [];
    const server = await start(file, lines);
    const res = await fetch(`${server.http}/api/pages/${pageId}`, { headers: { cookie: owner.cookie } });
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('page-unreadable');
    expect(body.error.message).toMatch(
      /^page damaged cannot be read: snapshot 7 is not valid JSON.*snapshot 6 is not valid JSON.*no longer reaches version 7/,
    );

    // Joining is refused (1011) rather than handing out a starter page.
    const { ticket } = await requestTicket(server.http, pageId, owner);
    const socket = new WebSocket(`${server.ws}/ws/${pageId}?ticket=${ticket}`);
    const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    expect(closed).toEqual({ code: 1011, reason: 'page unavailable' });
    expect(lines.some((l) => l.includes('room failed to load') && l.includes('PageUnreadableError'))).toBe(true);

    // Still listed, still at version 7: nothing was overwritten.
    const list = (await (await fetch(`${server.http}/api/pages`, { headers: { cookie: owner.cookie } })).json()) as {
      pages: { id: string; version: number }[];
    };
    expect(list.pages.find((p) => p.id === pageId)?.version).toBe(7);
    const storage = server.server.storage as SqliteStorage;
    expect((await storage.getPage(pageId))?.version).toBe(7);
    expect(await storage.createIfMissing(pageId, starterDocument())).toBe('exists');
  });
});
