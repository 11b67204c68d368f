/**
 * Tandem on PostgreSQL (opt-in: `--peers …,tandem-pg`): the same server and
 * clients with DATABASE_URL pointing at a schema of its own in
 * TEST_DATABASE_URL's database, created for each server and dropped after.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openTandemRoom, startTandem, tandemEntry } from './tandem.ts';
import type { Peer } from './types.ts';

function databaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) throw new Error('tandem-pg needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
  return url;
}

export const tandemPg: Peer = {
  name: 'tandem-pg',
  describe: () => `Tandem (${tandemEntry().compiled ? 'dist/main.js' : 'tsx src/main.ts'}, PostgreSQL)`,
  async start() {
    const base = databaseUrl();
    const schema = `tandem_bench_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Pool({ connectionString: base, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(base);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const drop = async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    };
    try {
      const server = await startTandem({ DATABASE_URL: url.toString() });
      return {
        ...server,
        stop: async () => {
          await server.stop();
          await drop();
        },
      };
    } catch (error) {
      await drop();
      throw error;
    }
  },
  openRoom: openTandemRoom,
};
