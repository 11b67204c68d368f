/**
 * Pages in one SQLite file (better-sqlite3), the default: nothing to install or
 * configure. WAL mode, and a commit is on disk before it is acknowledged: it
 * survives a crash or a power cut.
 *
 * Writes are gathered by the CommitQueue into batches (group commit: one
 * fsync for every write that arrived while the previous batch was on its way
 * to disk) and committed by sqlite-commit.ts: the statements on this thread,
 * the fsync on libuv's thread pool and checkpoints in a thread of their own,
 * so the event loop never waits for the disk. Reads are synchronous on the
 * same connection: a write's promise resolves only after its commit, so
 * whatever a caller awaited is visible to its next read.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PageDocument } from '@tandem/protocol';
import Database from 'better-sqlite3';
import { CommitQueue } from './commit-queue.ts';
import { labelOf, type StoredLabel } from './labels.ts';
import { DOCUMENT_FORMATS, type DocumentFormats, pendingMigrations, SQLITE_MIGRATIONS } from './migrations.ts';
import {
  DEFAULT_LOG_RETENTION,
  entryToRow,
  type PageRows,
  parseAuthors,
  rebuild,
  recentEntries,
  titleOf,
} from './rows.ts';
import { type LiveRow, type PageRow, type Statements, statements } from './sqlite-statements.ts';
import { type CommitterOptions, SqliteCommitter } from './sqlite-commit.ts';
import type { Write } from './sqlite-writer.ts';
import {
  type AppendOptions,
  type CreateResult,
  type ListPagesOptions,
  type LoadOptions,
  type LogEntry,
  type PageInfo,
  type PageStorage,
  PageUnreadableError,
  type StorageOptions,
  type StoredPage,
  type VersionInfo,
} from './storage.ts';
import {
  type LivePublication,
  type NewPublication,
  PUBLICATION_RETENTION,
  type PublicationInfo,
  type PublicationListing,
} from './publications.ts';

/** SQLite's own options beside the common ones (for tests: how often it checkpoints, how it syncs). */
export type SqliteOptions = StorageOptions & CommitterOptions;

export class SqliteStorage implements PageStorage {
  private readonly queue: CommitQueue<void, Write>;
  private readonly committer: SqliteCommitter;
  private access: Database.Database | null = null;
  private readonly logRetention: number;
  private readonly publicationRetention: number;
  private readonly formats: DocumentFormats;
  private readonly now: () => number;
  private readonly sql: Statements;

