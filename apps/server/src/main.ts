/**
 * The process entry: configuration from the environment, the store it names
 * (SQLite in DATA_DIR by default, PostgreSQL when DATABASE_URL is set), and a
 * graceful shutdown on SIGTERM and SIGINT: accepted patches are stored and
 * clients told to reconnect before the process exits. A second signal exits at once.
 * Production runs the compiled dist/main.js (`pnpm build`) under plain node.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configFromEnv } from './env.ts';
import { createLogger } from './log.ts';
import { watchParent } from './parent.ts';
import { createServer } from './server.ts';
import { openStorage } from './storage/open.ts';

const builtWeb = fileURLToPath(new URL('../../web/dist', import.meta.url));
const config = configFromEnv(process.env, {
  ...configFromEnv({}),
  webDist: existsSync(builtWeb) ? builtWeb : null,
});
const log = createLogger(config.logLevel, { service: 'tandem' });
// Every handler guards itself; what still escapes is a bug, reported here rather than ending every open page.
process.on('unhandledRejection', (error) => log.error('unhandled rejection', { error }));
process.on('uncaughtException', (error) => log.error('uncaught exception', { error }));

let storage: Awaited<ReturnType<typeof openStorage>>;
try {
  storage = await openStorage(config, log);
} catch (error) {
  log.error('storage failed to open', { error });
  process.exit(1);
}
const server = createServer({ config, log, storage, ownsStorage: true });

await server.listen();

let stopping = false;
function stop(reason: string): void {
  if (stopping) process.exit(1);
  stopping = true;
  log.info('shutting down', { reason });
  // Past the drain's own deadline, something is stuck: go anyway.
  setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 5_000).unref();
  server.close().then(
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
