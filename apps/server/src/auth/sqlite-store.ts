/** Accounts and access in the SQLite file of SqliteStorage (better-sqlite3 is synchronous: each method is atomic as it stands). */
import type { Member, Role } from '@tandem/protocol';
import type Database from 'better-sqlite3';
import type { ListPagesOptions } from '../storage/storage.ts';
import {
  GRANT_QUERY,
  LINK_COLUMNS,
  MEMBER_QUERY,
  pagesOfQuery,
  positional,
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

export class SqliteAccessStore implements AccessStore {
  constructor(private readonly db: Database.Database) {}

  private all(text: string, ...params: unknown[]): Row[] {
    const { text: sql, order } = positional(text);
    return this.db.prepare(sql).all(...order.map((i) => params[i])) as Row[];
  }

  private get(text: string, ...params: unknown[]): Row | undefined {
    return this.all(text, ...params)[0];
  }

  private run(text: string, ...params: unknown[]): number {
    const { text: sql, order } = positional(text);
    return this.db.prepare(sql).run(...order.map((i) => params[i])).changes;
  }

  async createUser(u: UserRecord): Promise<'created' | 'email-taken'> {
    const inserted = this.run(
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
    const row = this.get(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, id);
    return row ? toUser(row) : null;
  }

  async userByEmail(email: string): Promise<UserRecord | null> {
    const row = this.get(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1`, email);
    return row ? toUser(row) : null;
  }

  async countUsers(): Promise<number> {
    return Number(this.get('SELECT count(*) AS n FROM users')?.n ?? 0);
  }

  async createSession(s: SessionRecord): Promise<void> {
    this.run(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      s.tokenHash,
      s.userId,
      s.createdAt,
      s.expiresAt,
    );
  }

  async session(tokenHash: string, now: number): Promise<SessionRecord | null> {
    const row = this.get(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE token_hash = $1 AND expires_at > $2`, tokenHash, now);
    return row ? toSession(row) : null;
  }

  async extendSession(tokenHash: string, expiresAt: number): Promise<void> {
    this.run('UPDATE sessions SET expires_at = $2 WHERE token_hash = $1', tokenHash, expiresAt);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.run('DELETE FROM sessions WHERE token_hash = $1', tokenHash);
  }

  async createToken(t: TokenRecord): Promise<void> {
    this.run(
      'INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
      t.id,
      t.userId,
      t.name,
      t.tokenHash,
      t.createdAt,
    );
  }

  async tokenByHash(tokenHash: string): Promise<TokenRecord | null> {
    const row = this.get(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1`, tokenHash);
    return row ? toToken(row) : null;
  }

  async deleteToken(userId: string, id: string): Promise<boolean> {
    return this.run('DELETE FROM api_tokens WHERE id = $1 AND user_id = $2', id, userId) === 1;
  }

  async role(pageId: string, userId: string): Promise<Role | null> {
    return (this.get('SELECT role FROM page_members WHERE page_id = $1 AND user_id = $2', pageId, userId)?.role as Role) ?? null;
  }

  async grantAtLeast(pageId: string, userId: string, role: Role, now: number): Promise<Role> {
    return this.get(GRANT_QUERY, pageId, userId, role, now)?.role as Role;
  }

  async changeMember(pageId: string, userId: string, role: Role | null): Promise<MemberChange> {
    return this.db.transaction((): MemberChange => {
      const had = this.get('SELECT role FROM page_members WHERE page_id = $1 AND user_id = $2', pageId, userId)?.role;
      if (!had) return 'not-member';
      if (had === 'owner' && role !== 'owner') {
        const owners = Number(this.get("SELECT count(*) AS n FROM page_members WHERE page_id = $1 AND role = 'owner'", pageId)?.n);
        if (owners <= 1) return 'last-owner';
      }
      if (role === null) this.run('DELETE FROM page_members WHERE page_id = $1 AND user_id = $2', pageId, userId);
      else this.run('UPDATE page_members SET role = $3 WHERE page_id = $1 AND user_id = $2', pageId, userId, role);
      return 'changed';
    })();
  }

  async members(pageId: string): Promise<Member[]> {
    return this.all(MEMBER_QUERY, pageId).map(toMember);
  }

  async pagesOf(userId: string, options: ListPagesOptions = {}): Promise<MemberPage[]> {
    // SQLite compares TEXT by code unit already.
    const { after, limit } = options;
    const rows = this.all(pagesOfQuery('', ''), userId, after?.updatedAt ?? null, after?.id ?? null, limit ?? -1);
    return rows.map(toMemberPage);
  }

  async createLink(l: LinkRecord): Promise<void> {
    this.run(
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
    return this.all(
      `SELECT ${LINK_COLUMNS} FROM share_links WHERE page_id = $1 AND revoked_at IS NULL ORDER BY created_at, id`,
      pageId,
    ).map(toLink);
  }

  async linkByToken(token: string): Promise<LinkRecord | null> {
    const row = this.get(`SELECT ${LINK_COLUMNS} FROM share_links WHERE token = $1 AND revoked_at IS NULL`, token);
    return row ? toLink(row) : null;
  }

  async revokeLink(pageId: string, linkId: string, now: number): Promise<boolean> {
    return (
      this.run('UPDATE share_links SET revoked_at = $3 WHERE id = $2 AND page_id = $1 AND revoked_at IS NULL', pageId, linkId, now) === 1
    );
  }
}
