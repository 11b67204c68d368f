/**
 * Pages in PostgreSQL (node-postgres), for teams that run Tandem in production:
 * set DATABASE_URL. The schema is created or migrated at start-up, under an
 * advisory lock so that several servers starting at once do it once. Writes go
 * through the CommitQueue: one pooled connection, BEGIN, each write in a
 * savepoint, COMMIT; the COMMIT returns once PostgreSQL has made it durable.
 * Reads of a page run in one REPEATABLE READ transaction, so they see one state.
 */
import type { PageDocument } from '@tandem/protocol';
import pg from 'pg';
import { CommitQueue, type Outcome } from './commit-queue.ts';
import { LABEL_COLUMNS, type LabelRow, labelOf, type StoredLabel } from './labels.ts';
import { DOCUMENT_FORMATS, type DocumentFormats, POSTGRES_MIGRATIONS, pendingMigrations } from './migrations.ts';
import {
  type LivePublication,
  type NewPublication,
  PUBLICATION_RETENTION,
  type PublicationInfo,
  type PublicationListing,
} from './publications.ts';
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
  type SharedLog,
  StorageConflictError,
  type StorageOptions,
  type StoredPage,
  type VersionInfo,
} from './storage.ts';

type Client = pg.PoolClient;

export interface PostgresStorageOptions extends StorageOptions {
  /** Most connections the pool opens (default 10). */
  maxConnections?: number;
  /** Called with errors of idle pooled connections (a restarted database, say); they are replaced. */
  onIdleError?: (error: Error) => void;
}

interface PageRow {
  id: string;
  title: string;
  version: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

const PAGE_COLUMNS = 'id, title, version, created_at, updated_at, deleted_at';
const ENTRY_COLUMNS = 'version, op_id AS "opId", sender_id AS "senderId", user_name AS "userName", patches, format, ts';
/** Any constant: the key of the advisory lock held while the schema is migrated. */
const MIGRATION_LOCK = 7_482_316;

export class PostgresStorage implements PageStorage, SharedLog {
  private readonly queue: CommitQueue<Client>;
  private readonly logRetention: number;
  private readonly publicationRetention: number;
  private readonly formats: DocumentFormats;
  private readonly now: () => number;

