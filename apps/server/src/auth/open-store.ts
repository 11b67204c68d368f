/** The access store that lives beside a page store: in the same SQLite file, the same PostgreSQL database, or the same memory. */
import { PostgresStorage } from '../storage/postgres.ts';
import { SqliteStorage } from '../storage/sqlite.ts';
import type { PageStorage } from '../storage/storage.ts';
import { MemoryAccessStore } from './memory-store.ts';
import { PostgresAccessStore } from './postgres-store.ts';
import { SqliteAccessStore } from './sqlite-store.ts';
import type { AccessStore } from './store.ts';

/** One per page store, so that two servers over the same MemoryStorage (a restart in a test) share accounts too. */
const memoryStores = new WeakMap<PageStorage, MemoryAccessStore>();

export function accessStoreFor(storage: PageStorage): AccessStore {
  if (storage instanceof SqliteStorage) return new SqliteAccessStore(storage.accessDb);
  if (storage instanceof PostgresStorage) return new PostgresAccessStore(storage.pool);
  // MemoryStorage, or a wrapper around a store that tests use to inject failures: accounts in memory beside it.
  let store = memoryStores.get(storage);
  if (!store) {
    store = new MemoryAccessStore(storage);
    memoryStores.set(storage, store);
  }
  return store;
}
