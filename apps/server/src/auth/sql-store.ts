/**
 * The SQL both databases share for accounts and access: the statements are the
 * same text in SQLite and PostgreSQL but for the placeholders, written `$1…` as
 * PostgreSQL takes them; `positional()` turns them into `?` for SQLite (where `$n` binds by name).
 */
import type { Member, Role } from '@tandem/protocol';
import type { LinkRecord, MemberPage, SessionRecord, TokenRecord, UserRecord } from './store.ts';

export const USER_COLUMNS = 'id, email, name, password_hash AS "passwordHash", color, created_at AS "createdAt"';
export const SESSION_COLUMNS = 'token_hash AS "tokenHash", user_id AS "userId", created_at AS "createdAt", expires_at AS "expiresAt"';
export const TOKEN_COLUMNS = 'id, user_id AS "userId", name, token_hash AS "tokenHash", created_at AS "createdAt"';
export const LINK_COLUMNS =
  'id, page_id AS "pageId", role, token, created_by AS "createdBy", created_at AS "createdAt", revoked_at AS "revokedAt"';
export const MEMBER_QUERY = `SELECT m.user_id AS "userId", u.name, u.email, m.role FROM page_members m JOIN users u ON u.id = m.user_id
  WHERE m.page_id = $1
  ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'editor' THEN 1 ELSE 2 END, u.name, m.user_id`;
/** Never lowers a role: an owner stays owner, an editor joining by a view link stays editor. */
export const GRANT_QUERY = `INSERT INTO page_members (page_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (page_id, user_id) DO UPDATE SET role = CASE
    WHEN page_members.role = 'owner' OR (page_members.role = 'editor' AND excluded.role = 'viewer') THEN page_members.role
    ELSE excluded.role END
  RETURNING role`;

/** The person's pages, most recently changed first, keyset-paged like PageStorage.listPages: `$2`, `$3` the page before's time and id, `$4` the limit. */
export function pagesOfQuery(idOrder: string, timeCast: string): string {
  return `SELECT p.id, p.title, p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt", p.deleted_at AS "deletedAt", m.role
    FROM page_members m JOIN pages p ON p.id = m.page_id
    WHERE m.user_id = $1 AND p.deleted_at IS NULL
      AND ($2${timeCast} IS NULL OR p.updated_at < $2 OR (p.updated_at = $2 AND p.id ${idOrder} > $3))
    ORDER BY p.updated_at DESC, p.id ${idOrder} LIMIT $4`;
}

/** `$n` placeholders as `?` for SQLite, with the parameter each `?` takes (a `$n` may appear more than once). */
export function positional(text: string): { text: string; order: number[] } {
  const order: number[] = [];
  const sql = text.replace(/\$(\d+)/g, (_m, n: string) => {
    order.push(Number(n) - 1);
    return '?';
  });
  return { text: sql, order };
}

// Rows come back with numbers as numbers (SQLite) or bigint text (PostgreSQL): one conversion each.
export const toUser = (r: Record<string, unknown>): UserRecord => ({ ...(r as unknown as UserRecord), createdAt: Number(r.createdAt) });
export const toSession = (r: Record<string, unknown>): SessionRecord => ({
  ...(r as unknown as SessionRecord),
  createdAt: Number(r.createdAt),
  expiresAt: Number(r.expiresAt),
});
export const toToken = (r: Record<string, unknown>): TokenRecord => ({ ...(r as unknown as TokenRecord), createdAt: Number(r.createdAt) });
export const toLink = (r: Record<string, unknown>): LinkRecord => ({
  ...(r as unknown as LinkRecord),
  createdAt: Number(r.createdAt),
  revokedAt: r.revokedAt === null || r.revokedAt === undefined ? null : Number(r.revokedAt),
});
export const toMember = (r: Record<string, unknown>): Member => r as unknown as Member;
export const toMemberPage = (r: Record<string, unknown>): MemberPage => ({
  id: String(r.id),
  title: String(r.title),
  version: Number(r.version),
  createdAt: Number(r.createdAt),
  updatedAt: Number(r.updatedAt),
  deletedAt: null,
  role: r.role as Role,
});
