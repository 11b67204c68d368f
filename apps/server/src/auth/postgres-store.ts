/**
 * Accounts and access in the PostgreSQL database of PostgresStorage, on its pool.
 * Each method is one statement, except changing a member, which locks the page's
 * members (FOR UPDATE) so that two owners demoting each other at once cannot
 * leave the page without one.
 */
import type { Member, Role } from '@tandem/protocol';
import type pg from 'pg';
import type { ListPagesOptions } from '../storage/storage.ts';
import {
  GRANT_QUERY,
  LINK_COLUMNS,
  MEMBER_QUERY,
  pagesOfQuery,
  SESSION_COLUMNS,
  TOKEN_COLUMNS,
  toLink,
  toMember,
  toMemberPage,
  toSession,
  toToken,
  toUser,
  USER_COLUMNS,
} from './sql-store.ts';
import type { AccessStore, LinkRecord, MemberChange, MemberPage, SessionRecord, TokenRecord, UserRecord } from './store.ts';

type Row = Record<string, unknown>;

export class PostgresAccessStore implements AccessStore {
  constructor(private readonly pool: pg.Pool) {}

  private async all(text: string, ...params: unknown[]): Promise<Row[]> {
    return (await this.pool.query<Row>(text, params)).rows;
  }

  private async get(text: string, ...params: unknown[]): Promise<Row | undefined> {
    return (await this.all(text, ...params))[0];
  }

  private async run(text: string, ...params: unknown[]): Promise<number> {
    return (await this.pool.query(text, params)).rowCount ?? 0;
  }

  async createUser(u: UserRecord): Promise<'created' | 'email-taken'> {
    const inserted = await this.run(
      'INSERT INTO users (id, email, name, password_hash, color, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (email) DO NOTHING',
      u.id,
      u.email,
      u.name,
      u.passwordHash,
      u.color,
      u.createdAt,
    );
    return inserted === 1 ? 'created' : 'email-taken';
  }

  async userById(id: string): Promise<UserRecord | null> {
    const row = await this.get(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, id);
    return row ? toUser(row) : null;
  }

  async userByEmail(email: string): Promise<UserRecord | null> {
    const row = await this.get(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1`, email);
    return row ? toUser(row) : null;
  }

  async countUsers(): Promise<number> {
    return Number((await this.get('SELECT count(*) AS n FROM users'))?.n ?? 0);
  }

  async createSession(s: SessionRecord): Promise<void> {
    await this.run(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      s.tokenHash,
      s.userId,
      s.createdAt,
      s.expiresAt,
    );
  }

  async session(tokenHash: string, now: number): Promise<SessionRecord | null> {
    const row = await this.get(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE token_hash = $1 AND expires_at > $2`, tokenHash, now);
    return row ? toSession(row) : null;
  }

  async extendSession(tokenHash: string, expiresAt: number): Promise<void> {
    await this.run('UPDATE sessions SET expires_at = $2 WHERE token_hash = $1', tokenHash, expiresAt);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.run('DELETE FROM sessions WHERE token_hash = $1', tokenHash);
  }

  async createToken(t: TokenRecord): Promise<void> {
    await this.run(
      'INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
      t.id,
      t.userId,
      t.name,
      t.tokenHash,
      t.createdAt,
    );
  }

  async tokenByHash(tokenHash: string): Promise<TokenRecord | null> {
    const row = await this.get(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1`, tokenHash);
    return row ? toToken(row) : null;
  }

  async deleteToken(userId: string, id: string): Promise<boolean> {
    return (await this.run('DELETE FROM api_tokens WHERE id = $1 AND user_id = $2', id, userId)) === 1;
  }

  async role(pageId: string, userId: string): Promise<Role | null> {
    const row = await this.get('SELECT role FROM page_members WHERE page_id = $1 AND user_id = $2', pageId, userId);
    return (row?.role as Role | undefined) ?? null;
  }

  async grantAtLeast(pageId: string, userId: string, role: Role, now: number): Promise<Role> {
    return (await this.get(GRANT_QUERY, pageId, userId, role, now))?.role as Role;
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

  async members(pageId: string): Promise<Member[]> {
    return (await this.all(MEMBER_QUERY, pageId)).map(toMember);
  }

  async pagesOf(userId: string, options: ListPagesOptions = {}): Promise<MemberPage[]> {
    const { after, limit } = options;
    // Ids compare by code unit (COLLATE "C"), as in the other stores, whatever the database's collation.
    const rows = await this.all(
      pagesOfQuery('COLLATE "C"', '::bigint'),
      userId,
      after?.updatedAt ?? null,
      after?.id ?? null,
      limit ?? null,
    );
    return rows.map(toMemberPage);
  }

  async createLink(l: LinkRecord): Promise<void> {
    await this.run(
      'INSERT INTO share_links (id, page_id, role, token, created_by, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, NULL)',
      l.id,
      l.pageId,
      l.role,
      l.token,
      l.createdBy,
      l.createdAt,
    );
  }

  async links(pageId: string): Promise<LinkRecord[]> {
    const rows = await this.all(
      `SELECT ${LINK_COLUMNS} FROM share_links WHERE page_id = $1 AND revoked_at IS NULL ORDER BY created_at, id`,
      pageId,
    );
    return rows.map(toLink);
  }

  async linkByToken(token: string): Promise<LinkRecord | null> {
    const row = await this.get(`SELECT ${LINK_COLUMNS} FROM share_links WHERE token = $1 AND revoked_at IS NULL`, token);
    return row ? toLink(row) : null;
  }

  async revokeLink(pageId: string, linkId: string, now: number): Promise<boolean> {
    return (
      (await this.run(
        'UPDATE share_links SET revoked_at = $3 WHERE id = $2 AND page_id = $1 AND revoked_at IS NULL',
        pageId,
        linkId,
        now,
      )) === 1
    );
  }
}
