/**
 * The compiled server, for tests that run it as production does: `buildServer()`
 * runs `pnpm build`'s step for this package (build.mjs, well under a second) so
 * that the test never runs a stale dist/, and `SERVER_COMMAND` is how
 * `pnpm start` runs it (from the server's folder, which `DATA_DIR` is relative to).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The server package's folder: the working directory of `pnpm start`. */
export const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The node arguments of `pnpm start`, relative to SERVER_DIR. */
export const SERVER_ARGS = ['--enable-source-maps', 'dist/main.js'];

export function buildServer(): void {
  execFileSync(process.execPath, ['build.mjs'], { cwd: SERVER_DIR, stdio: 'pipe' });
}

/** A compiled server process started by a test harness, with what it printed. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** Everything it printed (stdout and stderr), or the last `keepBytes` of it. */
  output(): string;
  /** Its exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

/**
 * Starts `dist/main.js` as `pnpm start` does, in its own process with exactly
 * `env`: the one way every test harness (integration's, the cluster's, the
 * fuzz's) runs the production server.
 */
export function spawnServer(env: NodeJS.ProcessEnv, keepBytes = Number.POSITIVE_INFINITY): ServerProcess {
  const child = spawn(process.execPath, SERVER_ARGS, { cwd: SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  const keep = (chunk: Buffer) => {
    printed += chunk.toString('utf8');
    if (printed.length > keepBytes) printed = printed.slice(-keepBytes);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => printed, exited };
}