  /** Opens (creating when needed) the database file and brings its schema up to date. */
  static open(file: string, options: SqliteOptions = {}): SqliteStorage {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file);
    try {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`SQLite refused WAL mode for ${file} (journal_mode is ${String(mode)})`);
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      migrate(db);
      // From here on each batch's commit is made durable by its own fsync, off the event loop, and checkpoints run in a
      // thread (sqlite-commit.ts): SQLite itself neither syncs a commit nor checkpoints inside one.
      db.pragma('synchronous = NORMAL');
      db.pragma('wal_autocheckpoint = 0');
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteStorage(db, options);
  }

  private constructor(
    readonly db: Database.Database,
    options: SqliteOptions,
  ) {
    this.logRetention = options.logRetention ?? DEFAULT_LOG_RETENTION;
    this.publicationRetention = options.publicationRetention ?? PUBLICATION_RETENTION;
    this.formats = options.formats ?? DOCUMENT_FORMATS;
    this.now = options.now ?? Date.now;
    this.sql = statements(db);
    const config = { logRetention: this.logRetention, publicationRetention: this.publicationRetention, format: this.formats.current };
    this.committer = new SqliteCommitter(db, this.sql, config, options);
    this.queue = new CommitQueue<void, Write>((batch) => this.committer.run(batch));
  }

  /** Transactions committed and writes they held (for benchmarks and tests of group commit). */
  get commits(): { transactions: number; writes: number } {
    return { transactions: this.queue.transactions, writes: this.queue.writes };
  }

  /**
   * A connection of its own for what is written beside the commit queue (the
   * access store: accounts, sessions, members, links), with synchronous=FULL:
   * each of its commits is on disk when its statement returns, as it was
   * before page writes got an fsync of their own (which this connection's
   * writes, synchronous on this thread like the queue's, never overlap).
   */
  get accessDb(): Database.Database {
    if (!this.access) {
      const db = new Database(this.db.name);
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      this.access = db;
    }
    return this.access;
  }

  /** Checkpoints of the WAL run so far (for tests). */
  get checkpoints(): number {
    return this.committer.checkpoints;
  }

  /**
   * The page, for a room to edit. Not once an fsync failed (sqlite-commit.ts): the
   * batch it failed on is committed, so it would be read back as stored, and a
   * patch its author sends again would be acknowledged from it without ever
   * having reached the disk. Nothing could be written there anyway.
   */
  async load(pageId: string, options: LoadOptions = {}): Promise<StoredPage | null> {
    const broken = this.committer.brokenBy;
    if (broken) throw broken;
    const page = this.live(pageId);
    if (!page) return null;
    const rebuilt = await rebuild(pageId, page.version, this.rows(pageId), this.formats);
    if (!rebuilt) throw new PageUnreadableError(pageId, [`the log after the newest snapshot does not reach version ${page.version}`]);
    const recent = this.sql.lastEntries.all(pageId, options.logLimit ?? -1).reverse();
    return { ...rebuilt, version: page.version, log: recentEntries(recent, this.formats) };
  }

  createIfMissing(pageId: string, doc: PageDocument): Promise<CreateResult> {
    return this.queue.submit({ kind: 'create', pageId, title: titleOf(doc), doc: JSON.stringify(doc), now: this.now() });
  }

  append(pageId: string, entries: readonly LogEntry[], options: AppendOptions = {}): Promise<void> {
    // Serialized now: the caller's objects may change once this returns.
    const rows = entries.map((e) => entryToRow(e, this.formats.current));
    const snapshot = options.snapshot ? JSON.stringify(options.snapshot) : null;
    return this.queue.submit({ kind: 'append', pageId, rows, title: options.title ?? null, snapshot, now: this.now() });
  }

  writeSnapshot(pageId: string, version: number, doc: PageDocument): Promise<void> {
    return this.queue.submit({ kind: 'snapshot', pageId, version, doc: JSON.stringify(doc), now: this.now() });
  }

  async findOp(pageId: string, opId: string): Promise<number | null> {
    return this.sql.findOp.get(pageId, opId)?.version ?? null;
  }

  async getPage(pageId: string): Promise<PageInfo | null> {
    const row = this.sql.page.get(pageId);
    return row ? toInfo(row) : null;
  }

  async listPages(options: ListPagesOptions = {}): Promise<PageInfo[]> {
    const { after, limit } = options;
    const rows = after
      ? this.sql.livePagesAfter.all(after.updatedAt, after.updatedAt, after.id, limit ?? -1)
      : this.sql.livePages.all(limit ?? -1);
    return rows.map(toInfo);
  }

  deletePage(pageId: string): Promise<boolean> {
    return this.queue.submit({ kind: 'delete', pageId, now: this.now() });
  }

  async listVersions(pageId: string): Promise<VersionInfo[]> {
    if (!this.live(pageId)) return [];
    return this.sql.versions.all(pageId).map((v) => ({ version: v.version, ts: v.ts, authors: parseAuthors(v.authors), ...labelOf(v) }));
  }

  labelVersion(pageId: string, version: number, label: StoredLabel): Promise<void> {
    return this.queue.submit({ kind: 'label', pageId, version, label: { ...label } });
  }

  async loadVersion(pageId: string, version?: number): Promise<{ doc: PageDocument; version: number } | null> {
    const page = this.live(pageId);
    if (!page) return null;
    const target = version ?? page.version;
    if (target > page.version || target < 0) return null;
    const rebuilt = await rebuild(pageId, target, this.rows(pageId), this.formats);
    return rebuilt && { doc: rebuilt.doc, version: target };
  }

  publish(pageId: string, publication: NewPublication): Promise<PublicationInfo> {
    const { version, publishedBy, html, etag } = publication;
    return this.queue.submit({ kind: 'publish', pageId, version, publishedBy, html, etag, now: this.now() });
  }

  async listPublications(pageId: string): Promise<PublicationListing[]> {
    if (!this.live(pageId)) return [];
    return this.sql.publications.all(pageId).map((row) => ({ ...row, live: row.live === 1 }));
  }

  setLivePublication(pageId: string, number: number | null): Promise<boolean> {
    return this.queue.submit({ kind: 'setLive', pageId, number });
  }

  async readLivePublication(pageId: string): Promise<LivePublication> {
    const row = this.sql.livePublication.get(pageId);
    if (!row) return { state: 'unknown' };
    if (row.deletedAt !== null) return { state: 'deleted' };
    if (row.number === null) return { state: 'unpublished' };
    const { number, version, publishedAt, publishedBy, html, etag } = row as LiveRow & { number: number };
    return { state: 'live', publication: { number, version, publishedAt, publishedBy }, html, etag };
  }

  async close(): Promise<void> {
    await this.queue.idle();
    await this.committer.close();
    if (this.access?.open) this.access.close();
    if (this.db.open) this.db.close();
  }

  private live(pageId: string): PageRow | undefined {
    const page = this.sql.page.get(pageId);
    return page && page.deleted_at === null ? page : undefined;
  }

  private rows(pageId: string): PageRows {
    return {
      snapshotVersions: (atMost) => this.sql.snapshotVersions.all(pageId, atMost).map((r) => r.version),
      snapshot: (version) => this.sql.snapshot.get(pageId, version),
      entries: (after, upTo) => this.sql.entries.all(pageId, after, upTo),
    };
  }

}

function toInfo(row: PageRow): PageInfo {
  return {
    id: row.id,
    title: row.title,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

/** Applies the schema steps not yet applied, in one transaction. */
function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS tandem_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  db.transaction(() => {
    const applied = (db.prepare('SELECT max(version) AS v FROM tandem_migrations').get() as { v: number | null }).v ?? 0;
    for (const step of pendingMigrations(applied, SQLITE_MIGRATIONS)) {
      db.exec(step.sql);
      db.prepare('INSERT INTO tandem_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(step.version, step.name, Date.now());
    }
  }).immediate();
}
