/**
 * What made a stored version (SPEC H1): a restore, the page just before one, a
 * person's session ending. Labels sit in a table of their own beside the
 * snapshots (one row per page and version, the first label of a version
 * stands), so that storing one never touches the snapshot or log writes.
 */
import type { VersionKind, VersionLabel } from '@tandem/protocol';
import { VERSION_KINDS } from '@tandem/protocol';

/** A label as stored: the public one plus the account id of whoever made it. */
export interface StoredLabel extends VersionLabel {
  userId: string;
}

/** A label row as both SQL backends select it (`LABEL_COLUMNS`). */
export interface LabelRow {
  labelKind: string | null;
  labelUserName: string | null;
  labelRestoredFrom: number | null;
  labelTs: number | string | null;
}

/** The columns of `version_labels l` that `labelOf` reads, for a LEFT JOIN on snapshots. */
export const LABEL_COLUMNS =
  'l.kind AS "labelKind", l.user_name AS "labelUserName", l.restored_from AS "labelRestoredFrom", l.ts AS "labelTs"';

/** The public label of a joined row, or nothing (no label, or a kind this server does not know). */
export function labelOf(row: LabelRow): { label?: VersionLabel } {
  const kind = row.labelKind as VersionKind | null;
  if (kind === null || !VERSION_KINDS.includes(kind) || row.labelUserName === null || row.labelTs === null) return {};
  const restoredFrom = row.labelRestoredFrom === null ? {} : { restoredFrom: row.labelRestoredFrom };
  return { label: { kind, userName: row.labelUserName, ...restoredFrom, ts: Number(row.labelTs) } };
}

/** What a client sees of a stored label (no account id). */
export function publicLabel({ userId: _userId, ...label }: StoredLabel): VersionLabel {
  return label;
}
