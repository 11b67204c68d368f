/**
 * SQLite's checkpoints, in a worker thread of a connection of its own. The
 * main connection commits with automatic checkpoints off (sqlite-commit.ts):
 * one would copy the WAL into the database file and fsync both inside a
 * commit, on the event loop, for milliseconds. Here a PASSIVE checkpoint runs
 * beside the event loop; the committer holds its next batch until the
 * checkpoint is done, so that the whole WAL is copied and the next commit
 * starts it again from the beginning (the WAL stays the size of what one
 * interval writes instead of growing).
 *
 * The thread runs a few lines, given as source (`eval`), with better-sqlite3
 * loaded by the path this module resolves: nothing to bundle or build beside
 * the server, from the sources or compiled.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** What `PRAGMA wal_checkpoint` reports: whether it was kept from finishing, frames in the WAL, and frames copied. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
// The checkpoint syncs the WAL before copying it and the database file after (FULL or NORMAL alike).
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ ok: true, result: db.pragma('wal_checkpoint(PASSIVE)')[0] });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
`;

type Reply = { ok: true; result: CheckpointResult } | { ok: false; message: string };

export class Checkpointer {
  private readonly worker: Worker;
  /** The checkpoint asked for and not yet answered (one at a time). */
  private pending: { resolve: (result: CheckpointResult) => void; reject: (error: Error) => void } | null = null;
  private dead: Error | null = null;
  private readonly exited: Promise<void>;

  constructor(file: string) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    // No inherited execArgv: a parent run under tsx or a test runner would load its loaders into the thread too.
    this.worker = new Worker(THREAD, { eval: true, workerData: { file, driver }, execArgv: [] });
    // The thread keeps the process alive only while a checkpoint is in flight.
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      const pending = this.pending;
      this.pending = null;
      this.worker.unref();
      if (!pending) return;
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(new Error(`checkpoint failed: ${reply.message}`));
    });
    this.worker.on('error', (error) => this.die(error));
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        this.die(new Error(`the SQLite checkpoint thread exited (code ${code})`));
        resolve();
      });
    });
  }

  /** False once the thread has died: checkpoints must then be run some other way. */
  get alive(): boolean {
    return this.dead === null;
  }

  /** Runs one PASSIVE checkpoint; call only once the one before has settled. */
  run(): Promise<CheckpointResult> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.pending) return Promise.reject(new Error('a checkpoint is already running'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.ref();
      this.worker.postMessage('run');
    });
  }

  /** Closes the thread's connection and ends the thread (call once no checkpoint is running). */
  async close(): Promise<void> {
    if (!this.dead) {
      // Held until it has exited, or the process could end before the caller's next step.
      this.worker.ref();
      this.worker.postMessage('close');
    }
    await this.exited;
  }

  private die(error: Error): void {
    this.dead ??= error;
    this.pending?.reject(error);
    this.pending = null;
  }
}
