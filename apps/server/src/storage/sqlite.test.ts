import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { starterDocument } from '@tandem/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { storageContract } from './contract.ts';
import { SqliteStorage } from './sqlite.ts';

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
      { version: 2, name: 'publications' },
    ]);
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
