import { copyFileSync, existsSync, fstatSync, fsync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type PageDocument, starterDocument } from '@tandem/protocol';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { storageContract } from './contract.ts';
import { SQLITE_MIGRATIONS } from './migrations.ts';
import { SqliteStorage } from './sqlite.ts';
import { type LogEntry, StorageConflictError } from './storage.ts';

const dirs: string[] = [];
const freshFile = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tandem-sqlite-'));
  dirs.push(dir);
  return path.join(dir, 'data', 'tandem.db');
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const entry = (version: number, opId: string, text = `v${version}`): LogEntry => ({
  version,
  opId,
  senderId: 'u-ada',
  ts: version,
  patches: [{ op: 'replace', path: '/components/hero-heading/props/text', value: text }],
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
  it('creates its directory and file, in WAL mode, syncing and checkpointing off the event loop', async () => {
    const file = freshFile();
    const storage = SqliteStorage.open(file);
    expect(existsSync(file)).toBe(true);
    expect(storage.db.pragma('journal_mode', { simple: true })).toBe('wal');
    // NORMAL: COMMIT does not fsync; sqlite-commit.ts syncs the WAL itself before it answers.
    expect(storage.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(storage.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // What the access store writes beside the queue commits on a connection of its own, each commit synced as it returns.
    expect(storage.accessDb).not.toBe(storage.db);
    expect(storage.accessDb.pragma('synchronous', { simple: true })).toBe(2);
    await storage.close();
    expect(storage.accessDb.open).toBe(false);
  });

  it('answers a batch only once the WAL file it was committed to is synced', async () => {
    const file = freshFile();
    const synced: number[] = [];
    let release: (() => void) | null = null;
    const storage = SqliteStorage.open(file, {
      sync: (fd) =>
        new Promise<void>((resolve, reject) =>
          fsync(fd, (error) => {
            if (error) return reject(error);
            synced.push(fstatSync(fd).ino);
            if (synced.length === 3) release = resolve;
            else resolve();
          }),
        ),
    });
    await storage.createIfMissing('p', starterDocument());
    let stored = false;
    const append = storage.append('p', [entry(1, 'op-1')]).then(() => {
      stored = true;
    });
    await expect.poll(() => release !== null).toBe(true);
    // Committed (a read sees it) but not yet on disk: not yet answered.
    expect(await storage.getPage('p')).toMatchObject({ version: 1 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stored).toBe(false);
    (release as unknown as () => void)();
    await append;
    // The first batch syncs the WAL, then the directory that names it (the file may be new); each later one the WAL.
    const wal = statSync(`${file}-wal`).ino;
    expect(synced).toEqual([wal, statSync(path.dirname(file)).ino, wal]);
    await storage.close();
  });

  it('rejects the batch whose sync failed, and every write after it, and opens no room; reads go on', async () => {
    let fail = false;
    const storage = SqliteStorage.open(freshFile(), {
      sync: async () => {
        if (fail) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
      },
    });
    await storage.createIfMissing('p', starterDocument());
    fail = true;
    await expect(storage.append('p', [entry(1, 'op-1')])).rejects.toThrow(/could not be synced to disk: .*EIO/);
    fail = false;
    await expect(storage.append('p', [entry(2, 'op-2')])).rejects.toThrow(/could not be synced/);
    await expect(storage.createIfMissing('q', starterDocument())).rejects.toThrow(/could not be synced/);
    // op-1 is committed but maybe not on disk: a room loaded from it would acknowledge op-1 sent again.
    await expect(storage.load('p')).rejects.toThrow(/could not be synced/);
    expect(await storage.getPage('p')).toMatchObject({ version: 1 });
    await storage.close();
  });

  it('checkpoints in its thread, so the WAL starts again instead of growing', async () => {
    const grow = async (options: { checkpointIntervalMs: number }) => {
      const file = freshFile();
      const storage = SqliteStorage.open(file, options);
      await storage.createIfMissing('p', starterDocument());
      for (let v = 1; v <= 300; v++) await storage.append('p', [entry(v, `op-${v}`, 'x'.repeat(2_000))]);
      const checkpoints = storage.checkpoints;
      const walBytes = statSync(`${file}-wal`).size;
      // The database file alone (no WAL beside it) holds what the last checkpoint copied.
      const copy = path.join(path.dirname(file), 'copy.db');
      copyFileSync(file, copy);
      const alone = new Database(copy, { readonly: true });
      const schema = alone.prepare("SELECT 1 FROM sqlite_master WHERE name = 'pages'").get();
      const version = schema ? (alone.prepare("SELECT version FROM pages WHERE id = 'p'").get() as { version: number } | undefined)?.version : undefined;
      alone.close();
      await storage.close();
      return { checkpoints, walBytes, version };
    };
    const never = await grow({ checkpointIntervalMs: 3_600_000 });
    expect(never.checkpoints).toBe(0);
    expect(never.version).toBeUndefined();
    // 300 commits of a row of 2 kB each: their frames pile up in the WAL.
    expect(never.walBytes).toBeGreaterThan(300 * 4096);
    const always = await grow({ checkpointIntervalMs: 0 });
    expect(always.checkpoints).toBeGreaterThan(250);
    expect(always.version).toBeGreaterThan(250);
    expect(always.walBytes).toBeLessThan(never.walBytes / 10);
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
