/**
 * All configuration, read from the environment in one place. Every default is
 * one that real use never notices; each is documented in the root README.
 */
import { availableParallelism } from 'node:os';
import { LIMITS } from '@tandem/protocol';

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
  /** How long after a person who edited leaves their session ends (a `session-end` version, SPEC H1); coming back sooner continues it. */
  sessionEndMs: number;
  /** A client whose unsent output exceeds this is too slow and is disconnected. */
  maxBufferedBytes: number;
  /** The built web app to serve, when it exists. */
  webDist: string | null;
  logLevel: LogLevel;
  /** Where the SQLite database lives (`tandem.db` inside), when `databaseUrl` is not set. */
  dataDir: string;
  /** Where uploaded images live; null means `assets` inside `dataDir` (also when pages are in PostgreSQL). */
  assetsDir: string | null;
  /** Per account: the most bytes and images it may have uploaded (distinct images; 0: no limit). See asset-ledger.ts. */
  assetQuotaBytes: number;
  assetQuotaCount: number;
  /** A PostgreSQL connection string; when set, pages are stored there instead of SQLite. */
  databaseUrl: string | null;
  /** Redis, for fan-out between processes; with `databaseUrl`, any number of processes may serve the same pages. */
  redisUrl: string | null;
  /** Worker processes sharing the port (node:cluster); 1 is one process, the server itself. */
  workers: number;
  /** Prepended to every Redis channel and key, so that several deployments (or test runs) share one Redis. */
  redisPrefix: string;
  /**
   * With several processes: how often each open room compares its version with the
   * database's while Redis is unhealthy (and, ten times less often, while it is
   * healthy, as a backstop against a lost message). The bound on catching up without Redis.
   */
  clusterPollMs: number;
  /** A snapshot is stored every this many patches to a page (and when its room goes idle). */
  snapshotEvery: number;
  /** Patches kept in the log behind each page's latest version, for `since` catch-up and history. */
  logRetention: number;
  /** How long a graceful shutdown waits for accepted patches to be stored before closing anyway. */
  shutdownTimeoutMs: number;
  /** Pages one address may create per minute (POST /api/pages, tickets for new ids); 0 turns the limit off. */
  pagesPerMinute: number;
  /** Characters of document JSON the read routes keep for pages whose room is not loaded. */
  readCacheBytes: number;
  /** Access (auth/): who may sign up, the session cookie's Secure flag and lifetime, login attempts, scrypt's cost. */
  signup: 'open' | 'closed';
  cookieSecure: boolean;
  sessionTtlMs: number;
  loginAttemptsPerMinute: number;
  passwordCost: number;
  /** Bytes of one patch once copies and moves are spelled out (`patch-too-large`). */
  maxPatchBytes: number;
  /** Bytes and components of one page (`document-too-large`). */
  maxDocumentBytes: number;
  maxComponents: number;
  /** Operations of a stale patch times the operations logged since its base (`bad-version` beyond). */
  transformBudget: number;
  /** Bytes of recent patches each room keeps in memory (besides at most 1,000 of them). */
  roomLogBytes: number;
  /** Patches a room holds accepted but not yet stored and acknowledged before it answers `overloaded` (L9). */
  roomBacklog: number;
  /** Bytes of those patches from which a new one is `overloaded` (L9). */
  roomBacklogBytes: number;
  /** Milliseconds the oldest of those may have waited before a new patch is `overloaded` (L9). */
  roomQueueMs: number;
  /** While patches stream into a room, how long a batch is held open so that one commit and one frame carry several. */
  commitGatherMs: number;
  /** While the stream is dense, how long a batch of fewer than `commitGatherPatches` may stay open (CommitPipeline). */
  commitGatherMaxMs: number;
  commitGatherPatches: number;
  /** Bytes of one presence selection (`bad-message`), and presence messages per second and burst (`rate-limited`). */
  maxPresenceBytes: number;
  presencePerSecond: number;
  presenceBurst: number;
  /** Invalid frames a connection may send (refilled at one a second) before it is closed with 1008. */
  invalidFrameLimit: number;
  /**
   * Origins (`scheme://host[:port]`) besides the server's own that may open a
   * socket or change state over HTTP; a request without `Origin` is allowed.
   */
  allowedOrigins: string[];
  /** The CSP `frame-ancestors` sources: who may embed the app in a frame. */
  frameAncestors: string;
  /** Who may frame published pages: the CSP `frame-ancestors` sources of GET /s/:id. */
  publishFrameAncestors: string;
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
  sessionEndMs: 10_000,
  maxBufferedBytes: 16 * 1024 * 1024,
  webDist: null,
  logLevel: 'info',
  dataDir: './data',
  assetsDir: null,
  assetQuotaBytes: 256 * 1024 * 1024,
  assetQuotaCount: 1000,
  databaseUrl: null,
  redisUrl: null,
  workers: 1,
  redisPrefix: 'tandem:',
  clusterPollMs: 500,
  snapshotEvery: 100,
  logRetention: 10_000,
  shutdownTimeoutMs: 10_000,
  pagesPerMinute: 60,
  readCacheBytes: 32 * 1024 * 1024,
  signup: 'open',
  cookieSecure: false,
  sessionTtlMs: 30 * 24 * 60 * 60 * 1000,
  loginAttemptsPerMinute: 10,
  passwordCost: 32_768,
  maxPatchBytes: LIMITS.patchBytes,
  maxDocumentBytes: LIMITS.documentBytes,
  maxComponents: LIMITS.components,
  transformBudget: LIMITS.transformWork,
  roomLogBytes: 64 * 1024 * 1024,
  roomBacklog: LIMITS.roomBacklog,
  roomBacklogBytes: LIMITS.roomBacklogBytes,
  roomQueueMs: LIMITS.roomQueueMs,
  commitGatherMs: 4,
  commitGatherMaxMs: 10,
  commitGatherPatches: 6,
  maxPresenceBytes: LIMITS.presenceBytes,
  presencePerSecond: LIMITS.presencePerSecond,
  presenceBurst: LIMITS.presenceBurst,
  invalidFrameLimit: LIMITS.invalidFrames,
  allowedOrigins: ['http://localhost:5173', 'http://127.0.0.1:5173'],
  frameAncestors: "'none'",
  publishFrameAncestors: "'none'",
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
  const signup = env.SIGNUP || base.signup;
  if (signup !== 'open' && signup !== 'closed') throw new Error(`SIGNUP must be open or closed, got "${signup}"`);
  const secure = env.COOKIE_SECURE;
  if (secure !== undefined && secure !== '' && secure !== 'true' && secure !== 'false')
    throw new Error(`COOKIE_SECURE must be true or false, got "${secure}"`);
  const cost = int('PASSWORD_SCRYPT_COST', base.passwordCost);
  if (cost < 2 || (cost & (cost - 1)) !== 0) throw new Error(`PASSWORD_SCRYPT_COST must be a power of two, got ${cost}`);
  return {
    port: int('PORT', base.port),
    host: env.HOST || base.host,
    maxMessageBytes: int('MAX_MESSAGE_BYTES', base.maxMessageBytes),
    rateLimitPerSecond: int('RATE_LIMIT_PER_SECOND', base.rateLimitPerSecond),
    rateLimitBurst: int('RATE_LIMIT_BURST', base.rateLimitBurst),
    heartbeatMs: int('HEARTBEAT_MS', base.heartbeatMs),
    ticketTtlMs: int('TICKET_TTL_MS', base.ticketTtlMs),
    roomIdleMs: int('ROOM_IDLE_MS', base.roomIdleMs),
    sessionEndMs: int('SESSION_END_MS', base.sessionEndMs),
    maxBufferedBytes: int('MAX_BUFFERED_BYTES', base.maxBufferedBytes),
    webDist: env.WEB_DIST || base.webDist,
    logLevel: level as LogLevel,
    dataDir: env.DATA_DIR || base.dataDir,
    assetsDir: env.ASSETS_DIR || base.assetsDir,
    assetQuotaBytes: int('ASSET_QUOTA_BYTES', base.assetQuotaBytes),
    assetQuotaCount: int('ASSET_QUOTA_COUNT', base.assetQuotaCount),
    databaseUrl: env.DATABASE_URL || base.databaseUrl,
    redisUrl: env.REDIS_URL || base.redisUrl,
    workers: env.WORKERS === 'auto' ? availableParallelism() : Math.max(1, int('WORKERS', base.workers)),
    redisPrefix: env.REDIS_PREFIX || base.redisPrefix,
    clusterPollMs: Math.max(10, int('CLUSTER_POLL_MS', base.clusterPollMs)),
    snapshotEvery: Math.max(1, int('SNAPSHOT_EVERY', base.snapshotEvery)),
    logRetention: int('LOG_RETENTION', base.logRetention),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', base.shutdownTimeoutMs),
    pagesPerMinute: int('PAGES_PER_MINUTE', base.pagesPerMinute),
    readCacheBytes: int('READ_CACHE_BYTES', base.readCacheBytes),
    signup,
    cookieSecure: secure === undefined || secure === '' ? base.cookieSecure : secure === 'true',
    sessionTtlMs: int('SESSION_TTL_MS', base.sessionTtlMs),
    loginAttemptsPerMinute: int('LOGIN_ATTEMPTS_PER_MINUTE', base.loginAttemptsPerMinute),
    passwordCost: cost,
    maxPatchBytes: int('MAX_PATCH_BYTES', base.maxPatchBytes),
    maxDocumentBytes: int('MAX_DOCUMENT_BYTES', base.maxDocumentBytes),
    maxComponents: int('MAX_COMPONENTS', base.maxComponents),
    transformBudget: int('TRANSFORM_BUDGET', base.transformBudget),
    roomLogBytes: int('ROOM_LOG_BYTES', base.roomLogBytes),
    roomBacklog: int('ROOM_BACKLOG', base.roomBacklog),
    roomBacklogBytes: int('ROOM_BACKLOG_BYTES', base.roomBacklogBytes),
    roomQueueMs: int('ROOM_QUEUE_MS', base.roomQueueMs),
    commitGatherMs: int('COMMIT_GATHER_MS', base.commitGatherMs),
    commitGatherMaxMs: int('COMMIT_GATHER_MAX_MS', base.commitGatherMaxMs),
    commitGatherPatches: int('COMMIT_GATHER_PATCHES', base.commitGatherPatches),
    maxPresenceBytes: int('MAX_PRESENCE_BYTES', base.maxPresenceBytes),
    presencePerSecond: int('PRESENCE_PER_SECOND', base.presencePerSecond),
    presenceBurst: int('PRESENCE_BURST', base.presenceBurst),
    invalidFrameLimit: int('INVALID_FRAME_LIMIT', base.invalidFrameLimit),
    allowedOrigins: origins('ALLOWED_ORIGINS', env.ALLOWED_ORIGINS, base.allowedOrigins),
    frameAncestors: env.FRAME_ANCESTORS || base.frameAncestors,
    publishFrameAncestors: cspSources('PUBLISH_FRAME_ANCESTORS', env.PUBLISH_FRAME_ANCESTORS || base.publishFrameAncestors),
    publicUrl: origin('PUBLIC_URL', env.PUBLIC_URL || base.publicUrl),
  };
}

/** A comma-separated list of origins, each `scheme://host[:port]` (normalized as the browser sends it). */
function origins(name: string, raw: string | undefined, fallback: string[]): string[] {
  if (raw === undefined || raw.trim() === '') return fallback;
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      let url: URL;
      try {
        url = new URL(item);
      } catch {
        throw new Error(`${name} must list origins like https://example.com, got "${item}"`);
      }
      return url.origin;
    });
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
