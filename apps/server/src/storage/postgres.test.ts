/**
 * The contract on a real PostgreSQL: the local service (testDatabaseUrl(), or
 * TEST_DATABASE_URL), never skipped. Each run works in a schema of its own,
 * dropped at the end, so it never touches other data in that database.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl, withSearchPath } from '../testing.ts';
import { storageContract } from './contract.ts';
import { PostgresStorage } from './postgres.ts';

const base = testDatabaseUrl();

describe('PostgresStorage', () => {
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

  storageContract('PostgresStorage', {
    open: (options) => PostgresStorage.open(url, options),
    reopen: (_storage, options) => PostgresStorage.open(url, options),
    corruptSnapshot: async (storage, pageId, version, text) => {
      await (storage as PostgresStorage).pool.query('UPDATE snapshots SET doc = $1 WHERE page_id = $2 AND version = $3', [
        text,
        pageId,
        version,
      ]);
    },
    commits: (storage) => (storage as PostgresStorage).commits,
  });

  it('creates its schema once, however many servers start together', async () => {
    const stores = await Promise.all([1, 2, 3].map(() => PostgresStorage.open(url)));
    const { rows } = await (stores[0] as PostgresStorage).pool.query('SELECT version FROM tandem_migrations ORDER BY version');
    expect(rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }, { version: 5 }, { version: 6 }]);
    await Promise.all(stores.map((s) => s.close()));
  });
});
