/**
 * `pnpm start:cluster` (or WORKERS=N): the primary process of node:cluster. It
 * serves nothing itself; it forks N workers, each a whole server (main.ts),
 * which share the port (the primary hands out connections in turn). Workers
 * keep pages consistent through PostgreSQL and Redis, exactly as separate
 * machines behind a load balancer would, so several workers need both.
 * A worker that dies is replaced; SIGTERM or SIGINT asks every worker to stop,
 * each drains (its clients reconnect to the others, or to the next server)
 * and the primary exits when they all have.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Config } from './env.ts';
import type { Logger } from './log.ts';
import { watchParent } from './parent.ts';

/** What the primary tells a worker to drain and exit (main.ts listens for it). */
export const SHUTDOWN = 'tandem:shutdown';

export async function runPrimary(config: Config, log: Logger): Promise<void> {
  if (!config.databaseUrl || !config.redisUrl) {
    log.error('WORKERS > 1 needs DATABASE_URL (PostgreSQL) and REDIS_URL: SQLite serves one process');
    process.exit(1);
  }
  let stopping = false;
  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      log.warn('worker exited; starting another', { worker: worker.id, workerPid: worker.process.pid, code, signal });
      // A worker that cannot start at all (bad configuration) would otherwise be restarted in a tight loop.
      setTimeout(fork, 1000);
    });
    return worker;
  };
  for (let i = 0; i < config.workers; i++) fork();
  log.info('cluster started', { workers: config.workers, port: config.port });

  const stop = (reason: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info('stopping workers', { reason });
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 10_000).unref();
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (workers.length === 0) process.exit(0);
    let left = workers.length;
    for (const worker of workers) {
      worker.once('exit', () => {
        if (--left === 0) process.exit(0);
      });
      // A message, not a signal: after Ctrl-C each worker has its own SIGINT already, and a second signal means "exit now".
      worker.send(SHUTDOWN);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(signal));
  watchParent(process.env, () => {
    if (!stopping) stop('parent process exited');
  });
}
