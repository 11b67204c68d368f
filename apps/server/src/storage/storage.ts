/**
 * Where pages live. The room and the HTTP API depend on this interface only;
 * three implementations pass one contract suite (contract.ts): MemoryStorage
 * (tests, simulations), SqliteStorage (the default, a file in DATA_DIR) and
 * PostgresStorage (when DATABASE_URL is set).
 *
 * A page is stored as snapshots (the whole document at some versions) and a log
 * of the patches accepted after them. Loading takes the newest snapshot that
 * rebuilds into a valid document and replays the log after it; a snapshot every
 * so often keeps that replay short, and log entries older than the retention
 * window (and covered by two snapshots) are compacted away.
 */
import type { Operation, PageDocument, PatchOrigin, VersionLabel } from '@tandem/protocol';
import type { StoredLabel } from './labels.ts';
import type { DocumentFormats } from './migrations.ts';
import type { PublicationStorage } from './publications.ts';

/** One accepted patch, as the room ordered it. */
export interface LogEntry {
  version: number;
  opId: string;
  senderId: string;
  /** The author's name at the time, for the page's history (absent for old entries and tests). */
  userName?: string;
  patches: Operation[];
  ts: number;
  /** What made a server-made patch (a restore), sent with it to the room; kept in memory only, not stored. */
  origin?: PatchOrigin;
}

export interface StoredPage {
  doc: PageDocument;
  version: number;
  /** The most recent entries, oldest first, ending at `version`; may be empty. */
  log: LogEntry[];
  /** The version of the snapshot the document was rebuilt from. */
  snapshotVersion: number;
  /**
   * What was wrong and worked around while rebuilding (say, an unreadable newest
   * snapshot, rebuilt from an older one and the log instead); empty when nothing was.
   */
  problems: string[];
  /** The stored document was in an older format and has been migrated: store a new snapshot. */
  upgraded: boolean;
}

/** What a page is, without its document. Times are milliseconds since the epoch. */
export interface PageInfo {
  id: string;
  title: string;
  version: number;
  createdAt: number;
  updatedAt: number;
  /** When the page was deleted; deleted pages keep this record so that their id stays taken. */
  deletedAt: number | null;
}

/** One stored snapshot, for the page's history: `authors` edited the page since the snapshot before. */
export interface VersionInfo {
  version: number;
  ts: number;
  authors: string[];
  /** What made this version (SPEC H1), when that was recorded. */
  label?: VersionLabel;
}

export interface AppendOptions {
  /** The page's title after these entries (the root's `title`), for the page list. */
  title?: string;
  /** The document after the last entry: stored as a snapshot in the same transaction. */
  snapshot?: PageDocument;
}

export type CreateResult = 'created' | 'exists' | 'deleted';

export interface LoadOptions {
  /** At most this many log entries in `StoredPage.log` (default: all that are kept). */
  logLimit?: number;
}

export interface ListPagesOptions {
  /** At most this many pages (default: every live page). */
  limit?: number;
  /** Only the pages after this one in the list's order: `updatedAt` descending, then `id` ascending (by code unit). */
  after?: { updatedAt: number; id: string };
}

/** Pages, their history, and their publications (publications.ts). */
export interface PageStorage extends PublicationStorage {
  /** The page at its latest version, or null when it does not exist or was deleted. Throws PageUnreadableError. */
  load(pageId: string, options?: LoadOptions): Promise<StoredPage | null>;
  /** Creates the page at version 0 with `doc` unless the id is taken (by a live or a deleted page). */
  createIfMissing(pageId: string, doc: PageDocument): Promise<CreateResult>;
  /**
   * Appends accepted patches: the first at the stored version + 1, each one after
   * the other. All of them (with the snapshot, when given) are stored in one
   * transaction, or none are; resolves once they are durable. A conflict (a gap,
   * a known opId, a deleted page) rejects with StorageConflictError.
   */
  append(pageId: string, entries: readonly LogEntry[], options?: AppendOptions): Promise<void>;
  /** Stores `doc` as the snapshot at `version` (at most the stored version); replaces one already there. */
  writeSnapshot(pageId: string, version: number, doc: PageDocument): Promise<void>;
  /** The version a stored patch was applied at, by its opId, or null when it is not in the kept log. */
  findOp(pageId: string, opId: string): Promise<number | null>;
  /** A page's record, deleted or not; null when the id was never used. */
  getPage(pageId: string): Promise<PageInfo | null>;
  /** Live pages, the most recently changed first (ties by id), a stretch of them with `options`. */
  listPages(options?: ListPagesOptions): Promise<PageInfo[]>;
  /** Deletes the page's document and history, keeping a record of the id; false when there was no live page. */
  deletePage(pageId: string): Promise<boolean>;
  /**
   * Records what made the version at `version` (SPEC H1), shown by `listVersions`
   * with the snapshot there. The first label of a version stands; nothing is
   * stored for an unknown or deleted page. Apart from the snapshot's own write:
   * a label that could not be stored leaves the version unlabelled, nothing more.
   */
  labelVersion(pageId: string, version: number, label: StoredLabel): Promise<void>;
  /** The stored snapshots of a live page, newest first ([] for an unknown page), with their labels. */
  listVersions(pageId: string): Promise<VersionInfo[]>;
  /**
   * The document at `version` (default: the latest), rebuilt from the snapshot
   * before it and the log; null when the page is unknown or the version is not
   * kept (ahead of the page, or inside a compacted stretch of log).
   */
  loadVersion(pageId: string, version?: number): Promise<{ doc: PageDocument; version: number } | null>;
  /** Finishes pending writes and releases files and connections. */
  close(): Promise<void>;
}

/**
 * What processes that share one store (PostgreSQL, with REDIS_URL) ask of it to
 * stay in step: where pages are, and the log after the version a room holds.
 * The database is the truth; pub/sub only says when to look.
 */
export interface SharedLog {
  /** The stored version of each of `pageIds` that is live (deleted and unknown pages are left out). */
  heads(pageIds: readonly string[]): Promise<Map<string, number>>;
  /**
   * The entries after `after`, oldest first, at most `limit`; null when the kept
   * log no longer reaches back to `after + 1` (compacted) or the page is gone.
   */
  entriesAfter(pageId: string, after: number, limit: number): Promise<LogEntry[] | null>;
  /** `findOp` with the patch's sender (its author's account), for exactly-once per author across processes. */
  findOpAuthor(pageId: string, opId: string): Promise<{ version: number; senderId: string } | null>;
}

/** A stored page that cannot be rebuilt: reported, never replaced by an empty page. */
export class PageUnreadableError extends Error {
  override readonly name = 'PageUnreadableError';
  constructor(
    readonly pageId: string,
    readonly problems: string[],
  ) {
    super(`page ${pageId} cannot be read: ${problems.join('; ')}`);
  }
}

/** A write that does not fit what is stored: a version gap, a repeated opId, a missing or deleted page. */
export class StorageConflictError extends Error {
  override readonly name = 'StorageConflictError';
}

/** Settings every implementation takes. */
export interface StorageOptions {
  /** Log entries always kept behind the latest version, for `since` catch-up and history (default 10,000). */
  logRetention?: number;
  /** Publications kept per page (default PUBLICATION_RETENTION, 50). */
  publicationRetention?: number;
  /** The document format and its migrations (tests pass their own). */
  formats?: DocumentFormats;
  /** The time for records (default Date.now). */
  now?: () => number;
}
