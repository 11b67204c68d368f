import { fileURLToPath } from 'node:url';
import { freePort, httpReady, type ServerProcess, startServer } from '../proc.ts';

const SRC = fileURLToPath(new URL('..', import.meta.url));

/** Starts one of the peers' scripts in ../servers (through tsx, one process) on a free loopback port. */
export async function startScript(script: string, readyPath = '/healthz'): Promise<ServerProcess> {
  const port = await freePort();
  return startServer({
    args: ['--import', 'tsx', `${SRC}servers/${script}`, String(port)],
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' },
    port,
    ready: httpReady(readyPath),
  });
}

/** Closes a ws-like socket and waits (at most 2 s) for it to be closed. */
export async function closeSocket(ws: {
  readyState: number;
  close(): void;
  once(event: 'close', cb: () => void): unknown;
  terminate(): void;
}) {
  if (ws.readyState === 3) return;
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  ws.close();
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
  ws.terminate();
}
