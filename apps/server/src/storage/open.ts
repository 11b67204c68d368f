/**
 * Chooses the store from the configuration: PostgreSQL when DATABASE_URL is set,
 * otherwise SQLite in DATA_DIR, which needs nothing installed or configured.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../env.ts';
import type { Logger } from '../log.ts';
import { PostgresStorage } from './postgres.ts';
import { lockSqliteFile } from './sqlite-lock.ts';
import { SqliteStorage } from './sqlite.ts';
import type { PageStorage } from './storage.ts';

export async function openStorage(config: Config, log: Logger): Promise<PageStorage> {
  const options = { logRetention: config.logRetention };
  if (config.databaseUrl) {
    const storage = await PostgresStorage.open(config.databaseUrl, {
      ...options,
      onIdleError: (error) => log.warn('idle PostgreSQL connection failed; it will be replaced', { error }),
    });
    log.info('storage ready', { kind: 'postgres', database: describeUrl(config.databaseUrl) });
    return storage;
  }
  if (config.redisUrl) throw new Error('REDIS_URL is for several processes, which need DATABASE_URL (PostgreSQL): SQLite serves one process');
  const file = path.resolve(config.dataDir, 'tandem.db');
  // Before anything touches the file: a second process must not even migrate it.
  mkdirSync(config.dataDir, { recursive: true });
  const release = lockSqliteFile(file);
  let storage: SqliteStorage;
  try {
    storage = SqliteStorage.open(file, options);
  } catch (error) {
    release();
    throw error;
  }
  const close = storage.close.bind(storage);
  storage.close = async () => {
    await close();
    release();
  };
  log.info('storage ready', { kind: 'sqlite', file });
  return storage;
}

/** Host, port and database of a connection string, never its password. */
function describeUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return '(unparsed connection string)';
  }
}
