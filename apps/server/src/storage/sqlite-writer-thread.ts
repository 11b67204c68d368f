/**
 * The main thread's handle on SQLite's writer thread (sqlite-writer.ts): sends
 * a batch, resolves with each write's outcome once the batch has committed.
 * One batch is in flight at a time (the CommitQueue sees to that). If the
 * thread dies, every batch in flight and every later one is rejected: the
 * rooms then close rather than acknowledge what may not be stored.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Outcome } from './commit-queue.ts';
import type { Reply, Request, WireError, Write, WriterConfig } from './sqlite-writer.ts';
import { StorageConflictError } from './storage.ts';

/**
 * Compiled (`pnpm start`) the thread is dist/sqlite-writer.js, built beside
 * dist/main.js by build.mjs. From the sources (tests, `pnpm dev`) it is the
 * TypeScript file, loaded through tsx's loader registered in the thread first
 * (an `--import` in a worker's execArgv is not honoured by Node 20).
 */
function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./sqlite-writer.js', import.meta.url), { workerData });
  // tsx's `esm/api` export, as its `import` condition names it (require.resolve would give the CommonJS one).
  const tsxRoot = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(path.join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./sqlite-writer.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

function fromWire(error: WireError): Error {
  if (error.name === 'StorageConflictError') return new StorageConflictError(error.message);
  const out = new Error(error.message);
  out.name = error.name;
  if (error.code !== undefined) Object.assign(out, { code: error.code });
  return out;
}

interface InFlight {
  resolve: (outcomes: Outcome[]) => void;
  reject: (error: unknown) => void;
}

export class WriterThread {
  private readonly worker: Worker;
  private readonly inFlight = new Map<number, InFlight>();
  private nextId = 1;
  private dead: Error | null = null;
  private readonly exited: Promise<void>;

  constructor(config: WriterConfig) {
    this.worker = startWorker({ tandemSqliteWriter: config });
    // The thread keeps the process alive only while a batch is in flight.
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.answer(reply));
    this.worker.on('error', (error) => this.die(error));
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        this.die(new Error(`the SQLite writer thread exited (code ${code})`));
        resolve();
      });
    });
  }

  run(writes: Write[]): Promise<Outcome[]> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<Outcome[]>((resolve, reject) => {
      this.inFlight.set(id, { resolve, reject });
      if (this.inFlight.size === 1) this.worker.ref();
      this.worker.postMessage({ type: 'batch', id, writes } satisfies Request);
    });
  }

  /** Closes the writer's connection and ends the thread (call once nothing is queued). */
  async close(): Promise<void> {
    if (!this.dead) {
      // Held until it has exited, or the process could end before the caller's next step (say, logging "stopped").
      this.worker.ref();
      this.worker.postMessage({ type: 'close' } satisfies Request);
    }
    await this.exited;
  }

  private answer(reply: Reply): void {
    const pending = this.inFlight.get(reply.id);
    if (!pending) return;
    this.inFlight.delete(reply.id);
    if (this.inFlight.size === 0) this.worker.unref();
    if ('error' in reply) pending.reject(fromWire(reply.error));
    else pending.resolve(reply.outcomes.map((o) => (o.ok ? o : { ok: false, error: fromWire(o.error) })));
  }

  private die(error: Error): void {
    this.dead ??= error;
    for (const pending of this.inFlight.values()) pending.reject(error);
    this.inFlight.clear();
  }
}
