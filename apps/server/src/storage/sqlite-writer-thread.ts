/**
 * The main thread's handle on SQLite's writer thread (sqlite-writer.ts): sends
 * a batch, resolves with each write's outcome once the batch has committed.
 * One batch is in flight at a time (the CommitQueue sees to that). If the
 * thread dies, every batch in flight and every later one is rejected: the
 * rooms then close rather than acknowledge what may not be stored.
 */
import { renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Outcome } from './commit-queue.ts';
import type { Reply, Request, WireError, Write, WriterConfig } from './sqlite-writer.ts';
import { StorageConflictError } from './storage.ts';

/**
 * Compiled (`pnpm start`) the thread is dist/sqlite-writer.js, built beside
 * dist/main.js by build.mjs. From the sources (tests, `pnpm dev`) the same
 * esbuild bundles sqlite-writer.ts once per process into node_modules/.cache
 * of this package (where `better-sqlite3` resolves): a thread then starts in
 * milliseconds, where loading tsx into each one took most of a second.
 */
let sourceBundle: string | null = null;

function entry(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./sqlite-writer.js', import.meta.url);
  if (sourceBundle === null) {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const dir = path.join(here, '../../node_modules/.cache/tandem');
    const outfile = path.join(dir, 'sqlite-writer.mjs');
    // Built under a name of this process's own, then renamed: another process never loads a half-written file.
    const tmp = path.join(dir, `sqlite-writer-${process.pid}.mjs`);
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    esbuild.buildSync({
      entryPoints: [path.join(here, 'sqlite-writer.ts')],
      outfile: tmp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['better-sqlite3'],
      logLevel: 'warning',
    });
    renameSync(tmp, outfile);
    sourceBundle = outfile;
  }
  return pathToFileURL(sourceBundle);
}

function startWorker(workerData: unknown): Worker {
  // No inherited execArgv: a parent run under tsx or a test runner would load its loaders into the thread too.
  return new Worker(entry(), { workerData, execArgv: [] });
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
