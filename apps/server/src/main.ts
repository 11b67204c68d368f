/** The process entry: configuration from the environment, graceful shutdown on signals. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configFromEnv } from './env.ts';
import { createLogger } from './log.ts';
import { createServer } from './server.ts';

const builtWeb = fileURLToPath(new URL('../../web/dist', import.meta.url));
const config = configFromEnv(process.env, {
  ...configFromEnv({}),
  webDist: existsSync(builtWeb) ? builtWeb : null,
});
const log = createLogger(config.logLevel, { service: 'tandem' });
const server = createServer({ config, log });

await server.listen();

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info('shutting down', { signal });
    server.close().then(() => process.exit(0));
  });
}
