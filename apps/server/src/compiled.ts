/**
 * The compiled server, for tests that run it as production does: `buildServer()`
 * runs `pnpm build`'s step for this package (build.mjs, well under a second) so
 * that the test never runs a stale dist/, and `SERVER_COMMAND` is how
 * `pnpm start` runs it (from the server's folder, which `DATA_DIR` is relative to).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The server package's folder: the working directory of `pnpm start`. */
export const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The node arguments of `pnpm start`, relative to SERVER_DIR. */
export const SERVER_ARGS = ['--enable-source-maps', 'dist/main.js'];

export function buildServer(): void {
  execFileSync(process.execPath, ['build.mjs'], { cwd: SERVER_DIR, stdio: 'pipe' });
}
