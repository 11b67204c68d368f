/**
 * Pages in one SQLite file (better-sqlite3), the default: nothing to install or
 * configure. WAL mode with synchronous=FULL, so a commit is on disk before the
 * call returns and survives a crash or a power cut; readers never wait for the
 * writer. better-sqlite3 is synchronous, which suits SQLite (each call is a few
 * microseconds, the fsync aside): writes are grouped per event-loop turn by the
 * CommitQueue so that one fsync covers them all.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PageDocument } from '@tandem/protocol';
import Database from 'better-sqlite3';
import { CommitQueue, type Outcome, type Work } from './commit-queue.ts';
import { DOCUMENT_FORMATS, type DocumentFormats, pendingMigrations, SQLITE_MIGRATIONS } from './migrations.ts';
import {
  authorsOf,
  compactionLimit,
  DEFAULT_LOG_RETENTION,
  type EntryRow,
  entryToRow,
  type PageRows,
  parseAuthors,
  rebuild,
  recentEntries,
  type SnapshotRow,
  titleOf,
} from './rows.ts';
import {
  type AppendOptions,
  type CreateResult,
  type ListPagesOptions,
  type LoadOptions,
  type LogEntry,
  type PageInfo,
  type PageStorage,
  PageUnreadableError,
  StorageConflictError,
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

interface PageRow {
  id: string;
  title: string;
  version: number;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

const ENTRY_COLUMNS = 'version, op_id AS opId, sender_id AS senderId, user_name AS userName, patches, format, ts';

export class SqliteStorage implements PageStorage {
  private readonly queue: CommitQueue<void>;
  private readonly logRetention: number;
  private readonly publicationRetention: number;
  private readonly formats: DocumentFormats;
  private readonly now: () => number;
  private readonly sql: ReturnType<typeof statements>;

  /** Opens (creating when needed) the database file and brings its schema up to date. */
  static open(file: string, options: StorageOptions = {}): SqliteStorage {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file);
    try {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`SQLite refused WAL mode for ${file} (journal_mode is ${String(mode)})`);
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteStorage(db, options);
  }

  private constructor(
    readonly db: Database.Database,
    options: StorageOptions,
  ) {
    this.logRetention = options.logRetention ?? DEFAULT_LOG_RETENTION;
    this.publicationRetention = options.publicationRetention ?? PUBLICATION_RETENTION;
    this.formats = options.formats ?? DOCUMENT_FORMATS;
    this.now = options.now ?? Date.now;
    this.sql = statements(db);
    const savepoint = db.transaction((work: Work<void>) => work());
    const transaction = db.transaction((batch: Work<void>[]): Outcome[] =>
      batch.map((work) => {
        try {
          return { ok: true, value: savepoint(work) };
        } catch (error) {
          // SQLite rolled the whole transaction back (SQLITE_FULL, …): fail the batch.
          if (!db.inTransaction) throw error;
          return { ok: false, error };
        }
      }),
    );
    this.queue = new CommitQueue<void>(async (batch) => transaction(batch));
  }

  /** Transactions committed and writes they held (for benchmarks and tests of group commit). */
  get commits(): { transactions: number; writes: number } {
    return { transactions: this.queue.transactions, writes: this.queue.writes };
  }

  async load(pageId: string, options: LoadOptions = {}): Promise<StoredPage | null> {
    const page = this.live(pageId);
    if (!page) return null;
    const rebuilt = await rebuild(pageId, page.version, this.rows(pageId), this.formats);
    if (!rebuilt) throw new PageUnreadableError(pageId, [`the log after the newest snapshot does not reach version ${page.version}`]);
    const recent = this.sql.lastEntries.all(pageId, options.logLimit ?? -1).reverse();
    return { ...rebuilt, version: page.version, log: recentEntries(recent, this.formats) };
  }

  createIfMissing(pageId: string, doc: PageDocument): Promise<CreateResult> {
    const text = JSON.stringify(doc);
    const title = titleOf(doc);
    return this.queue.run((): CreateResult => {
      const existing = this.sql.page.get(pageId);
      if (existing) return existing.deleted_at === null ? 'exists' : 'deleted';
      const now = this.now();
      this.sql.insertPage.run(pageId, title, now, now);
      this.sql.putSnapshot.run(pageId, 0, this.formats.current, text, '[]', now);
      return 'created';
    });
  }

  append(pageId: string, entries: readonly LogEntry[], options: AppendOptions = {}): Promise<void> {
    // Serialized now: the caller's objects may change once this returns.
    const rows = entries.map((e) => entryToRow(e, this.formats.current));
    const snapshot = options.snapshot ? JSON.stringify(options.snapshot) : null;
    return this.queue.run(() => {
      const page = this.live(pageId);
      if (!page) throw new StorageConflictError(`append to ${pageId}, which does not exist or was deleted`);
      const last = rows.at(-1);
      if (!last) return;
      rows.forEach((row, i) => {
        if (row.version !== page.version + 1 + i) {
          throw new StorageConflictError(`append to ${pageId} at version ${row.version}, expected ${page.version + 1 + i}`);
        }
        try {
          this.sql.insertEntry.run(pageId, row.version, row.opId, row.senderId, row.userName, row.patches, row.format, row.ts);
        } catch (error) {
          if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
            throw new StorageConflictError(`opId ${row.opId} is already stored for ${pageId}`);
          }
          throw error;
        }
      });
      this.sql.updatePage.run(last.version, last.ts, options.title ?? null, pageId);
      if (snapshot !== null) this.putSnapshot(pageId, last.version, last.version, snapshot);
    });
  }

  writeSnapshot(pageId: string, version: number, doc: PageDocument): Promise<void> {
    const text = JSON.stringify(doc);
    return this.queue.run(() => {
      const page = this.live(pageId);
      if (!page) throw new StorageConflictError(`snapshot of ${pageId}, which does not exist or was deleted`);
      if (version > page.version || version < 0)
        throw new StorageConflictError(`snapshot of ${pageId} at ${version}, beyond ${page.version}`);
      this.putSnapshot(pageId, page.version, version, text);
    });
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
    return this.queue.run(() => {
      if (this.sql.tombstone.run(this.now(), pageId).changes === 0) return false;
      this.sql.deleteEntries.run(pageId);
      this.sql.deleteSnapshots.run(pageId);
      this.sql.deletePublications.run(pageId);
      this.sql.setLive.run(pageId, null);
      return true;
    });
  }

  async listVersions(pageId: string): Promise<VersionInfo[]> {
    if (!this.live(pageId)) return [];
    return this.sql.versions.all(pageId).map((v) => ({ version: v.version, ts: v.ts, authors: parseAuthors(v.authors) }));
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
    return this.queue.run((): PublicationInfo => {
      if (!this.live(pageId)) throw new StorageConflictError(`publish ${pageId}, which does not exist or was deleted`);
      const number = (this.sql.lastPublication.get(pageId)?.number ?? 0) + 1;
      const info = { number, version: publication.version, publishedAt: this.now(), publishedBy: publication.publishedBy };
      this.sql.insertPublication.run(pageId, number, info.version, info.publishedAt, info.publishedBy, publication.html, publication.etag);
      this.sql.setLive.run(pageId, number);
      this.sql.prunePublications.run(pageId, number - this.publicationRetention);
      return info;
    });
  }

  async listPublications(pageId: string): Promise<PublicationListing[]> {
    if (!this.live(pageId)) return [];
    return this.sql.publications.all(pageId).map((row) => ({ ...row, live: row.live === 1 }));
  }

  setLivePublication(pageId: string, number: number | null): Promise<boolean> {
    return this.queue.run((): boolean => {
      if (!this.live(pageId)) return false;
      if (number !== null && !this.sql.publication.get(pageId, number)) return false;
      this.sql.setLive.run(pageId, number);
      return true;
    });
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

  /** Inside a transaction: stores the snapshot, with who edited since the one before, then compacts the log. */
  private putSnapshot(pageId: string, head: number, version: number, text: string): void {
    const versions = this.sql.snapshotVersions.all(pageId, head).map((r) => r.version);
    const previous = versions.find((v) => v < version) ?? -1;
    const authors = authorsOf(this.sql.entries.all(pageId, previous, version));
    const ts = this.sql.entryTs.get(pageId, version)?.ts ?? this.now();
    this.sql.putSnapshot.run(pageId, version, this.formats.current, text, authors, ts);
    const all = [...new Set([...versions, version])].sort((a, b) => b - a);
    const limit = compactionLimit(head, all, this.logRetention);
    if (limit > 0) this.sql.compact.run(pageId, limit);
  }
}

