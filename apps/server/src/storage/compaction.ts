/**
 * What a snapshot write records and may delete, shared by every backend and by
 * SQLite's writer thread (which loads only this, not the document model).
 */

/** Everyone who wrote one of `rows`, by name, in order of first edit. */
export function authorsOf(rows: readonly { userName: string }[]): string {
  return JSON.stringify([...new Set(rows.map((r) => r.userName).filter((n) => n !== ''))]);
}

/** Compaction deletes a tenth of the retention window at a time, at most this many entries. */
const COMPACTION_CHUNK = 1000;

/**
 * The highest version whose log entries compaction deletes once a snapshot is
 * written: behind the retention window, and covered by the second-newest
 * snapshot, so that an unreadable newest snapshot can still be rebuilt from the
 * one before; 0 (nothing) until that frees a tenth of the window, at most
 * COMPACTION_CHUNK entries, beyond `oldestKept` (the oldest entry still stored).
 * Deleting a hundred entries with every snapshot rewrote, each time, most of the
 * leaf pages of the opId index (opIds are random), and at 1,000 patches a
 * second p99 latency went from 7 ms to 9–33 ms once a page passed the
 * window; a thousand at once touch each leaf about once.
 */
export function compactionLimit(
  head: number,
  snapshotVersionsDesc: readonly number[],
  logRetention: number,
  oldestKept: number | undefined,
): number {
  const secondNewest = snapshotVersionsDesc[1];
  if (secondNewest === undefined || oldestKept === undefined) return 0;
  const limit = Math.min(secondNewest, head - logRetention);
  const chunk = Math.max(1, Math.min(COMPACTION_CHUNK, Math.floor(logRetention / 10)));
  return limit - oldestKept + 1 >= chunk ? limit : 0;
}

