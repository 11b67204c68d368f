import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type PageDocument, starterDocument } from '@tandem/protocol';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { storageContract } from './contract.ts';
import { SQLITE_MIGRATIONS } from './migrations.ts';
import { SqliteStorage } from './sqlite.ts';
import { StorageConflictError } from './storage.ts';

const dirs: string[] = [];
const freshFile = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tandem-sqlite-'));
  dirs.push(dir);
  return path.join(dir, 'data', 'tandem.db');
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

storageContract('SqliteStorage', {
  open: async (options) => SqliteStorage.open(freshFile(), options),
  reopen: async (storage, options) => SqliteStorage.open((storage as SqliteStorage).db.name, options),
  corruptSnapshot: async (storage, pageId, version, text) => {
    (storage as SqliteStorage).db.prepare('UPDATE snapshots SET doc = ? WHERE page_id = ? AND version = ?').run(text, pageId, version);
  },
  commits: (storage) => (storage as SqliteStorage).commits,
});

describe('SqliteStorage', () => {
  it('creates its directory and file, in WAL mode with full sync', async () => {
    const file = freshFile();
    const storage = SqliteStorage.open(file);
    expect(existsSync(file)).toBe(true);
    expect(storage.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(storage.db.pragma('synchronous', { simple: true })).toBe(2);
    await storage.close();
  });

  it('records its schema version, and migrates only once', async () => {
    const file = freshFile();
    await SqliteStorage.open(file).close();
    const storage = SqliteStorage.open(file);
    expect(storage.db.prepare('SELECT version, name FROM tandem_migrations').all()).toEqual([
      { version: 1, name: 'pages, patches and snapshots' },
      { version: 2, name: 'patches and snapshots as rowid tables' },
      { version: 3, name: 'publications' },
      { version: 4, name: 'accounts, sessions, tokens, page members and share links' },
      { version: 5, name: 'version labels' },
    ]);
    await storage.close();
  });

  it('moves a database of the first layout (WITHOUT ROWID tables) to rowid tables, keeping every page', async () => {
    // A database exactly as a server of schema 1 left it: one page, two snapshots, three patches.
    const file = freshFile();
    mkdirSync(path.dirname(file), { recursive: true });
    const old = new Database(file);
    old.exec('CREATE TABLE tandem_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    old.exec((SQLITE_MIGRATIONS[0] as { sql: string }).sql);
    old.prepare("INSERT INTO tandem_migrations VALUES (1, 'pages, patches and snapshots', 0)").run();
    const heading = (text: string) => {
      const doc = starterDocument('Old');
      (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = text;
      return doc;
    };
    const op = (text: string) => JSON.stringify([{ op: 'replace', path: '/components/hero-heading/props/text', value: text }]);
    old.prepare("INSERT INTO pages VALUES ('old', 'Old', 3, 1, 4, NULL)").run();
    old.prepare("INSERT INTO pages VALUES ('gone', 'Gone', 0, 1, 1, 5)").run();
    const snapshot = old.prepare('INSERT INTO snapshots VALUES (?, ?, 1, ?, ?, ?)');
    snapshot.run('old', 0, JSON.stringify(starterDocument('Old')), '[]', 1);
    snapshot.run('old', 2, JSON.stringify(heading('v2')), '["Ada"]', 3);
    const patch = old.prepare("INSERT INTO patches VALUES ('old', ?, ?, 'u-ada', 'Ada', ?, 1, ?)");
    for (const v of [1, 2, 3]) patch.run(v, `op-${v}`, op(`v${v}`), v + 1);
    old.close();

    const storage = SqliteStorage.open(file);
    const tables = storage.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name).sort()).toEqual([
      'api_tokens',
      'live_publications',
      'page_members',
      'pages',
      'patches',
      'publications',
      'sessions',
      'share_links',
      'snapshots',
      'tandem_migrations',
      'users',
      'version_labels',
    ]);
    for (const t of tables) expect(t.sql).not.toMatch(/WITHOUT ROWID/i);
    // Reads by page and version go through the index, not a scan.
    const plan = storage.db
      .prepare('EXPLAIN QUERY PLAN SELECT patches FROM patches WHERE page_id = ? AND version > ? AND version <= ?')
      .all('old', 0, 3) as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toMatch(/USING INDEX patches_by_version/);

    expect(await storage.load('old')).toMatchObject({ version: 3, snapshotVersion: 2, doc: heading('v3'), problems: [] });
    expect((await storage.load('old'))?.log.map((e) => [e.version, e.opId, e.userName])).toEqual([
      [1, 'op-1', 'Ada'],
      [2, 'op-2', 'Ada'],
      [3, 'op-3', 'Ada'],
    ]);
    expect(await storage.loadVersion('old', 1)).toEqual({ doc: heading('v1') as PageDocument, version: 1 });
    expect((await storage.listVersions('old')).map((v) => [v.version, v.authors])).toEqual([
      [2, ['Ada']],
      [0, []],
    ]);
    expect(await storage.findOp('old', 'op-2')).toBe(2);
    expect(await storage.getPage('gone')).toMatchObject({ deletedAt: 5 });
    // The keys still hold: a known opId is refused, the next version goes on.
    const next = { version: 4, senderId: 'u-bob', userName: 'Bob', ts: 10, patches: JSON.parse(op('v4')) };
    await expect(storage.append('old', [{ ...next, opId: 'op-1' }])).rejects.toBeInstanceOf(StorageConflictError);
    await storage.append('old', [{ ...next, opId: 'op-4' }], { snapshot: heading('v4') });
    await storage.writeSnapshot('old', 4, heading('v4'));
    expect(await storage.load('old')).toMatchObject({ version: 4, snapshotVersion: 4, doc: heading('v4') });
    expect((await storage.listVersions('old')).map((v) => v.version)).toEqual([4, 2, 0]);
    await storage.close();
  });

  it('refuses a database written by a newer server', async () => {
    const file = freshFile();
    const storage = SqliteStorage.open(file);
    storage.db.prepare("INSERT INTO tandem_migrations (version, name, applied_at) VALUES (99, 'future', 0)").run();
    await storage.close();
    expect(() => SqliteStorage.open(file)).toThrow(/schema is at version 99, newer than this server knows/);
  });

  it('commits a write before the next turn of the event loop', async () => {
    const storage = SqliteStorage.open(freshFile());
    await storage.createIfMissing('p', starterDocument());
    const other = SqliteStorage.open(storage.db.name);
    expect(await other.getPage('p')).toMatchObject({ version: 0 });
    await Promise.all([storage.close(), other.close()]);
  });
});
