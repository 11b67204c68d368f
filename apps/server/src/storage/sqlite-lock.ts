/**
 * SQLite serves one process: two servers on one file would each sequence the
 * same pages in memory and refuse each other's versions. The first to open
 * `tandem.db` writes `tandem.db.lock` with its pid (created exclusively, so
 * two starting at once cannot both win); a second finds the lock held by a
 * live process and refuses to start. A lock left by a process that died
 * (SIGKILL, a crash) names a pid that is gone, and is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

export class SqliteLockedError extends Error {
  override readonly name = 'SqliteLockedError';
}

/** Takes the lock for `file` (the database's path) or throws SqliteLockedError; returns its release. */
export function lockSqliteFile(file: string): () => void {
  const lock = `${file}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        // Only our own: a lock taken over after we were presumed dead is not ours to remove.
        if (holder(lock) === process.pid) rmSync(lock, { force: true });
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = holder(lock);
      if (pid !== null && pid !== process.pid && alive(pid)) {
        throw new SqliteLockedError(
          `${file} is in use by another Tandem process (pid ${pid}). SQLite serves one process; ` +
            'to run several, set DATABASE_URL (PostgreSQL) and REDIS_URL.',
        );
      }
      // Left by a process that is gone (or unreadable, half-written by one that died): take it over.
      rmSync(lock, { force: true });
    }
  }
  throw new SqliteLockedError(`could not take the lock ${lock}: another process keeps taking it`);
}

function holder(lock: string): number | null {
  try {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