  /** Connects, creates or migrates the schema, and returns the store. */
  static async open(connectionString: string, options: PostgresStorageOptions = {}): Promise<PostgresStorage> {
    const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 10 });
    // Without a listener, an idle connection's error (the database restarting) would crash the process.
    pool.on('error', (error) => options.onIdleError?.(error));
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStorage(pool, options);
  }

  private constructor(
    readonly pool: pg.Pool,
    options: PostgresStorageOptions,
  ) {
    this.logRetention = options.logRetention ?? DEFAULT_LOG_RETENTION;
    this.publicationRetention = options.publicationRetention ?? PUBLICATION_RETENTION;
    this.formats = options.formats ?? DOCUMENT_FORMATS;
    this.now = options.now ?? Date.now;
    this.queue = new CommitQueue<Client>((batch) => this.transaction(batch));
  }

  /** Transactions committed and writes they held (for benchmarks and tests of group commit). */
  get commits(): { transactions: number; writes: number } {
    return { transactions: this.queue.transactions, writes: this.queue.writes };
  }

  load(pageId: string, options: LoadOptions = {}): Promise<StoredPage | null> {
    return this.read(async (client) => {
      const page = await live(client, pageId);
      if (!page) return null;
      const rebuilt = await rebuild(pageId, page.version, this.rows(client, pageId), this.formats);
      if (!rebuilt) throw new PageUnreadableError(pageId, [`the log after the newest snapshot does not reach version ${page.version}`]);
      const recent = await client.query<EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM patches WHERE page_id = $1 ORDER BY version DESC LIMIT $2`,
        [pageId, options.logLimit ?? null],
      );
      return { ...rebuilt, version: page.version, log: recentEntries(recent.rows.map(entryRow).reverse(), this.formats) };
    });
  }

  createIfMissing(pageId: string, doc: PageDocument): Promise<CreateResult> {
    const text = JSON.stringify(doc);
    const title = titleOf(doc);
    return this.queue.run(async (client): Promise<CreateResult> => {
      const now = this.now();
      const inserted = await client.query(
        'INSERT INTO pages (id, title, version, created_at, updated_at) VALUES ($1, $2, 0, $3, $3) ON CONFLICT (id) DO NOTHING',
        [pageId, title, now],
      );
      if (inserted.rowCount === 0) {
        const existing = await client.query<{ deleted_at: string | null }>('SELECT deleted_at FROM pages WHERE id = $1', [pageId]);
        return existing.rows[0]?.deleted_at === null ? 'exists' : 'deleted';
      }
      await client.query('INSERT INTO snapshots (page_id, version, format, doc, authors, ts) VALUES ($1, 0, $2, $3, $4, $5)', [
        pageId,
        this.formats.current,
        text,
        '[]',
        now,
      ]);
      return 'created';
    });
  }

  append(pageId: string, entries: readonly LogEntry[], options: AppendOptions = {}): Promise<void> {
    // Serialized now: the caller's objects may change once this returns.
    const rows = entries.map((e) => entryToRow(e, this.formats.current));
    const snapshot = options.snapshot ? JSON.stringify(options.snapshot) : null;
    return this.queue.run(async (client) => {
      const first = rows[0];
      const last = rows.at(-1);
      if (!first || !last) {
        if (!(await live(client, pageId))) throw new StorageConflictError(`append to ${pageId}, which does not exist or was deleted`);
        return;
      }
      rows.forEach((row, i) => {
        if (row.version !== first.version + i) throw new StorageConflictError(`append to ${pageId}: versions are not consecutive`);
      });
      // The version check and the update in one statement: no other writer can slip in between.
      const updated = await client.query(
        'UPDATE pages SET version = $2, updated_at = $3, title = coalesce($4, title) WHERE id = $1 AND deleted_at IS NULL AND version = $5',
        [pageId, last.version, last.ts, options.title ?? null, first.version - 1],
      );
      if (updated.rowCount === 0) {
        const page = await live(client, pageId);
        if (!page) throw new StorageConflictError(`append to ${pageId}, which does not exist or was deleted`);
        throw new StorageConflictError(`append to ${pageId} at version ${first.version}, expected ${page.version + 1}`);
      }
      try {
        await client.query(
          `INSERT INTO patches (page_id, version, op_id, sender_id, user_name, patches, format, ts)
           SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::text[], $5::text[], $6::text[], $7::integer[], $8::bigint[])`,
          [
            pageId,
            rows.map((r) => r.version),
            rows.map((r) => r.opId),
            rows.map((r) => r.senderId),
            rows.map((r) => r.userName),
            rows.map((r) => r.patches),
            rows.map((r) => r.format),
            rows.map((r) => r.ts),
          ],
        );
      } catch (error) {
        if ((error as { code?: string }).code === '23505')
          throw new StorageConflictError(`an opId of this batch is already stored for ${pageId}`);
        throw error;
      }
      if (snapshot !== null) await this.putSnapshot(client, pageId, last.version, last.version, snapshot);
    });
  }

  writeSnapshot(pageId: string, version: number, doc: PageDocument): Promise<void> {
    const text = JSON.stringify(doc);
    return this.queue.run(async (client) => {
      const page = await live(client, pageId);
      if (!page) throw new StorageConflictError(`snapshot of ${pageId}, which does not exist or was deleted`);
      if (version > page.version || version < 0)
        throw new StorageConflictError(`snapshot of ${pageId} at ${version}, beyond ${page.version}`);
      await this.putSnapshot(client, pageId, page.version, version, text);
    });
  }

  async findOp(pageId: string, opId: string): Promise<number | null> {
    const result = await this.pool.query<{ version: number }>('SELECT version FROM patches WHERE page_id = $1 AND op_id = $2', [
      pageId,
      opId,
    ]);
    return result.rows[0]?.version ?? null;
  }

  async heads(pageIds: readonly string[]): Promise<Map<string, number>> {
    const heads = new Map<string, number>();
    if (pageIds.length === 0) return heads;
    const result = await this.pool.query<{ id: string; version: number }>(
      'SELECT id, version FROM pages WHERE id = ANY($1::text[]) AND deleted_at IS NULL',
      [pageIds],
    );
    for (const row of result.rows) heads.set(row.id, row.version);
    return heads;
  }

  async entriesAfter(pageId: string, after: number, limit: number): Promise<LogEntry[] | null> {
    const result = await this.pool.query<EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM patches WHERE page_id = $1 AND version > $2 ORDER BY version LIMIT $3`,
      [pageId, after, limit],
    );
    const rows = result.rows.map(entryRow);
    if (rows.length === 0) return (await this.getPage(pageId))?.deletedAt === null ? [] : null;
    if (rows[0]?.version !== after + 1) return null;
    const entries = recentEntries(rows, this.formats);
    // An entry of an older format stops the run: the room reloads the page instead (it migrates on load).
    return entries.length === rows.length ? entries : null;
  }

  async findOpAuthor(pageId: string, opId: string): Promise<{ version: number; senderId: string } | null> {
    const result = await this.pool.query<{ version: number; senderId: string }>(
      'SELECT version, sender_id AS "senderId" FROM patches WHERE page_id = $1 AND op_id = $2',
      [pageId, opId],
    );
    return result.rows[0] ?? null;
  }

  async getPage(pageId: string): Promise<PageInfo | null> {
    const result = await this.pool.query<PageRow>(`SELECT ${PAGE_COLUMNS} FROM pages WHERE id = $1`, [pageId]);
    return result.rows[0] ? toInfo(result.rows[0]) : null;
  }

  async listPages(options: ListPagesOptions = {}): Promise<PageInfo[]> {
    const { after, limit } = options;
    // Ids compare by code unit (COLLATE "C"), as in the other stores, whatever the database's collation; keyset paging
    // continues where the page before ended.
    const result = await this.pool.query<PageRow>(
      `SELECT ${PAGE_COLUMNS} FROM pages WHERE deleted_at IS NULL
       AND ($1::bigint IS NULL OR updated_at < $1 OR (updated_at = $1 AND id COLLATE "C" > $2))
       ORDER BY updated_at DESC, id COLLATE "C" LIMIT $3`,
      [after?.updatedAt ?? null, after?.id ?? null, limit ?? null],
    );
    return result.rows.map(toInfo);
  }

  deletePage(pageId: string): Promise<boolean> {
    return this.queue.run(async (client) => {
      const deleted = await client.query('UPDATE pages SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL', [pageId, this.now()]);
      if (deleted.rowCount === 0) return false;
      await client.query('DELETE FROM patches WHERE page_id = $1', [pageId]);
      await client.query('DELETE FROM snapshots WHERE page_id = $1', [pageId]);
      await client.query('DELETE FROM publications WHERE page_id = $1', [pageId]);
      await client.query('DELETE FROM live_publications WHERE page_id = $1', [pageId]);
      await client.query('DELETE FROM version_labels WHERE page_id = $1', [pageId]);
      return true;
    });
  }

  async listVersions(pageId: string): Promise<VersionInfo[]> {
    const result = await this.pool.query<{ version: number; ts: string; authors: string } & LabelRow>(
      `SELECT s.version, s.ts, s.authors, ${LABEL_COLUMNS} FROM snapshots s JOIN pages p ON p.id = s.page_id
       LEFT JOIN version_labels l ON l.page_id = s.page_id AND l.version = s.version
       WHERE s.page_id = $1 AND p.deleted_at IS NULL ORDER BY s.version DESC`,
      [pageId],
    );
    return result.rows.map((r) => ({ version: r.version, ts: Number(r.ts), authors: parseAuthors(r.authors), ...labelOf(r) }));
  }

  async labelVersion(pageId: string, version: number, label: StoredLabel): Promise<void> {
    const { kind, userId, userName, restoredFrom, ts } = label;
    // Only for a live page; the first label of a version stands (SPEC H1).
    await this.pool.query(
      `INSERT INTO version_labels (page_id, version, kind, user_id, user_name, restored_from, ts)
       SELECT $1, $2, $3, $4, $5, $6, $7 FROM pages WHERE id = $1 AND deleted_at IS NULL
       ON CONFLICT (page_id, version) DO NOTHING`,
      [pageId, version, kind, userId, userName, restoredFrom ?? null, ts],
    );
  }

  loadVersion(pageId: string, version?: number): Promise<{ doc: PageDocument; version: number } | null> {
    return this.read(async (client) => {
      const page = await live(client, pageId);
      if (!page) return null;
      const target = version ?? page.version;
      if (target > page.version || target < 0) return null;
      const rebuilt = await rebuild(pageId, target, this.rows(client, pageId), this.formats);
      return rebuilt && { doc: rebuilt.doc, version: target };
    });
  }

  publish(pageId: string, publication: NewPublication): Promise<PublicationInfo> {
    return this.queue.run(async (client): Promise<PublicationInfo> => {
      // Locks the page's row: two publishes of one page take their numbers one after the other.
      const page = await client.query('SELECT 1 FROM pages WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [pageId]);
      if (page.rowCount === 0) throw new StorageConflictError(`publish ${pageId}, which does not exist or was deleted`);
      const last = await client.query<{ n: number | null }>('SELECT max(number) AS n FROM publications WHERE page_id = $1', [pageId]);
      const info = {
        number: (last.rows[0]?.n ?? 0) + 1,
        version: publication.version,
        publishedAt: this.now(),
        publishedBy: publication.publishedBy,
      };
      await client.query(
        'INSERT INTO publications (page_id, number, version, published_at, published_by, html, etag) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [pageId, info.number, info.version, info.publishedAt, info.publishedBy, publication.html, publication.etag],
      );
      await setLive(client, pageId, info.number);
      await client.query('DELETE FROM publications WHERE page_id = $1 AND number <= $2', [pageId, info.number - this.publicationRetention]);
      return info;
    });
  }

  async listPublications(pageId: string): Promise<PublicationListing[]> {
    const result = await this.pool.query<{ number: number; version: number; published_at: string; published_by: string; live: boolean }>(
      `SELECT p.number, p.version, p.published_at, p.published_by, (l.number IS NOT NULL) AS live
       FROM publications p JOIN pages pg ON pg.id = p.page_id AND pg.deleted_at IS NULL
       LEFT JOIN live_publications l ON l.page_id = p.page_id AND l.number = p.number
       WHERE p.page_id = $1 ORDER BY p.number DESC`,
      [pageId],
    );
    return result.rows.map((r) => ({
      number: r.number,
      version: r.version,
      publishedAt: Number(r.published_at),
      publishedBy: r.published_by,
      live: r.live,
    }));
  }

  setLivePublication(pageId: string, number: number | null): Promise<boolean> {
    return this.queue.run(async (client): Promise<boolean> => {
      if (!(await live(client, pageId))) return false;
      if (number !== null) {
        const found = await client.query('SELECT 1 FROM publications WHERE page_id = $1 AND number = $2', [pageId, number]);
        if (found.rowCount === 0) return false;
      }
      await setLive(client, pageId, number);
      return true;
    });
  }

  async readLivePublication(pageId: string): Promise<LivePublication> {
    const result = await this.pool.query<{
      deleted_at: string | null;
      number: number | null;
      version: number;
      published_at: string;
      published_by: string;
      html: string;
      etag: string;
    }>(
      `SELECT pg.deleted_at, pub.number, pub.version, pub.published_at, pub.published_by, pub.html, pub.etag
       FROM pages pg
       LEFT JOIN live_publications l ON l.page_id = pg.id
       LEFT JOIN publications pub ON pub.page_id = l.page_id AND pub.number = l.number
       WHERE pg.id = $1`,
      [pageId],
    );
    const row = result.rows[0];
    if (!row) return { state: 'unknown' };
    if (row.deleted_at !== null) return { state: 'deleted' };
    if (row.number === null) return { state: 'unpublished' };
    return {
      state: 'live',
      publication: { number: row.number, version: row.version, publishedAt: Number(row.published_at), publishedBy: row.published_by },
      html: row.html,
      etag: row.etag,
    };
  }

  async close(): Promise<void> {
    await this.queue.idle();
    await this.pool.end();
  }

  /** One consistent view of the database for a read that takes several queries. */
  private async read<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /** One transaction for the batch; each write in a savepoint when there are several. */
  private async transaction(batch: ((client: Client) => unknown)[]): Promise<Outcome[]> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const outcomes: Outcome[] = [];
      const alone = batch.length === 1;
      for (const work of batch) {
        if (!alone) await client.query('SAVEPOINT write');
        try {
          const value = await work(client);
          if (!alone) await client.query('RELEASE SAVEPOINT write');
          outcomes.push({ ok: true, value });
        } catch (error) {
          if (alone) throw error;
          await client.query('ROLLBACK TO SAVEPOINT write');
          outcomes.push({ ok: false, error });
        }
      }
      await client.query('COMMIT');
      return outcomes;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      // A connection that could not even roll back is not given to anyone else.
      client.release(broken);
    }
  }

  private rows(client: Client, pageId: string): PageRows {
    return {
      snapshotVersions: async (atMost) =>
        (
          await client.query<{ version: number }>(
            'SELECT version FROM snapshots WHERE page_id = $1 AND version <= $2 ORDER BY version DESC',
            [pageId, atMost],
          )
        ).rows.map((r) => r.version),
      snapshot: async (version) => {
        const result = await client.query<Omit<SnapshotRow, 'ts'> & { ts: string }>(
          'SELECT version, format, doc, authors, ts FROM snapshots WHERE page_id = $1 AND version = $2',
          [pageId, version],
        );
        const row = result.rows[0];
        return row && { ...row, ts: Number(row.ts) };
      },
      entries: async (after, upTo) =>
        (
          await client.query<EntryRow>(
            `SELECT ${ENTRY_COLUMNS} FROM patches WHERE page_id = $1 AND version > $2 AND version <= $3 ORDER BY version`,
            [pageId, after, upTo],
          )
        ).rows.map(entryRow),
    };
  }

  /** Inside a transaction: stores the snapshot, with who edited since the one before, then compacts the log. */
  private async putSnapshot(client: Client, pageId: string, head: number, version: number, text: string): Promise<void> {
    // The one before it and the newest two (compaction), never the whole list: a busy page has thousands.
    const versions = (
      await client.query<{ version: number }>('SELECT version FROM snapshots WHERE page_id = $1 ORDER BY version DESC LIMIT 2', [pageId])
    ).rows.map((r) => r.version);
    const previous =
      (
        await client.query<{ version: number }>(
          'SELECT version FROM snapshots WHERE page_id = $1 AND version < $2 ORDER BY version DESC LIMIT 1',
          [pageId, version],
        )
      ).rows[0]?.version ?? -1;
    const edits = await client.query<{ userName: string; ts: string }>(
      'SELECT user_name AS "userName", ts FROM patches WHERE page_id = $1 AND version > $2 AND version <= $3 ORDER BY version',
      [pageId, previous, version],
    );
    const lastEdit = edits.rows.at(-1);
    const ts = lastEdit && previous + edits.rows.length === version ? Number(lastEdit.ts) : this.now();
    await client.query(
      `INSERT INTO snapshots (page_id, version, format, doc, authors, ts) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (page_id, version) DO UPDATE SET format = excluded.format, doc = excluded.doc, authors = excluded.authors, ts = excluded.ts`,
      [pageId, version, this.formats.current, text, authorsOf(edits.rows), ts],
    );
    const all = [...new Set([...versions, version])].sort((a, b) => b - a);
    const oldest = await client.query<{ version: number | null }>('SELECT min(version) AS version FROM patches WHERE page_id = $1', [pageId]);
    const limit = compactionLimit(head, all, this.logRetention, oldest.rows[0]?.version ?? undefined);
    if (limit > 0) await client.query('DELETE FROM patches WHERE page_id = $1 AND version <= $2', [pageId, limit]);
  }
}

