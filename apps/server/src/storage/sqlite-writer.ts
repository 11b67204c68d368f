/**
 * SQLite's writes, as data (`Write`), run in one transaction per batch on the
 * main connection (sqlite-commit.ts makes each batch durable before it is
 * answered). Each write runs in its own savepoint, so one that fails (a
 * version conflict, a deleted page) is rolled back and rejected alone; if the
 * transaction itself fails, the whole batch is rejected and nothing of it is
 * stored.
 */
import type Database from 'better-sqlite3';
import type { Outcome } from './commit-queue.ts';
import { authorsOf, compactionLimit } from './compaction.ts';
import type { StoredLabel } from './labels.ts';
import type { EntryRow } from './rows.ts';
import type { Statements } from './sqlite-statements.ts';
import { StorageConflictError } from './storage.ts';

export interface WriterConfig {
  logRetention: number;
  publicationRetention: number;
  format: number;
}

/** One write, as data. `now` is the caller's clock, read when the write was asked for. */
export type Write =
  | { kind: 'create'; pageId: string; title: string; doc: string; now: number }
  | { kind: 'append'; pageId: string; rows: EntryRow[]; title: string | null; snapshot: string | null; now: number }
  | { kind: 'snapshot'; pageId: string; version: number; doc: string; now: number }
  | { kind: 'delete'; pageId: string; now: number }
  | { kind: 'publish'; pageId: string; version: number; publishedBy: string; html: string; etag: string; now: number }
  | { kind: 'setLive'; pageId: string; number: number | null }
  | { kind: 'label'; pageId: string; version: number; label: StoredLabel };

/** Runs batches of writes against one connection. */
export class Writer {
  private readonly batch: (writes: Write[]) => Outcome[];

  constructor(
    db: Database.Database,
    /** The connection's prepared statements (sqlite-statements.ts), shared with its reads. */
    private readonly sql: Statements,
    private readonly config: WriterConfig,
  ) {
    const savepoint = db.transaction((write: Write) => this.apply(write));
    this.batch = db.transaction((writes: Write[]): Outcome[] =>
      // One write alone needs no savepoint of its own: if it fails, the transaction is rolled back, and the batch
      // (the write) is rejected with its error, which is what its savepoint would have given. Two statements less per commit.
      writes.length === 1
        ? [{ ok: true, value: this.apply(writes[0] as Write) }]
        : writes.map((write) => {
        try {
          return { ok: true, value: savepoint(write) };
        } catch (error) {
          // SQLite rolled the whole transaction back (SQLITE_FULL, …): fail the batch.
          if (!db.inTransaction) throw error;
          return { ok: false, error };
        }
      }),
    );
  }

  /** Runs the batch in one transaction; throws when the transaction fails (nothing of it is stored). */
  run(writes: Write[]): Outcome[] {
    return this.batch(writes);
  }

