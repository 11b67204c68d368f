/**
 * What a snapshot write records and may delete, shared by every backend and by
 * SQLite's writer thread (which loads only this, not the document model).
 */

/** Everyone who wrote one of `rows`, by name, in order of first edit. */
export function authorsOf(rows: readonly { userName: string }[]): string {
  return JSON.stringify([...new Set(rows.map((r) => r.userName).filter((n) => n !== ''))]);
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

