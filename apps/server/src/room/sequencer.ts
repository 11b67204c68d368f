/**
 * The page's order of patches: its version, the recent log that stale patches
 * are transformed past (bounded by count and by bytes, so a room of huge
 * patches cannot hold gigabytes), and the opIds it has acknowledged, each with
 * its author, for exactly-once.
 */
import { jsonSize, type Operation, subtreesOf } from '@tandem/protocol';
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

/** A logged entry with what the log keeps about it. */
interface Logged {
  entry: LogEntry;
  bytes: number;
  /** Its subtrees (T17), or null when it may touch any. */
  subtrees: Set<string> | null;
  /** When it is one `replace` and nothing else, its pointer (see `relatedAfter`). */
  replaces: string | null;
}

export class Sequencer {
  version: number;
  /** Consecutive versions, oldest first. */
  private readonly recent: Logged[] = [];
  private recentBytes = 0;
  /**
   * T17's index of the log: for each subtree, the versions of the entries that
   * touch it, oldest first; and the versions of those that may touch any. A stale
   * patch is carried past these alone, so what it costs grows with the patches
   * that share a subtree with it, not with how far behind it is.
   */
  private readonly bySubtree = new Map<string, number[]>();
  private readonly unscoped: number[] = [];
  /** The same entries but the single replaces, by subtree; and the single replaces, by pointer. */
  private readonly othersBySubtree = new Map<string, number[]>();
  private readonly byReplaced = new Map<string, number[]>();
  /** When the newest entry the log let go of (to stay within its bounds) was logged (L9: how much time the log holds). */
  private droppedTs: number | undefined;
  /** opId → what was acknowledged under it, oldest first (a Map keeps insertion order). */
  private readonly ops = new Map<string, OpRecord>();
  /**
   * The same for opIds acknowledged without an entry of their own (nothing was left
   * of the patch, or the store knew it), in a window of their own: were they in
   * `ops`, a stream of them would push out the opIds of entries still in the log,
   * and a patch re-sent on a base the log holds would be applied a second time.
   */
  private readonly unlogged = new Map<string, OpRecord>();

  constructor(
    version: number,
    log: readonly LogEntry[],
    private readonly options: SequencerOptions,
  ) {
    this.version = version;
    for (const entry of log.slice(-options.recentLogSize)) this.log(entry, jsonSize(entry.patches));
    for (const entry of log.slice(-options.opIdRetention))
      this.ops.set(entry.opId, { version: entry.version, author: options.authorsFromLog ? entry.senderId : null, digest: null });
  }

  /** Whether the log in memory reaches back to `version`: a patch based on it can be transformed. */
  holds(version: number): boolean {
    return version <= this.version && version >= 0 && this.version - version <= this.recent.length;
  }

  /** The logged entries after `version` (a copy), or null when the log in memory no longer reaches back that far. */
  entriesAfter(version: number): LogEntry[] | null {
    if (!this.holds(version)) return null;
    const out: LogEntry[] = [];
    for (let i = this.recent.length - (this.version - version); i < this.recent.length; i++) out.push((this.recent[i] as Logged).entry);
    return out;
  }

  /**
   * The logged entries after `version` that may touch a patch of these subtrees
   * (`subtreesOf`; null: any), in order; null when the log no longer reaches back
   * that far. Carrying the patch past these alone gives exactly what carrying it
   * past every entry gives (T17).
   */
  relatedAfter(version: number, ops: readonly Operation[]): LogEntry[] | null {
    if (!this.holds(version)) return null;
    if (version === this.version) return [];
    const subtrees = subtreesOf(ops);
    if (subtrees === null) return this.entriesAfter(version);
    const lone = ops.length === 1 && ops[0]?.op === 'replace' ? ops[0].path : null;
    const subtree = [...subtrees][0] as string;
    if (lone !== null && !after(this.unscoped, version) && !after(this.othersBySubtree.get(subtree), version)) {
      // One replace, behind only single replaces in its subtree (one person's edits in flight, say): past one
      // of another location it is unchanged (T17), and so it stays unless one replaced an ancestor of its
      // location (T6). Only those are carried past: what it costs does not grow with how far behind it is.
      const ancestors: (number[] | undefined)[] = [];
      for (let i = lone.indexOf('/', subtree.length); i !== -1; i = lone.indexOf('/', i + 1))
        ancestors.push(this.byReplaced.get(lone.slice(0, i)));
      return this.pick(version, ancestors);
    }
    return this.pick(version, [this.unscoped, ...[...subtrees].map((s) => this.bySubtree.get(s))]);
  }

