/**
 * Accounts and access in the PostgreSQL database of PostgresStorage, on its pool:
 * the shared statements (SqlAccessStore), each one query. Changing a member locks
 * the page's members (FOR UPDATE) so that two owners demoting each other at once
 * cannot leave the page without one.
 */
import type { Role } from '@tandem/protocol';
import type pg from 'pg';
import { type Row, SqlAccessStore } from './sql-access-store.ts';
import { pagesOfQuery } from './sql-store.ts';
import type { MemberChange } from './store.ts';

export class PostgresAccessStore extends SqlAccessStore {
  constructor(private readonly pool: pg.Pool) {
    // Ids compare by code unit (COLLATE "C"), as in the other stores, whatever the database's collation.
    super({ query: pagesOfQuery('COLLATE "C"', '::bigint'), noLimit: null });
  }

  protected async all(text: string, ...params: unknown[]): Promise<Row[]> {
    return (await this.pool.query<Row>(text, params)).rows;
  }

  protected async run(text: string, ...params: unknown[]): Promise<number> {
    return (await this.pool.query(text, params)).rowCount ?? 0;
  }

  async changeMember(pageId: string, userId: string, role: Role | null): Promise<MemberChange> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const rows = (
        await client.query<{ user_id: string; role: Role }>('SELECT user_id, role FROM page_members WHERE page_id = $1 FOR UPDATE', [
          pageId,
        ])
      ).rows;
      const had = rows.find((r) => r.user_id === userId)?.role;
      let outcome: MemberChange = 'changed';
      if (!had) outcome = 'not-member';
      else if (had === 'owner' && role !== 'owner' && rows.filter((r) => r.role === 'owner').length <= 1) outcome = 'last-owner';
      else if (role === null) await client.query('DELETE FROM page_members WHERE page_id = $1 AND user_id = $2', [pageId, userId]);
      else await client.query('UPDATE page_members SET role = $3 WHERE page_id = $1 AND user_id = $2', [pageId, userId, role]);
      await client.query('COMMIT');
      return outcome;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}
