/**
 * A Tandem server process of a spec's own (not the shared one playwright.config.ts
 * starts), for specs that stop and start it: the compiled server
 * (`apps/server/dist/main.js`, run as `pnpm start` runs it; `pnpm test:e2e` builds it first) on a free
 * port, with its own SQLite DATA_DIR, serving the built web app. Restarting keeps
 * the port and the data, as a deploy would.
 *
 *   const server = await OwnServer.start();
 *   await server.restart();   // SIGTERM, wait for the exit, start again
 *   await server.stop();      // and remove the data
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('../apps/server', import.meta.url));

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export class OwnServer {
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);
  /** Everything the process printed, for failure messages. */
  readonly output: string[] = [];

  private constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<OwnServer> {
    const server = new OwnServer(await freePort(), mkdtempSync(path.join(tmpdir(), 'tandem-e2e-own-')));
    await server.launch();
    return server;
  }

  private async launch(): Promise<void> {
    const child = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], {
      cwd: serverDir,
      env: { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', DATA_DIR: this.dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (data: Buffer) => this.output.push(data.toString()));
    child.stderr?.on('data', (data: Buffer) => this.output.push(data.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    let gone = false;
    void this.exited.then(() => {
      gone = true;
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (gone) throw new Error(`the server exited before it was ready:\n${this.output.join('')}`);
      if (Date.now() > deadline) throw new Error(`the server was not ready within 30 s:\n${this.output.join('')}`);
      try {
        const res = await fetch(`${this.url}/healthz`);
        if (res.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A graceful stop (SIGTERM: accepted patches stored, sockets closed with 1001), waiting for the exit. */
  async terminate(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await this.exited;
    clearTimeout(timer);
    this.child = null;
    return code;
  }

  async restart(): Promise<void> {
    const code = await this.terminate();
    if (code !== 0) throw new Error(`the server did not stop cleanly (exit ${code}):\n${this.output.join('')}`);
    await this.launch();
  }

  async stop(): Promise<void> {
    await this.terminate();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
