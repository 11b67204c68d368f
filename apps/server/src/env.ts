/**
 * All configuration, read from the environment in one place. Every default is
 * one that real use never notices; each is documented in the root README.
 */
export interface Config {
  port: number;
  host: string;
  /** Largest accepted WebSocket frame, in bytes (`too-large` beyond). */
  maxMessageBytes: number;
  /** Sustained messages per second per connection, and the burst allowed above it. */
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  /** Interval between pings; a peer that has not answered the previous one is dropped. */
  heartbeatMs: number;
  ticketTtlMs: number;
  /** How long an empty room stays loaded, so that a reload does not reload the page. */
  roomIdleMs: number;
  /** A client whose unsent output exceeds this is too slow and is disconnected. */
  maxBufferedBytes: number;
  /** The built web app to serve, when it exists. */
  webDist: string | null;
  logLevel: LogLevel;
  /** Where the SQLite database lives (`tandem.db` inside), when `databaseUrl` is not set. */
  dataDir: string;
  /** A PostgreSQL connection string; when set, pages are stored there instead of SQLite. */
  databaseUrl: string | null;
  /** A snapshot is stored every this many patches to a page (and when its room goes idle). */
  snapshotEvery: number;
  /** Patches kept in the log behind each page's latest version, for `since` catch-up and history. */
  logRetention: number;
  /** How long a graceful shutdown waits for accepted patches to be stored before closing anyway. */
  shutdownTimeoutMs: number;
  /** Who may frame published pages: the CSP `frame-ancestors` sources of GET /s/:id. */
  frameAncestors: string;
  /** The public origin of published pages (`https://pages.example.com`); the request's own when null. */
  publicUrl: string | null;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export const defaultConfig: Config = {
  port: 8080,
  host: '0.0.0.0',
  maxMessageBytes: 1024 * 1024,
  rateLimitPerSecond: 200,
  rateLimitBurst: 500,
  heartbeatMs: 30_000,
  ticketTtlMs: 60_000,
  roomIdleMs: 10_000,
  maxBufferedBytes: 16 * 1024 * 1024,
  webDist: null,
  logLevel: 'info',
  dataDir: './data',
  databaseUrl: null,
  snapshotEvery: 100,
  logRetention: 10_000,
  shutdownTimeoutMs: 10_000,
  frameAncestors: "'none'",
  publicUrl: null,
};

export function configFromEnv(env: NodeJS.ProcessEnv, base: Config = defaultConfig): Config {
  const int = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
    return value;
  };
  const level = env.LOG_LEVEL ?? base.logLevel;
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(level))
    throw new Error(`LOG_LEVEL must be debug, info, warn, error or silent`);
  return {
    port: int('PORT', base.port),
    host: env.HOST || base.host,
    maxMessageBytes: int('MAX_MESSAGE_BYTES', base.maxMessageBytes),
    rateLimitPerSecond: int('RATE_LIMIT_PER_SECOND', base.rateLimitPerSecond),
    rateLimitBurst: int('RATE_LIMIT_BURST', base.rateLimitBurst),
    heartbeatMs: int('HEARTBEAT_MS', base.heartbeatMs),
    ticketTtlMs: int('TICKET_TTL_MS', base.ticketTtlMs),
    roomIdleMs: int('ROOM_IDLE_MS', base.roomIdleMs),
    maxBufferedBytes: int('MAX_BUFFERED_BYTES', base.maxBufferedBytes),
    webDist: env.WEB_DIST || base.webDist,
    logLevel: level as LogLevel,
    dataDir: env.DATA_DIR || base.dataDir,
    databaseUrl: env.DATABASE_URL || base.databaseUrl,
    snapshotEvery: Math.max(1, int('SNAPSHOT_EVERY', base.snapshotEvery)),
    logRetention: int('LOG_RETENTION', base.logRetention),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', base.shutdownTimeoutMs),
    frameAncestors: cspSources('PUBLISH_FRAME_ANCESTORS', env.PUBLISH_FRAME_ANCESTORS || base.frameAncestors),
    publicUrl: origin('PUBLIC_URL', env.PUBLIC_URL || base.publicUrl),
  };
}

/** CSP sources (`'self' https://example.com`): nothing that could end the directive or add another. */
function cspSources(name: string, value: string): string {
  if (!/^[A-Za-z0-9 '*:./_-]+$/.test(value.trim()))
    throw new Error(`${name} must be CSP sources such as 'none', 'self' or https://example.com`);
  return value.trim();
}

function origin(name: string, value: string | null): string | null {
  if (value === null) return null;
  const url = URL.canParse(value) ? new URL(value) : null;
  if (!url || !/^https?:$/.test(url.protocol)) throw new Error(`${name} must be an http(s) origin such as https://pages.example.com`);
  return url.origin;
}
