export { type Clock, systemClock } from './clock.ts';
export { type Config, configFromEnv, defaultConfig } from './env.ts';
export { type Fanout, localFanout } from './fanout.ts';
export { Hub } from './hub.ts';
export { createLogger, type Logger } from './log.ts';
export { Room, type RoomClient } from './room.ts';
export { createServer, type ServerOptions, type TandemServer } from './server.ts';
export { type LogEntry, MemoryStorage, type PageStorage, type StoredPage } from './storage.ts';
export { TicketStore } from './tickets.ts';
