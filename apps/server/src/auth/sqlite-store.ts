/**
 * Accounts and access in the SQLite file of SqliteStorage: the shared statements
 * (SqlAccessStore) with `$n` bound positionally. better-sqlite3 is synchronous, so
 * each statement is atomic as it stands; changing a member is one transaction.
 */
import type { Role } from '@tandem/protocol';
import type Database from 'better-sqlite3';
import { type Row, SqlAccessStore } from './sql-access-store.ts';
import { pagesOfQuery, positional } from './sql-store.ts';
import type { MemberChange } from './store.ts';

export class SqliteAccessStore extends SqlAccessStore {
  constructor(private readonly db: Database.Database) {
    // SQLite compares TEXT by code unit already; LIMIT -1 is no limit.
    super({ query: pagesOfQuery('', ''), noLimit: -1 });
  }

  protected all(text: string, ...params: unknown[]): Row[] {
    const { text: sql, order } = positional(text);
    return this.db.prepare(sql).all(...order.map((i) => params[i])) as Row[];
  }

  protected run(text: string, ...params: unknown[]): number {
    const { text: sql, order } = positional(text);
    return this.db.prepare(sql).run(...order.map((i) => params[i])).changes;
  }

  async changeMember(pageId: string, userId: string, role: Role | null): Promise<MemberChange> {
    return this.db.transaction((): MemberChange => {
      const had = this.all('SELECT role FROM page_members WHERE page_id = $1 AND user_id = $2', pageId, userId)[0]?.role;
      if (!had) return 'not-member';
      if (had === 'owner' && role !== 'owner') {
        const owners = Number(this.all("SELECT count(*) AS n FROM page_members WHERE page_id = $1 AND role = 'owner'", pageId)[0]?.n);
        if (owners <= 1) return 'last-owner';
      }
      if (role === null) this.run('DELETE FROM page_members WHERE page_id = $1 AND user_id = $2', pageId, userId);
      else this.run('UPDATE page_members SET role = $3 WHERE page_id = $1 AND user_id = $2', pageId, userId, role);
      return 'changed';
    })();
  }
}
