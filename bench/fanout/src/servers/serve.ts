/**
 * What the peers' server scripts share: the port from argv, an HTTP server on
 * loopback that answers GET /healthz (how the launcher knows it is up), and a
 * clean exit on SIGTERM.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export function port(): number {
  const value = Number(process.argv[2]);
  if (!Number.isInteger(value) || value <= 0) throw new Error('usage: <script> <port>');
  return value;
}

export function httpServer(extra?: (req: IncomingMessage, res: ServerResponse) => boolean): Server {
  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    if (extra?.(req, res)) return;
    res.writeHead(404).end();
  });
  process.on('SIGTERM', () => process.exit(0));
  return server;
}
