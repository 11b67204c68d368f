/** The access-store contract on memory, SQLite (a file per test) and PostgreSQL (TEST_DATABASE_URL, a schema per run). */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { MemoryStorage } from '../storage/memory.ts';
import { PostgresStorage } from '../storage/postgres.ts';
import { SqliteStorage } from '../storage/sqlite.ts';
import { testDatabaseUrl, withSearchPath } from '../testing.ts';
import { accessStoreFor } from './open-store.ts';
import { accessContract } from './store-contract.ts';

accessContract('MemoryAccessStore', {
  open: async () => {
    const pages = new MemoryStorage();
    return { pages, access: accessStoreFor(pages) };
  },
});

const dir = mkdtempSync(path.join(tmpdir(), 'tandem-access-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
accessContract('SqliteAccessStore', {
  open: async () => {
    const pages = SqliteStorage.open(path.join(dir, `${++files}.db`));
    return { pages, access: accessStoreFor(pages) };
  },
});

const base = testDatabaseUrl();
describe('PostgreSQL', () => {
  const schema = `tandem_test_${randomBytes(6).toString('hex')}`;
  const url = withSearchPath(base, schema);
  let admin: pg.Pool;
  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: base, max: 2 });
    await admin.query(`CREATE SCHEMA ${schema}`);
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });
  accessContract('PostgresAccessStore', {
    open: async () => {
      const pages = await PostgresStorage.open(url);
      return { pages, access: accessStoreFor(pages) };
    },
  });
});
