/**
 * What every backend shares: the rows as stored (documents and patches as JSON
 * text, each with its format), and the one way a page is rebuilt from them.
 * Keeping this in one place is what makes the backends agree on bad data too.
 */
import { applyPatch, type Operation, type PageDocument, pageTitleOf, validateDocument } from '@tandem/protocol';
import { type DocumentFormats, migrateDocument } from './migrations.ts';
import { type LogEntry, PageUnreadableError } from './storage.ts';

export interface SnapshotRow {
  version: number;
  format: number;
  doc: string;
  /** JSON list of names. */
  authors: string;
  ts: number;
}

export interface EntryRow {
  version: number;
  opId: string;
  senderId: string;
  userName: string;
  patches: string;
  format: number;
  ts: number;
}

export function entryToRow(entry: LogEntry, format: number): EntryRow {
  return {
    version: entry.version,
    opId: entry.opId,
    senderId: entry.senderId,
    userName: entry.userName ?? '',
    patches: JSON.stringify(entry.patches),
    format,
    ts: entry.ts,
  };
}

/** A row back as a log entry; throws when its patches are not JSON. */
export function rowToEntry(row: EntryRow): LogEntry {
  const entry: LogEntry = {
    version: row.version,
    opId: row.opId,
    senderId: row.senderId,
    patches: JSON.parse(row.patches) as Operation[],
    ts: row.ts,
  };
  if (row.userName !== '') entry.userName = row.userName;
  return entry;
}

/** The page's title as the page list shows it: the root's `title` prop. */
export function titleOf(doc: PageDocument): string {
  return pageTitleOf(doc);
}

/** Everyone who wrote one of `rows`, by name, in order of first edit. */
export function authorsOf(rows: readonly Pick<EntryRow, 'userName'>[]): string {
  return JSON.stringify([...new Set(rows.map((r) => r.userName).filter((n) => n !== ''))]);
}

export function parseAuthors(text: string): string[] {
  try {
    const list = JSON.parse(text) as unknown;
    return Array.isArray(list) ? list.filter((a): a is string => typeof a === 'string') : [];
  } catch {
    return [];
  }
}

/** How a backend reads one page's rows for `rebuild`. */
export interface PageRows {
  /** Versions of the snapshots at or before `atMost`, newest first. */
  snapshotVersions(atMost: number): Promise<number[]> | number[];
  snapshot(version: number): Promise<SnapshotRow | undefined> | SnapshotRow | undefined;
  /** Entries with after < version ≤ upTo, oldest first. */
  entries(after: number, upTo: number): Promise<EntryRow[]> | EntryRow[];
}

export interface Rebuilt {
  doc: PageDocument;
  snapshotVersion: number;
  problems: string[];
  upgraded: boolean;
}

/**
 * The page at `target`, from the newest snapshot at or before it that rebuilds
 * into a valid document: its JSON parses, every log entry after it applies, the
 * format migrates, and the result passes `validateDocument`. A snapshot that
 * fails is reported in `problems` and the one before it is tried, as long as the
 * log still reaches back to it; when none works, PageUnreadableError says why.
 * Null when `target` is simply no longer kept (the log after the snapshot before
 * it was compacted): history reads ask for such versions, loads never do.
 */
export async function rebuild(pageId: string, target: number, rows: PageRows, formats: DocumentFormats): Promise<Rebuilt | null> {
  const problems: string[] = [];
  for (const version of await rows.snapshotVersions(target)) {
    const snapshot = await rows.snapshot(version);
    if (!snapshot) continue;
    const entries = await rows.entries(version, target);
    if (entries.length !== target - version || entries.some((e, i) => e.version !== version + 1 + i)) {
      // Compacted: older snapshots need even more of the log. Not kept, unless something else was wrong.
      if (problems.length === 0) return null;
      problems.push(`the log after snapshot ${version} no longer reaches version ${target}`);
      break;
    }
    const attempt = rebuildFrom(snapshot, entries, formats);
    if (typeof attempt === 'string') {
      problems.push(attempt);
      continue;
    }
    return { doc: attempt.doc, snapshotVersion: version, problems, upgraded: attempt.upgraded };
  }
  if (problems.length === 0) problems.push(`no snapshot at or before version ${target}`);
  throw new PageUnreadableError(pageId, problems);
}

function rebuildFrom(
  snapshot: SnapshotRow,
  entries: EntryRow[],
  formats: DocumentFormats,
): { doc: PageDocument; upgraded: boolean } | string {
  const at = `snapshot ${snapshot.version}`;
  let doc: unknown;
  try {
    doc = JSON.parse(snapshot.doc);
  } catch (error) {
    return `${at} is not valid JSON (${(error as Error).message})`;
  }
  let format = snapshot.format;
  for (const entry of entries) {
    // A log written across an upgrade: bring the document to the entry's format first.
    if (entry.format < format) return `log entry ${entry.version} is in format ${entry.format}, older than ${at}'s ${format}`;
    if (entry.format > format) {
      const migrated = migrate(doc, format, { ...formats, current: entry.format }, at);
      if (typeof migrated === 'string') return migrated;
      doc = migrated.doc;
      format = entry.format;
    }
    let result: ReturnType<typeof applyPatch>;
    try {
      result = applyPatch(doc, JSON.parse(entry.patches) as Operation[], { inPlace: true });
    } catch (error) {
      return `log entry ${entry.version} is unreadable (${(error as Error).message})`;
    }
    if (!result.ok) return `log entry ${entry.version} does not apply to ${at}: ${result.error.message}`;
    doc = result.doc;
  }
  const migrated = migrate(doc, format, formats, at);
  if (typeof migrated === 'string') return migrated;
  doc = migrated.doc;
  let invalid: string[];
  try {
    invalid = validateDocument(doc as PageDocument);
  } catch (error) {
    invalid = [(error as Error).message];
  }
  if (invalid.length > 0) return `${at} does not rebuild into a valid page: ${invalid[0]}`;
  return { doc: doc as PageDocument, upgraded: snapshot.format < formats.current };
}

function migrate(doc: unknown, from: number, formats: DocumentFormats, at: string): { doc: unknown } | string {
  try {
    return { doc: migrateDocument(doc, from, formats) };
  } catch (error) {
    return `${at} cannot be migrated from format ${from}: ${(error as Error).message}`;
  }
}

/**
 * The stored log to hand the room, the last `limit` entries of the current
 * format: patches of an older format are not sent to today's clients.
 */
export function recentEntries(rows: EntryRow[], formats: DocumentFormats): LogEntry[] {
  const out: LogEntry[] = [];
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i] as EntryRow;
    if (row.format !== formats.current) break;
    try {
      out.push(rowToEntry(row));
    } catch {
      break;
    }
  }
  return out.reverse();
}

/**
 * The highest version whose log entries compaction may delete once a snapshot is
 * written: behind the retention window, and covered by the second-newest snapshot,
 * so that an unreadable newest snapshot can still be rebuilt from the one before.
 */
export function compactionLimit(head: number, snapshotVersionsDesc: readonly number[], logRetention: number): number {
  const secondNewest = snapshotVersionsDesc[1];
  if (secondNewest === undefined) return 0;
  return Math.min(secondNewest, head - logRetention);
}

export const DEFAULT_LOG_RETENTION = 10_000;
