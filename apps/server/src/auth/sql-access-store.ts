/**
 * The access store both SQL databases share: every method is the same statement on
 * SQLite and PostgreSQL, mapped back by the same row conversions (sql-store.ts). A
 * backend says only how to run a statement (`all`, `run`; synchronous or not) and
 * does what differs: changing a member atomically, and how pages sort and page.
 */
import type { Member, Role } from '@tandem/protocol';
import type { ListPagesOptions } from '../storage/storage.ts';
import {
  GRANT_QUERY,
  LINK_COLUMNS,
  MEMBER_QUERY,
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

export type Row = Record<string, unknown>;

/** How a database lists a person's pages: `query` is pagesOfQuery() in its dialect, `noLimit` its LIMIT for "all". */
export interface PagesDialect {
  query: string;
  noLimit: number | null;
}

export abstract class SqlAccessStore implements AccessStore {
  protected constructor(private readonly pages: PagesDialect) {}

  /** The rows of `text`, whose `$n` placeholders take `params[n - 1]`. */
  protected abstract all(text: string, ...params: unknown[]): Promise<Row[]> | Row[];
  /** How many rows `text` changed. */
  protected abstract run(text: string, ...params: unknown[]): Promise<number> | number;
  abstract changeMember(pageId: string, userId: string, role: Role | null): Promise<MemberChange>;

  private async get(text: string, ...params: unknown[]): Promise<Row | undefined> {
    return (await this.all(text, ...params))[0];
  }

  /** One new row, each column beside its value so that none takes another's; `then` is what follows, such as ON CONFLICT. */
  private async insert(table: string, values: Record<string, unknown>, then = ''): Promise<number> {
    const columns = Object.keys(values);
    const placeholders = columns.map((_, i) => `$${i + 1}`).join(', ');
    return this.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders}) ${then}`.trimEnd(), ...Object.values(values));
  }

  async createUser(u: UserRecord): Promise<'created' | 'email-taken'> {
    const user = { id: u.id, email: u.email, name: u.name, password_hash: u.passwordHash, color: u.color, created_at: u.createdAt };
    const inserted = await this.insert('users', user, 'ON CONFLICT (email) DO NOTHING');
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
    await this.insert('sessions', { token_hash: s.tokenHash, user_id: s.userId, created_at: s.createdAt, expires_at: s.expiresAt });
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
    await this.insert('api_tokens', { id: t.id, user_id: t.userId, name: t.name, token_hash: t.tokenHash, created_at: t.createdAt });
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

  async members(pageId: string): Promise<Member[]> {
    return (await this.all(MEMBER_QUERY, pageId)).map(toMember);
  }

  async pagesOf(userId: string, options: ListPagesOptions = {}): Promise<MemberPage[]> {
    const { after, limit } = options;
    const rows = await this.all(this.pages.query, userId, after?.updatedAt ?? null, after?.id ?? null, limit ?? this.pages.noLimit);
    return rows.map(toMemberPage);
  }

  async createLink(l: LinkRecord): Promise<void> {
    const link = { id: l.id, page_id: l.pageId, role: l.role, token: l.token, created_by: l.createdBy, created_at: l.createdAt };
    await this.insert('share_links', { ...link, revoked_at: null });
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
    const changed = await this.run(
      'UPDATE share_links SET revoked_at = $3 WHERE id = $2 AND page_id = $1 AND revoked_at IS NULL',
      pageId,
      linkId,
      now,
    );
    return changed === 1;
  }
}