async function live(client: Client, pageId: string): Promise<PageInfo | null> {
  const result = await client.query<PageRow>(`SELECT ${PAGE_COLUMNS} FROM pages WHERE id = $1 AND deleted_at IS NULL`, [pageId]);
  return result.rows[0] ? toInfo(result.rows[0]) : null;
}

/** Makes `number` live, or unpublishes (null: no row, one state with "never published"). */
async function setLive(client: Client, pageId: string, number: number | null): Promise<void> {
  if (number === null) await client.query('DELETE FROM live_publications WHERE page_id = $1', [pageId]);
  else
    await client.query(
      'INSERT INTO live_publications (page_id, number) VALUES ($1, $2) ON CONFLICT (page_id) DO UPDATE SET number = excluded.number',
      [pageId, number],
    );
}

/** bigint columns arrive as strings (they may exceed 2^53); ours are milliseconds, well within. */
function entryRow(row: EntryRow): EntryRow {
  return { ...row, ts: Number(row.ts) };
}

function toInfo(row: PageRow): PageInfo {
  return {
    id: row.id,
    title: row.title,
    version: row.version,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    deletedAt: row.deleted_at === null ? null : Number(row.deleted_at),
  };
}

/** Creates or migrates the schema, once, however many servers start together. */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS tandem_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)',
    );
    const applied = (await client.query<{ v: number | null }>('SELECT max(version) AS v FROM tandem_migrations')).rows[0]?.v ?? 0;
    for (const step of pendingMigrations(applied, POSTGRES_MIGRATIONS)) {
      await client.query(step.sql);
      await client.query('INSERT INTO tandem_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        step.version,
        step.name,
        Date.now(),
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
