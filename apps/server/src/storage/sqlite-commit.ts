/**
 * How a batch of SQLite writes becomes durable without the event loop waiting
 * on the disk. The batch's statements run here, synchronously, on the main
 * connection, which commits with synchronous=NORMAL: COMMIT hands the WAL
 * frames to the kernel and returns (a batch of patches takes a fraction of a
 * millisecond). The batch is answered only once an fsync of the WAL file, run
 * on libuv's thread pool, has returned, so an ack still means "on disk", as it
 * did with synchronous=FULL, whose fsync this one replaces: the frames of every
 * transaction committed so far are in the WAL when it is synced.
 *
 * The whole transaction used to run in a worker thread. Measured at 500
 * patches a second (20 clients, one room, `pnpm bench:fanout`), handing each
 * batch to a worker's event loop and its outcomes back (structured clones, two
 * wake-ups, a second isolate's turn) cost more than the statements themselves:
 * this way the server's CPU per 1,000 patches fell from 321 ms to 240 (medians
 * of alternating runs), and the event loop still never waits for an fsync.
 *
 * A reader on the main connection may see a batch in the moment between its
 * COMMIT and the end of its fsync: committed, not yet acknowledged. A crash of
 * the process loses nothing of it (the kernel holds the pages); only a power
 * cut in that moment could, and then nobody had been told it was stored.
 *
 * Automatic checkpoints are off on the main connection: one would copy the WAL
 * into the database file and fsync both inside a commit, on the event loop.
 * After a batch, once `intervalMs` have passed since the last one, a
 * checkpoint runs in a thread (sqlite-checkpointer.ts), and the next batch
 * waits for it, so the WAL is copied whole and starts again from its beginning.
 *
 * A failed fsync breaks the store for good: the kernel may have dropped the
 * pages it could not write, so a later fsync could succeed without them. The
 * batch and every later write are rejected (the rooms close), and no room opens
 * again (sqlite.ts, `load`); other reads go on.
 */
import { closeSync, fsync, openSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { Checkpointer } from './sqlite-checkpointer.ts';
import type { Statements } from './sqlite-statements.ts';
import { type Write, Writer, type WriterConfig } from './sqlite-writer.ts';
import type { Outcome } from './commit-queue.ts';

/** How often, at most, the WAL is checkpointed while writes come in. */
export const CHECKPOINT_INTERVAL_MS = 1_000;

export interface CommitterOptions {
  /** Milliseconds between checkpoints at least (default CHECKPOINT_INTERVAL_MS). */
  checkpointIntervalMs?: number;
  /** Makes the WAL file durable (default: fsync on libuv's thread pool). */
  sync?: (fd: number) => Promise<void>;
}

export class SqliteStorageBrokenError extends Error {
  override readonly name = 'SqliteStorageBrokenError';
}

function fsyncAsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
}

export class SqliteCommitter {
  private readonly writer: Writer;
  private readonly intervalMs: number;
  private readonly sync: (fd: number) => Promise<void>;
  /** The WAL file, opened after the first commit (SQLite creates it with the first write). */
  private wal: number | null = null;
  private checkpointer: Checkpointer | null = null;
  private checkpointing: Promise<void> | null = null;
  private lastCheckpoint = performance.now();
  private broken: Error | null = null;
  /** Checkpoints run, for tests. */
  checkpoints = 0;

  constructor(
    private readonly db: Database.Database,
    sql: Statements,
    config: WriterConfig,
    options: CommitterOptions = {},
  ) {
    this.writer = new Writer(db, sql, config);
    this.intervalMs = options.checkpointIntervalMs ?? CHECKPOINT_INTERVAL_MS;
    this.sync = options.sync ?? fsyncAsync;
  }

  /** Why the store can no longer write, once an fsync failed; null while it can. */
  get brokenBy(): Error | null {
    return this.broken;
  }

  /** Commits the batch (one transaction) and resolves with each write's outcome once it is on disk; rejects the whole batch otherwise. */
  async run(batch: Write[]): Promise<Outcome[]> {
    // Started with the first write, so that it is up by the first checkpoint: a store only read from never starts it.
    this.checkpointer ??= new Checkpointer(this.db.name);
    if (this.checkpointing) await this.checkpointing;
    if (this.broken) throw this.broken;
    const outcomes = this.writer.run(batch);
    try {
      const first = this.wal === null;
      this.wal ??= openSync(`${this.db.name}-wal`, 'r+');
      await this.sync(this.wal);
      if (first) await this.syncDirectory();
    } catch (error) {
      this.broken = new SqliteStorageBrokenError(`the SQLite WAL could not be synced to disk: ${String(error)}`, { cause: error });
      throw this.broken;
    }
    if (performance.now() - this.lastCheckpoint >= this.intervalMs) {
      this.checkpointing = this.checkpoint().finally(() => {
        this.checkpointing = null;
      });
    }
    return outcomes;
  }

  /** Waits for a running checkpoint, then ends the thread and lets the WAL file go (the connection is the caller's). */
  async close(): Promise<void> {
    await this.checkpointing;
    await this.checkpointer?.close();
    if (this.wal !== null) closeSync(this.wal);
    this.wal = null;
  }

  /**
   * The WAL file may be new (SQLite creates it with the first write and deletes it when its last connection
   * closes): its name in the directory must be on disk too, as SQLite sees to itself with synchronous=FULL.
   */
  private async syncDirectory(): Promise<void> {
    const dir = openSync(path.dirname(this.db.name), 'r');
    try {
      await this.sync(dir);
    } finally {
      closeSync(dir);
    }
  }

  private async checkpoint(): Promise<void> {
    try {
      if (this.checkpointer?.alive) await this.checkpointer.run();
      // Without its thread the WAL is still copied, on this one: slower, but it never grows without bound.
      else this.db.pragma('wal_checkpoint(PASSIVE)');
      this.checkpoints++;
    } catch {
      // One that did not finish (the thread died in it, say) is done again an interval later: the WAL keeps every frame meanwhile.
    }
    this.lastCheckpoint = performance.now();
  }
}
