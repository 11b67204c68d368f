/**
 * Attempts counted across every process that serves the pages (several
 * processes on one PostgreSQL, issue 15): the login and page-creation limits
 * would otherwise be per process, so N processes would let N times as many
 * guesses through. One row per (limit, key, minute) in `rate_limits`; the
 * count of the last 60 s is estimated as this minute's count plus the previous
 * minute's, weighted by how much of it is still inside the last 60 s (a
 * sliding window, so no burst of twice the limit across a minute boundary).
 *
 * An attempt is counted with one atomic upsert, and given back when refused,
 * so that someone hammering an address or an email does not keep its owner
 * locked out once they stop: the same promise as CreationLimiter's bucket.
 */
import type pg from 'pg';
import { addressKey, type CreationVerdict, type Limiter } from './creation-limit.ts';

const MINUTE = 60_000;
/** Rows of minutes before the previous one are of no use: swept every this many attempts. */
const SWEEP_EVERY = 200;

export class SharedLimiter implements Limiter {
  private attempts = 0;

  /** `perMinute` 0 turns the limit off. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly name: string,
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  async take(key: string): Promise<CreationVerdict> {
    if (this.perMinute === 0) return { ok: true, retryAfterSeconds: 0 };
    const now = this.now();
    const minute = Math.floor(now / MINUTE);
    const id = addressKey(key);
    if (this.attempts++ % SWEEP_EVERY === 0) await this.pool.query('DELETE FROM rate_limits WHERE minute < $1', [minute - 1]);
    const result = await this.pool.query<{ current: number; previous: number | null }>(
      `WITH hit AS (
         INSERT INTO rate_limits (name, key, minute, count) VALUES ($1, $2, $3, 1)
         ON CONFLICT (name, key, minute) DO UPDATE SET count = rate_limits.count + 1
         RETURNING count
       )
       SELECT (SELECT count FROM hit) AS current,
              (SELECT count FROM rate_limits WHERE name = $1 AND key = $2 AND minute = $3 - 1) AS previous`,
      [this.name, id, minute],
    );
    const row = result.rows[0] as { current: number; previous: number | null };
    const inWindow = 1 - (now - minute * MINUTE) / MINUTE;
    if ((row.previous ?? 0) * inWindow + row.current <= this.perMinute) return { ok: true, retryAfterSeconds: 0 };
    await this.pool.query('UPDATE rate_limits SET count = count - 1 WHERE name = $1 AND key = $2 AND minute = $3', [this.name, id, minute]);
    // By the next minute the previous one weighs nothing more than what is left of it: never longer than that.
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((minute + 1) * MINUTE - now) / 1000)) };
  }
}
