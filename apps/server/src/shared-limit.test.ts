/**
 * The login and page-creation limits shared by several processes (issue 15's
 * open point: they were per process, so N processes let N times as many
 * guesses through). Two SharedLimiters on one real PostgreSQL schema stand for
 * two processes; then two real servers on it, each with its own pool.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type TandemServer } from './server.ts';
import { SharedLimiter } from './shared-limit.ts';
import { PostgresStorage } from './storage/postgres.ts';
import { signUp, testDatabaseUrl, withSearchPath } from './testing.ts';

const schema = `tandem_limits_${randomBytes(5).toString('hex')}`;
const url = withSearchPath(testDatabaseUrl(), schema);
let admin: pg.Pool;
const stores: PostgresStorage[] = [];

beforeAll(async () => {
  admin = new pg.Pool({ connectionString: testDatabaseUrl(), max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  // Two "processes": each its own pool, as each server process has.
  stores.push(await PostgresStorage.open(url), await PostgresStorage.open(url));
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
});

const pools = () => stores.map((s) => s.pool) as [pg.Pool, pg.Pool];
/** The same limit as seen from each of the two processes. */
const onBoth = (name: string, perMinute: number, now: () => number) =>
  pools().map((pool) => new SharedLimiter(pool, name, perMinute, now)) as [SharedLimiter, SharedLimiter];

describe('SharedLimiter', () => {
  it('counts attempts on every process together: the limit holds for all of them, not for each', async () => {
    let now = 60_000 * 1_000 + 5_000;
    const [one, two] = onBoth('login-address', 10, () => now);
    const verdicts = [];
    for (let i = 0; i < 12; i++) verdicts.push((await (i % 2 === 0 ? one : two).take('10.0.0.1')).ok);
    expect(verdicts).toEqual([...Array(10).fill(true), false, false]);
    expect(await one.take('10.0.0.2')).toEqual({ ok: true, retryAfterSeconds: 0 }); // another address has its own budget
    // A refusal says when to come back: by the end of this minute at the latest.
    expect(await two.take('10.0.0.1')).toEqual({ ok: false, retryAfterSeconds: 55 });
    // A minute and a half on, the old minute weighs half: five more, not ten.
    now += 85_000;
    const later = [];
    for (let i = 0; i < 7; i++) later.push((await (i % 2 === 0 ? two : one).take('10.0.0.1')).ok);
    expect(later).toEqual([true, true, true, true, true, false, false]);
  });

  it('gives back a refused attempt, so hammering does not keep the owner out once it stops', async () => {
    let now = 60_000 * 2_000;
    const [one, two] = onBoth('login-email', 3, () => now);
    for (let i = 0; i < 3; i++) expect((await one.take('mail/ada@example.com')).ok).toBe(true);
    for (let i = 0; i < 50; i++) expect((await two.take('mail/ada@example.com')).ok).toBe(false);
    // Half a minute into the next minute the three weigh 1.5 and the refused fifty nothing (else 26.5): one more fits.
    now += 90_000;
    expect((await two.take('mail/ada@example.com')).ok).toBe(true);
    expect((await one.take('mail/ada@example.com')).ok).toBe(false);
  });

  it('keeps limits apart by name and is off at 0', async () => {
    const now = () => 60_000 * 3_000;
    const [one, two] = pools();
    const creations = new SharedLimiter(one, 'page-creation', 1, now);
    const logins = new SharedLimiter(two, 'login-address', 1, now);
    expect((await creations.take('10.1.1.1')).ok).toBe(true);
    expect((await logins.take('10.1.1.1')).ok).toBe(true);
    expect((await creations.take('10.1.1.1')).ok).toBe(false);
    const off = new SharedLimiter(one, 'page-creation', 0, now);
    for (let i = 0; i < 20; i++) expect((await off.take('10.1.1.1')).ok).toBe(true);
  });

  it('through two real servers: wrong passwords spread over both are refused past LOGIN_ATTEMPTS_PER_MINUTE in all', async () => {
    const servers: TandemServer[] = stores.map((storage) =>
      createServer({
        storage,
        config: { port: 0, host: '127.0.0.1', loginAttemptsPerMinute: 4, passwordCost: 1024, logLevel: 'error' },
        limiters: (name, perMinute) => new SharedLimiter(storage.pool, name, perMinute),
      }),
    );
    const bases = await Promise.all(servers.map(async (s) => `http://127.0.0.1:${await s.listen()}`));
    try {
      const ada = await signUp(bases[0] as string, 'Ada');
      const attempt = (base: string) =>
        fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: ada.user.email, password: 'not her password' }),
        });
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await attempt(bases[i % 2] as string)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
      const refused = await attempt(bases[1] as string);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await refused.json()).toEqual({ error: { code: 'rate-limited', message: expect.stringContaining('login attempts') } });
    } finally {
      // The stores are this file's to close.
      await Promise.all(servers.map((s) => s.close()));
    }
  });
});
