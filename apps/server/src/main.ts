/**
 * The process entry: configuration from the environment, the store it names
 * (SQLite in DATA_DIR by default, PostgreSQL when DATABASE_URL is set), and a
 * graceful shutdown on SIGTERM and SIGINT: accepted patches are stored and
 * clients told to reconnect before the process exits. A second signal exits at once.
 * With DATABASE_URL and REDIS_URL, the process is one of many serving the same
 * pages (fan-out through Redis, tickets in PostgreSQL); with WORKERS > 1 it is
 * the node:cluster primary that starts them (cluster.ts).
 * Production runs the compiled dist/main.js (`pnpm build`) under plain node.
 */
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { systemClock } from './clock.ts';
import { runPrimary, SHUTDOWN } from './cluster.ts';
import { configFromEnv } from './env.ts';
import type { Fanout } from './fanout.ts';
import { createLogger } from './log.ts';
import { watchParent } from './parent.ts';
import { RedisFanout } from './redis-fanout.ts';
import { createServer, type ServerOptions } from './server.ts';
import { openStorage } from './storage/open.ts';
import { PostgresStorage } from './storage/postgres.ts';
import { SharedLimiter } from './shared-limit.ts';
import { SharedTicketStore } from './tickets.ts';

const builtWeb = fileURLToPath(new URL('../../web/dist', import.meta.url));
const config = configFromEnv(process.env, {
  ...configFromEnv({}),
  webDist: existsSync(builtWeb) ? builtWeb : null,
});
// Every line names its process: with several, the pid (and the worker's number under node:cluster).
const log = createLogger(config.logLevel, {
  service: 'tandem',
  pid: process.pid,
  ...(cluster.isWorker && cluster.worker ? { worker: cluster.worker.id } : {}),
});
// Every handler guards itself; what still escapes is a bug, reported here rather than ending every open page.
process.on('unhandledRejection', (error) => log.error('unhandled rejection', { error }));
process.on('uncaughtException', (error) => log.error('uncaught exception', { error }));

if (cluster.isPrimary && config.workers > 1) await runPrimary(config, log);
else await serve();

async function serve(): Promise<void> {
  let storage: Awaited<ReturnType<typeof openStorage>>;
  try {
    storage = await openStorage(config, log);
  } catch (error) {
    log.error('storage failed to open', { error });
    process.exit(1);
  }
  const shared: Partial<ServerOptions> = {};
  let redis: RedisFanout | null = null;
  if (config.redisUrl && storage instanceof PostgresStorage) {
    redis = new RedisFanout(config.redisUrl, config.redisPrefix, log);
    const pool = storage.pool;
    Object.assign(shared, {
      fanout: redis as Fanout,
      shared: storage,
      tickets: new SharedTicketStore(pool, config.ticketTtlMs, systemClock),
      // Login and page-creation limits hold for all processes together, not for each.
      limiters: (name: string, perMinute: number) => new SharedLimiter(pool, name, perMinute),
    });
    log.info('serving pages with other processes', { redisPrefix: config.redisPrefix, pollMs: config.clusterPollMs });
  }
  const health = async () => {
    const started = Date.now();
    const database =
      storage instanceof PostgresStorage
        ? await Promise.race([
            storage.pool.query('SELECT 1').then(
              () => ({ ok: true, kind: 'postgres', latencyMs: Date.now() - started }),
              () => ({ ok: false, kind: 'postgres' }),
            ),
            new Promise<{ ok: boolean; kind: string }>((resolve) =>
              setTimeout(() => resolve({ ok: false, kind: 'postgres' }), 2000).unref(),
            ),
          ])
        : { ok: true, kind: 'sqlite' };
    return {
      database,
      ...(redis ? { redis: redis.health() } : {}),
      process: { pid: process.pid, ...(cluster.isWorker && cluster.worker ? { worker: cluster.worker.id } : {}) },
    };
  };
  const server = createServer({ config, log, storage, ownsStorage: true, health, ...shared });

  // Signals are handled from before the server listens: a SIGTERM sent as soon as
  // "listening" is logged must drain and exit 0, not find no handler and kill the process.
  const listening = server.listen();

  let stopping = false;
  function stop(reason: string): void {
    if (stopping) process.exit(1);
    stopping = true;
    log.info('shutting down', { reason });
    // Past the drain's own deadline, something is stuck: go anyway.
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 5_000).unref();
    listening
      .catch(() => {})
      .then(() => server.close())
      .then(() => redis?.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error('shutdown failed', { error });
          process.exit(1);
        },
      );
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(signal));
  // Not a second signal: a wrapper that forwarded SIGTERM and exited must not cut the drain short.
  watchParent(process.env, () => {
    if (!stopping) stop('parent process exited');
  });
  if (cluster.isWorker) {
    process.on('message', (message) => {
      if (message === SHUTDOWN && !stopping) stop('cluster primary stopping');
    });
    // A worker whose primary is gone (killed) stops too, rather than serve on unsupervised.
    process.on('disconnect', () => !stopping && stop('cluster primary exited'));
  }
  await listening;
}
