/**
 * Where accounts and access live: users, sessions, API tokens, page members and
 * share links, in the same database as the pages (the tables of schema step
 * "accounts, sessions, tokens, page members and share links" in
 * storage/migrations.ts). Three implementations pass one contract suite
 * (store-contract.ts): memory, SQLite and PostgreSQL. `accessStoreFor` picks
 * the one that matches a PageStorage, so a server needs nothing more to open.
 *
 * Secrets never reach this layer in the clear except share-link tokens (256
 * random bits, kept so an owner can copy the link again): sessions and API
 * tokens are looked up by their SHA-256 hash, passwords are scrypt hashes.
 */
import type { Member, Role } from '@tandem/protocol';
import type { ListPagesOptions, PageInfo } from '../storage/storage.ts';

export interface UserRecord {
  id: string;
  /** Lower-cased: the unique index makes emails unique case-insensitively. */
  email: string;
  name: string;
  /** `scrypt$N$r$p$salt$hash` (passwords.ts). */
  passwordHash: string;
  /** The person's presence colour, the same on every page and after every reload. */
  color: string;
  createdAt: number;
}

export interface SessionRecord {
  tokenHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}

export interface TokenRecord {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: number;
}

export interface LinkRecord {
  id: string;
  pageId: string;
  role: 'editor' | 'viewer';
  token: string;
  createdBy: string;
  createdAt: number;
  revokedAt: number | null;
}

/** A page the person has a role on, as the page list shows it. */
export type MemberPage = PageInfo & { role: Role };

/** What changing or removing a member did: the change, no such member, or refused because the page would have no owner left. */
export type MemberChange = 'changed' | 'not-member' | 'last-owner';

export interface AccessStore {
  /** 'email-taken' when an account has the email already. */
  createUser(user: UserRecord): Promise<'created' | 'email-taken'>;
  userById(id: string): Promise<UserRecord | null>;
  userByEmail(email: string): Promise<UserRecord | null>;
  countUsers(): Promise<number>;

  createSession(session: SessionRecord): Promise<void>;
  /** The live session with this hash (expired ones are never returned). */
  session(tokenHash: string, now: number): Promise<SessionRecord | null>;
  extendSession(tokenHash: string, expiresAt: number): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;

  createToken(token: TokenRecord): Promise<void>;
  tokenByHash(tokenHash: string): Promise<TokenRecord | null>;
  /** False when the person has no token with this id. */
  deleteToken(userId: string, id: string): Promise<boolean>;

  role(pageId: string, userId: string): Promise<Role | null>;
  /** Makes the person a member with at least `role` (never lowering a role they have); resolves with the role they now have. */
  grantAtLeast(pageId: string, userId: string, role: Role, now: number): Promise<Role>;
  /** Sets (`role`) or removes (null) a member's role, unless it would leave the page without an owner. */
  changeMember(pageId: string, userId: string, role: Role | null): Promise<MemberChange>;
  /** Members with their names and emails, owners first, then by name. */
  members(pageId: string): Promise<Member[]>;
  /** The person's live pages, in the order and with the paging of PageStorage.listPages. */
  pagesOf(userId: string, options?: ListPagesOptions): Promise<MemberPage[]>;

  createLink(link: LinkRecord): Promise<void>;
  /** The page's links that are not revoked, oldest first. */
  links(pageId: string): Promise<LinkRecord[]>;
  /** The link with this token, unless it was revoked. */
  linkByToken(token: string): Promise<LinkRecord | null>;
  /** False when the page has no live link with this id. */
  revokeLink(pageId: string, linkId: string, now: number): Promise<boolean>;
}

const RANK: Record<Role, number> = { viewer: 0, editor: 1, owner: 2 };

/** The higher of two roles. */
export function higherRole(a: Role, b: Role): Role {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Members in the order the routes list them: owners, editors, viewers; then by name. */
export function byRoleThenName(a: Member, b: Member): number {
  return RANK[b.role] - RANK[a.role] || a.name.localeCompare(b.name) || (a.userId < b.userId ? -1 : 1);
}