/** Every statement, prepared once. */
function statements(db: Database.Database) {
  return {
    page: db.prepare<[string], PageRow>('SELECT id, title, version, created_at, updated_at, deleted_at FROM pages WHERE id = ?'),
    livePages: db.prepare<[number], PageRow>(
      'SELECT id, title, version, created_at, updated_at, deleted_at FROM pages WHERE deleted_at IS NULL ORDER BY updated_at DESC, id LIMIT ?',
    ),
    // Keyset paging: where the page before ended, in the same order, without counting what came before.
    livePagesAfter: db.prepare<[number, number, string, number], PageRow>(
      `SELECT id, title, version, created_at, updated_at, deleted_at FROM pages
       WHERE deleted_at IS NULL AND (updated_at < ? OR (updated_at = ? AND id > ?)) ORDER BY updated_at DESC, id LIMIT ?`,
    ),
    insertPage: db.prepare('INSERT INTO pages (id, title, version, created_at, updated_at) VALUES (?, ?, 0, ?, ?)'),
    updatePage: db.prepare('UPDATE pages SET version = ?, updated_at = ?, title = coalesce(?, title) WHERE id = ?'),
    tombstone: db.prepare('UPDATE pages SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL'),
    insertEntry: db.prepare(
      'INSERT INTO patches (page_id, version, op_id, sender_id, user_name, patches, format, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    entries: db.prepare<[string, number, number], EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM patches WHERE page_id = ? AND version > ? AND version <= ? ORDER BY version`,
    ),
    lastEntries: db.prepare<[string, number], EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM patches WHERE page_id = ? ORDER BY version DESC LIMIT ?`,
    ),
    entryTs: db.prepare<[string, number], { ts: number }>('SELECT ts FROM patches WHERE page_id = ? AND version = ?'),
    findOp: db.prepare<[string, string], { version: number }>('SELECT version FROM patches WHERE page_id = ? AND op_id = ?'),
    compact: db.prepare('DELETE FROM patches WHERE page_id = ? AND version <= ?'),
    deleteEntries: db.prepare('DELETE FROM patches WHERE page_id = ?'),
    snapshotVersions: db.prepare<[string, number], { version: number }>(
      'SELECT version FROM snapshots WHERE page_id = ? AND version <= ? ORDER BY version DESC',
    ),
    snapshot: db.prepare<[string, number], SnapshotRow>(
      'SELECT version, format, doc, authors, ts FROM snapshots WHERE page_id = ? AND version = ?',
    ),
    versions: db.prepare<[string], { version: number; ts: number; authors: string }>(
      'SELECT version, ts, authors FROM snapshots WHERE page_id = ? ORDER BY version DESC',
    ),
    putSnapshot: db.prepare(
      `INSERT INTO snapshots (page_id, version, format, doc, authors, ts) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (page_id, version) DO UPDATE SET format = excluded.format, doc = excluded.doc, authors = excluded.authors, ts = excluded.ts`,
    ),
    deleteSnapshots: db.prepare('DELETE FROM snapshots WHERE page_id = ?'),
    ...publicationStatements(db),
  };
}

interface LiveRow {
  deletedAt: number | null;
  number: number | null;
  version: number;
  publishedAt: number;
  publishedBy: string;
  html: string;
  etag: string;
}

const PUBLICATION_COLUMNS = 'number, version, published_at AS publishedAt, published_by AS publishedBy';

function publicationStatements(db: Database.Database) {
  return {
    lastPublication: db.prepare<[string], { number: number }>('SELECT max(number) AS number FROM publications WHERE page_id = ?'),
    insertPublication: db.prepare(
      'INSERT INTO publications (page_id, number, version, published_at, published_by, html, etag) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    publication: db.prepare<[string, number], { number: number }>('SELECT number FROM publications WHERE page_id = ? AND number = ?'),
    publications: db.prepare<[string], PublicationInfo & { live: number }>(
      `SELECT ${PUBLICATION_COLUMNS}, (number = (SELECT number FROM live_publications l WHERE l.page_id = p.page_id)) AS live
       FROM publications p WHERE page_id = ? ORDER BY number DESC`,
    ),
    // A null number unpublishes: the row goes, so that "no row" and "unpublished" are one state.
    setLive: ((unpublish, upsert) => ({
      run: (pageId: string, number: number | null) => (number === null ? unpublish.run(pageId) : upsert.run(pageId, number)),
    }))(
      db.prepare('DELETE FROM live_publications WHERE page_id = ?'),
      db.prepare(
        'INSERT INTO live_publications (page_id, number) VALUES (?, ?) ON CONFLICT (page_id) DO UPDATE SET number = excluded.number',
      ),
    ),
    livePublication: db.prepare<[string], LiveRow>(
      `SELECT pg.deleted_at AS deletedAt, pub.number, pub.version, pub.published_at AS publishedAt, pub.published_by AS publishedBy,
              pub.html, pub.etag
       FROM pages pg
       LEFT JOIN live_publications l ON l.page_id = pg.id
       LEFT JOIN publications pub ON pub.page_id = l.page_id AND pub.number = l.number
       WHERE pg.id = ?`,
    ),
    deletePublications: db.prepare('DELETE FROM publications WHERE page_id = ?'),
    prunePublications: db.prepare('DELETE FROM publications WHERE page_id = ? AND number <= ?'),
  };
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
