/**
 * Tandem as an operator scales it on one machine (issue 15): `pnpm start`
 * (one process) or `WORKERS=N pnpm start:cluster` (node:cluster workers on one
 * port) from the repository's root, both on PostgreSQL (a schema of its own in
 * TEST_DATABASE_URL's database, dropped after) and Redis (TEST_REDIS_URL, a key
 * prefix of its own), so that the two differ in the number of processes only.
 * Nothing is pinned: the workers need both cores, and the load generator
 * shares them (each variant alike). CPU and memory are the whole process tree's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from '@tandem/server/compiled';
import pg from 'pg';
import { freePort, httpReady, type ServerProcess, sleep } from '../proc.ts';
import { treeCpuMs, treePeakRssMiB } from './tree.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export const databaseUrl = () => process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
export const redisUrl = () => process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

let built = false;
/** Process groups still running, killed if this process exits first. */
const groups = new Set<number>();
process.on('exit', () => {
  for (const group of groups) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
});

/** Starts the variant with `workers` processes (1: `pnpm start`) and waits for /healthz. */
export async function startVariant(workers: number): Promise<ServerProcess> {
  if (!built) {
    // `pnpm start` runs dist/: build it from these sources (well under a second) rather than bench a stale one.
    buildServer();
    built = true;
  }
  const run = randomBytes(5).toString('hex');
  const schema = `bench_cluster_${run}`;
  const admin = new pg.Pool({ connectionString: databaseUrl(), max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(databaseUrl());
  url.searchParams.set('options', `-c search_path=${schema}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-cluster-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: url.toString(),
    REDIS_URL: redisUrl(),
    REDIS_PREFIX: `tandem-bench-${run}:`,
    LOG_LEVEL: 'warn',
    // As bench/fanout's Tandem: the per-connection limit is lifted (it guards against one abusive socket).
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
    // Setting up 200 people must not take longer than measuring them: a cheap scrypt, no sign-up or page limits.
    PASSWORD_SCRYPT_COST: '1024',
    LOGIN_ATTEMPTS_PER_MINUTE: '0',
    PAGES_PER_MINUTE: '0',
    ...(workers > 1 ? { WORKERS: String(workers) } : {}),
  };
  // Its own process group, so that stop() reaches pnpm, the primary and every worker at once.
  const child: ChildProcess = spawn('pnpm', ['--silent', workers > 1 ? 'start:cluster' : 'start'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const pid = child.pid as number;
  const group = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // Gone already.
    }
  };
  groups.add(pid);
  const stop = async () => {
    if (!exited) {
      group('SIGTERM');
      const timer = setTimeout(() => group('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    }
    // Workers outlive a primary killed hard; nothing of this variant may go on into the next.
    group('SIGKILL');
    groups.delete(pid);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const ready = httpReady('/healthz');
  const deadline = Date.now() + 60_000;
  while (!(await ready(port).catch(() => false))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`${workers > 1 ? `WORKERS=${workers} pnpm start:cluster` : 'pnpm start'} was not ready:\n${tail}`);
    }
    await sleep(100);
  }
  return { pid, port, output: () => tail, stop, cpuMs: () => treeCpuMs(pid), peakRssMiB: () => treePeakRssMiB(pid) };
}
