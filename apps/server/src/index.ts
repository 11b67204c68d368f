export { type Clock, systemClock } from './clock.ts';
export { type Config, configFromEnv, defaultConfig } from './env.ts';
export { type Fanout, localFanout } from './fanout.ts';
export { Hub } from './hub.ts';
export { createLogger, type Logger } from './log.ts';
export { type Author, ChangeRejectedError, Room, type RoomClient, RoomClosedError, type ServerChange } from './room.ts';
export { createServer, type ServerOptions, type TandemServer } from './server.ts';
export { MemoryStorage, type MemoryStorageOptions } from './storage/memory.ts';
export { DOCUMENT_FORMATS, type DocumentFormats, migrateDocument } from './storage/migrations.ts';
export { openStorage } from './storage/open.ts';
export { PostgresStorage, type PostgresStorageOptions } from './storage/postgres.ts';
export { SqliteStorage } from './storage/sqlite.ts';
export {
  type AppendOptions,
  type CreateResult,
  type ListPagesOptions,
  type LogEntry,
  type PageInfo,
  type PageStorage,
  PageUnreadableError,
  type SharedLog,
  StorageConflictError,
  type StorageOptions,
  type StoredPage,
  type VersionInfo,
} from './storage/storage.ts';
export { type Grant, SharedTicketStore, TicketStore, type Tickets } from './tickets.ts';
export { RedisFanout, type RedisHealth } from './redis-fanout.ts';
export { lockSqliteFile, SqliteLockedError } from './storage/sqlite-lock.ts';
export { type Authorize, allowEveryone, type PublishAction, type PublishingOptions } from './publish.ts';
export type { LivePublication, NewPublication, PublicationInfo, PublicationListing, PublicationStorage } from './storage/publications.ts';