  private apply(write: Write): unknown {
    switch (write.kind) {
      case 'create': {
        const existing = this.sql.page.get(write.pageId);
        if (existing) return existing.deleted_at === null ? 'exists' : 'deleted';
        this.sql.insertPage.run(write.pageId, write.title, write.now, write.now);
        this.sql.putSnapshot.run(write.pageId, 0, this.config.format, write.doc, '[]', write.now);
        return 'created';
      }
      case 'append':
        return this.append(write);
      case 'snapshot': {
        const page = this.live(write.pageId);
        if (!page) throw new StorageConflictError(`snapshot of ${write.pageId}, which does not exist or was deleted`);
        if (write.version > page.version || write.version < 0)
          throw new StorageConflictError(`snapshot of ${write.pageId} at ${write.version}, beyond ${page.version}`);
        this.putSnapshot(write.pageId, page.version, write.version, write.doc, write.now);
        return undefined;
      }
      case 'delete': {
        if (this.sql.tombstone.run(write.now, write.pageId).changes === 0) return false;
        this.sql.deleteEntries.run(write.pageId);
        this.sql.deleteSnapshots.run(write.pageId);
        this.sql.deletePublications.run(write.pageId);
        this.sql.setLive.run(write.pageId, null);
        this.sql.deleteLabels.run(write.pageId);
        return true;
      }
      case 'label': {
        if (!this.live(write.pageId)) return undefined;
        const { kind, userId, userName, restoredFrom, ts } = write.label;
        this.sql.insertLabel.run(write.pageId, write.version, kind, userId, userName, restoredFrom ?? null, ts);
        return undefined;
      }
      case 'publish': {
        const { pageId } = write;
        if (!this.live(pageId)) throw new StorageConflictError(`publish ${pageId}, which does not exist or was deleted`);
        const number = (this.sql.lastPublication.get(pageId)?.number ?? 0) + 1;
        const info = { number, version: write.version, publishedAt: write.now, publishedBy: write.publishedBy };
        this.sql.insertPublication.run(pageId, number, info.version, info.publishedAt, info.publishedBy, write.html, write.etag);
        this.sql.setLive.run(pageId, number);
        this.sql.prunePublications.run(pageId, number - this.config.publicationRetention);
        return info;
      }
      case 'setLive': {
        if (!this.live(write.pageId)) return false;
        if (write.number !== null && !this.sql.publication.get(write.pageId, write.number)) return false;
        this.sql.setLive.run(write.pageId, write.number);
        return true;
      }
    }
  }

  private append(write: Extract<Write, { kind: 'append' }>): void {
    const { pageId, rows } = write;
    const first = rows[0];
    const last = rows.at(-1);
    if (!first || !last) {
      if (!this.live(pageId)) throw new StorageConflictError(`append to ${pageId}, which does not exist or was deleted`);
      return;
    }
    rows.forEach((row, i) => {
      if (row.version !== first.version + i) throw new StorageConflictError(`append to ${pageId}: versions ${first.version}… are not consecutive`);
    });
    // The page row first, moved on only from the version just before these rows: one statement checks and updates.
    if (this.sql.advancePage.run(last.version, last.ts, write.title, pageId, first.version - 1).changes === 0) {
      const page = this.live(pageId);
      if (!page) throw new StorageConflictError(`append to ${pageId}, which does not exist or was deleted`);
      throw new StorageConflictError(`append to ${pageId} at version ${first.version}, expected ${page.version + 1}`);
    }
    for (const row of rows) {
      try {
        this.sql.insertEntry.run(pageId, row.version, row.opId, row.senderId, row.userName, row.patches, row.format, row.ts);
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new StorageConflictError(`opId ${row.opId} is already stored for ${pageId}`);
        }
        throw error;
      }
    }
    if (write.snapshot !== null) this.putSnapshot(pageId, last.version, last.version, write.snapshot, write.now);
  }

  private live(pageId: string) {
    const page = this.sql.page.get(pageId);
    return page && page.deleted_at === null ? page : undefined;
  }

  /** Inside a transaction: stores the snapshot, with who edited since the one before, then compacts the log. */
  private putSnapshot(pageId: string, head: number, version: number, text: string, now: number): void {
    const versions = this.sql.newestSnapshots.all(pageId, head).map((r) => r.version);
    const previous = this.sql.previousSnapshot.get(pageId, version)?.version ?? -1;
    const authors = authorsOf(this.sql.entries.all(pageId, previous, version));
    const ts = this.sql.entryTs.get(pageId, version)?.ts ?? now;
    this.sql.putSnapshot.run(pageId, version, this.config.format, text, authors, ts);
    const all = [...new Set([...versions, version])].sort((a, b) => b - a);
    const limit = compactionLimit(head, all, this.config.logRetention, this.sql.oldestEntry.get(pageId)?.version ?? undefined);
    if (limit > 0) this.sql.compact.run(pageId, limit);
  }
}
