/**
 * Real processes for the tests that need them: the compiled server (as `pnpm
 * start` runs it), a redis-server of the test's own (so that restarting it
 * troubles nobody else's), and a round-robin TCP balancer in front of several
 * servers, which skips those that refuse connections (as a load balancer's
 * health check would), so that clients of a killed process land on another.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection, createServer as createNetServer, type Server, type Socket } from 'node:net';
import { spawnServer } from '@tandem/server/compiled';
import type { RunningServer } from '@tandem/server/testing';

export interface Child {
  process: ChildProcess;
  port: number;
  target: RunningServer;
  /** Everything it printed so far. */
  output(): string;
  exited: Promise<number | null>;
}

/** Starts the compiled server in its own process, as `pnpm start` does, and waits for `ready` in its log. */
export async function startServer(env: Record<string, string>, port: number, ready = '"msg":"listening"'): Promise<Child> {
  const started = spawnServer({ ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ROOM_IDLE_MS: '60000', ...env });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${started.output()}`)), 30_000);
    const check = () => {
      if (!started.output().includes(ready)) return;
      clearTimeout(timer);
      resolve();
    };
    started.child.stdout?.on('data', check);
    void started.exited.then((code) => reject(new Error(`server exited with ${code}:\n${started.output()}`)));
  });
  const target = { http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}`, port } as RunningServer;
  return { process: started.child, port, target, output: started.output, exited: started.exited };
}

/** A redis-server of our own on `port`, without persistence; resolves once it answers. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${text}`)), 10_000);
    child.stdout?.on('data', (data: Buffer) => {
      text += data.toString();
      if (text.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${text}`)));
  });
  return child;
}

/** Connections to `listen`'s port go to the backends in turn; a backend that refuses is skipped. */
export class Balancer {
  private next = 0;
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: Server,
    readonly port: number,
    readonly backends: number[],
  ) {}

  static async start(backends: number[]): Promise<Balancer> {
    const server = createNetServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const balancer = new Balancer(server, (server.address() as { port: number }).port, backends);
    server.on('connection', (socket) => balancer.route(socket));
    return balancer;
  }

  get http(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private route(client: Socket, tries = 0): void {
    if (tries === 0) {
      client.pause();
      this.sockets.add(client);
      client.once('close', () => this.sockets.delete(client));
      client.on('error', () => {});
    }
    const port = this.backends[this.next++ % this.backends.length] as number;
    const upstream = createConnection({ port, host: '127.0.0.1' });
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      this.sockets.add(upstream);
      upstream.once('close', () => this.sockets.delete(upstream));
      client.pipe(upstream).pipe(client);
      client.resume();
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
    upstream.on('error', () => {
      upstream.destroy();
      // Refused: the next backend. Broken once connected: the client sees its connection end.
      if (connected) client.destroy();
      else if (tries + 1 < this.backends.length * 2) this.route(client, tries + 1);
      else client.destroy();
    });
  }
}
