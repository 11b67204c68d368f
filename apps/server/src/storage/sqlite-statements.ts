/**
 * Every SQLite statement, prepared once per connection: the main connection
 * uses them to read, the writer thread (sqlite-writer.ts) to write, so each
 * query exists in one place.
 */
import type Database from 'better-sqlite3';
import { LABEL_COLUMNS, type LabelRow } from './labels.ts';
import type { PublicationInfo } from './publications.ts';
import type { EntryRow, SnapshotRow } from './rows.ts';

export interface PageRow {
  id: string;
  title: string;
  version: number;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export const ENTRY_COLUMNS = 'version, op_id AS opId, sender_id AS senderId, user_name AS userName, patches, format, ts';

export type Statements = ReturnType<typeof statements>;

/** Every statement, prepared once. */
export function statements(db: Database.Database) {
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
    // Moves a live page on from version `base` only: no change means it is gone, or another write got there first.
    advancePage: db.prepare(
      'UPDATE pages SET version = ?, updated_at = ?, title = coalesce(?, title) WHERE id = ? AND version = ? AND deleted_at IS NULL',
    ),
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
    oldestEntry: db.prepare<[string], { version: number | null }>('SELECT min(version) AS version FROM patches WHERE page_id = ?'),
    deleteEntries: db.prepare('DELETE FROM patches WHERE page_id = ?'),
    // A snapshot write needs the one before it and the newest two (compaction), never the whole list: a busy page has thousands.
    previousSnapshot: db.prepare<[string, number], { version: number }>(
      'SELECT version FROM snapshots WHERE page_id = ? AND version < ? ORDER BY version DESC LIMIT 1',
    ),
    newestSnapshots: db.prepare<[string, number], { version: number }>(
      'SELECT version FROM snapshots WHERE page_id = ? AND version <= ? ORDER BY version DESC LIMIT 2',
    ),
    snapshotVersions: db.prepare<[string, number], { version: number }>(
      'SELECT version FROM snapshots WHERE page_id = ? AND version <= ? ORDER BY version DESC',
    ),
    snapshot: db.prepare<[string, number], SnapshotRow>(
      'SELECT version, format, doc, authors, ts FROM snapshots WHERE page_id = ? AND version = ?',
    ),
    versions: db.prepare<[string], { version: number; ts: number; authors: string } & LabelRow>(
      `SELECT s.version, s.ts, s.authors, ${LABEL_COLUMNS} FROM snapshots s
       LEFT JOIN version_labels l ON l.page_id = s.page_id AND l.version = s.version
       WHERE s.page_id = ? ORDER BY s.version DESC`,
    ),
    // The first label of a version stands (SPEC H1).
    insertLabel: db.prepare(
      `INSERT INTO version_labels (page_id, version, kind, user_id, user_name, restored_from, ts) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (page_id, version) DO NOTHING`,
    ),
    deleteLabels: db.prepare('DELETE FROM version_labels WHERE page_id = ?'),
    putSnapshot: db.prepare(
      `INSERT INTO snapshots (page_id, version, format, doc, authors, ts) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (page_id, version) DO UPDATE SET format = excluded.format, doc = excluded.doc, authors = excluded.authors, ts = excluded.ts`,
    ),
    deleteSnapshots: db.prepare('DELETE FROM snapshots WHERE page_id = ?'),
    ...publicationStatements(db),
  };
}

export interface LiveRow {
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
