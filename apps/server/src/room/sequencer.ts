/**
 * The page's order of patches: its version, the recent log that stale patches
 * are transformed past (bounded by count and by bytes, so a room of huge
 * patches cannot hold gigabytes), and the opIds it has acknowledged, each with
 * its author, for exactly-once.
 */
import { jsonSize } from '@tandem/protocol';
import type { LogEntry } from '../storage/storage.ts';

/** What the room remembers of an acknowledged opId. */
export interface OpRecord {
  version: number;
  /** Who sent it; null when it was loaded from the store (authors do not survive a restart). */
  author: string | null;
  /** A digest of the patch exactly as its author sent it; null when unknown. */
  digest: string | null;
}

export interface SequencerOptions {
  /** Entries kept in memory at most (default 1,000). */
  recentLogSize: number;
  /** Bytes of entries kept in memory at most (the newest one always stays). */
  recentLogBytes: number;
  /** opIds remembered in memory, at least the log's length. */
  opIdRetention: number;
  /**
   * The logged entries' senders are their authors (accounts' ids): true when
   * the log comes from the database another process shares (a rebase, a catch-up).
   */
  authorsFromLog?: boolean;
}

export class Sequencer {
  version: number;
  private readonly recent: LogEntry[];
  private readonly sizes: number[];
  private recentBytes = 0;
  /** When the newest entry the log let go of (to stay within its bounds) was logged (L9: how much time the log holds). */
  private droppedTs: number | undefined;
  /** opId → what was acknowledged under it, oldest first (a Map keeps insertion order). */
  private readonly ops = new Map<string, OpRecord>();

  constructor(
    version: number,
    log: readonly LogEntry[],
    private readonly options: SequencerOptions,
  ) {
    this.version = version;
    this.recent = [];
    this.sizes = [];
    for (const entry of log.slice(-options.recentLogSize)) this.log(entry, jsonSize(entry.patches));
    for (const entry of log.slice(-options.opIdRetention))
      this.ops.set(entry.opId, { version: entry.version, author: options.authorsFromLog ? entry.senderId : null, digest: null });
  }

  /** The logged entries after `version`, or null when the log in memory no longer reaches back that far. */
  entriesAfter(version: number): LogEntry[] | null {
    if (version > this.version || version < 0) return null;
    const count = this.version - version;
    if (count > this.recent.length) return null;
    return this.recent.slice(this.recent.length - count);
  }

  /** The number of operations logged after `version` (the entries must be in memory). */
  opsAfter(entries: readonly LogEntry[]): number {
    let n = 0;
    for (const entry of entries) n += entry.patches.length;
    return n;
  }

  findOp(opId: string): OpRecord | undefined {
    return this.ops.get(opId);
  }

  rememberOp(opId: string, record: OpRecord): void {
    this.ops.set(opId, record);
    if (this.ops.size > this.options.opIdRetention) this.ops.delete(this.ops.keys().next().value as string);
  }

  /** Records an accepted entry (its version is the new version of the page); `bytes` is its size. */
  append(entry: LogEntry, bytes: number, author: string, digest: string | null): void {
    this.version = entry.version;
    this.log(entry, bytes);
    this.rememberOp(entry.opId, { version: entry.version, author, digest });
  }

  /** Forgets every entry and opId after `version` (they were never stored: a rebase does them again). */
  truncate(version: number): void {
    while ((this.recent.at(-1)?.version ?? -1) > version) {
      this.recent.pop();
      this.recentBytes -= this.sizes.pop() as number;
    }
    for (const [opId, record] of this.ops) if (record.version > version) this.ops.delete(opId);
    this.version = Math.min(this.version, version);
  }

  get logBytes(): number {
    return this.recentBytes;
  }

  get logLength(): number {
    return this.recent.length;
  }

  /** When the newest entry the log let go of was logged; undefined while it has let none go. */
  get lastDroppedTs(): number | undefined {
    return this.droppedTs;
  }

  /** When the oldest entry in memory was logged. */
  get oldestTs(): number | undefined {
    return this.recent[0]?.ts;
  }

  private log(entry: LogEntry, bytes: number): void {
    this.recent.push(entry);
    this.sizes.push(bytes);
    this.recentBytes += bytes;
    while (this.recent.length > 1 && (this.recent.length > this.options.recentLogSize || this.recentBytes > this.options.recentLogBytes)) {
      this.droppedTs = this.recent.shift()?.ts;
      this.recentBytes -= this.sizes.shift() as number;
    }
  }
}