  /** The entries after `version` among the versions of `lists` (each oldest first), in order, each once. */
  private pick(version: number, from: readonly (readonly number[] | undefined)[]): LogEntry[] {
    const versions: number[] = [];
    let lists = 0;
    for (const list of from) {
      if (!list || list.length === 0 || (list.at(-1) as number) <= version) continue;
      lists++;
      for (let i = list.length - 1; i >= 0 && (list[i] as number) > version; i--) versions.push(list[i] as number);
    }
    // Each list was read newest first; several may name one entry.
    versions.sort((a, b) => a - b);
    const first = (this.recent[0] as Logged).entry.version;
    const out: LogEntry[] = [];
    for (let i = 0; i < versions.length; i++) {
      if (lists > 1 && versions[i] === versions[i - 1]) continue;
      out.push((this.recent[(versions[i] as number) - first] as Logged).entry);
    }
    return out;
  }

  findOp(opId: string): OpRecord | undefined {
    return this.ops.get(opId) ?? this.unlogged.get(opId);
  }

  /** Whether `opId` is known as an entry of its own (not as one acknowledged without one). */
  isLogged(opId: string): boolean {
    return this.ops.has(opId);
  }

  /** An opId acknowledged with no entry of its own (see `unlogged`). */
  rememberOp(opId: string, record: OpRecord): void {
    remember(this.unlogged, opId, record, this.options.opIdRetention);
  }

  /** Records an accepted entry (its version is the new version of the page); `bytes` is its size. */
  append(entry: LogEntry, bytes: number, author: string, digest: string | null): void {
    this.version = entry.version;
    this.log(entry, bytes);
    remember(this.ops, entry.opId, { version: entry.version, author, digest }, this.options.opIdRetention);
  }

  /** Forgets every entry and opId after `version` (they were never stored: a rebase does them again). */
  truncate(version: number): void {
    while ((this.recent.at(-1)?.entry.version ?? -1) > version) {
      const gone = this.recent.pop() as Logged;
      this.recentBytes -= gone.bytes;
      this.unindex(gone, 'newest');
    }
    for (const records of [this.ops, this.unlogged]) for (const [opId, record] of records) if (record.version > version) records.delete(opId);
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
    return this.recent[0]?.entry.ts;
  }

  private log(entry: LogEntry, bytes: number): void {
    const only = entry.patches.length === 1 ? entry.patches[0] : undefined;
    const logged: Logged = { entry, bytes, subtrees: subtreesOf(entry.patches), replaces: only?.op === 'replace' ? only.path : null };
    this.recent.push(logged);
    this.recentBytes += bytes;
    if (logged.subtrees === null) this.unscoped.push(entry.version);
    for (const [map, key] of this.keysOf(logged)) {
      const list = map.get(key);
      if (list) list.push(entry.version);
      else map.set(key, [entry.version]);
    }
    while (this.recent.length > 1 && (this.recent.length > this.options.recentLogSize || this.recentBytes > this.options.recentLogBytes)) {
      const dropped = this.recent.shift() as Logged;
      this.droppedTs = dropped.entry.ts;
      this.recentBytes -= dropped.bytes;
      this.unindex(dropped, 'oldest');
    }
  }

  /** The index's lists a scoped entry is in: each of its subtrees', and its pointer's or (not a single replace) its subtrees' others. */
  private keysOf(logged: Logged): [Map<string, number[]>, string][] {
    if (logged.subtrees === null) return [];
    const keys: [Map<string, number[]>, string][] = [...logged.subtrees].map((s) => [this.bySubtree, s]);
    if (logged.replaces !== null) keys.push([this.byReplaced, logged.replaces]);
    else for (const subtree of logged.subtrees) keys.push([this.othersBySubtree, subtree]);
    return keys;
  }

  /** Takes an entry leaving the log out of the index: the oldest is first in its lists, the newest last. */
  private unindex(logged: Logged, end: 'oldest' | 'newest'): void {
    if (logged.subtrees === null) return void (end === 'oldest' ? this.unscoped.shift() : this.unscoped.pop());
    for (const [map, key] of this.keysOf(logged)) {
      const list = map.get(key);
      if (!list) continue;
      if (end === 'oldest') list.shift();
      else list.pop();
      if (list.length === 0) map.delete(key);
    }
  }
}

/** Whether a list of versions (oldest first) has one after `version`. */
function after(list: readonly number[] | undefined, version: number): boolean {
  return list !== undefined && list.length > 0 && (list.at(-1) as number) > version;
}

/** Into a window of at most `size` opIds: the oldest goes first. */
function remember(records: Map<string, OpRecord>, opId: string, record: OpRecord, size: number): void {
  records.set(opId, record);
  if (records.size > size) records.delete(records.keys().next().value as string);
}
