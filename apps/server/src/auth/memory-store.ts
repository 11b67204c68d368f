/** Accounts and access in memory, beside a MemoryStorage: for tests and simulations; the reference for the contract. */
import type { Member, Role } from '@tandem/protocol';
import type { ListPagesOptions, PageStorage } from '../storage/storage.ts';
import {
  type AccessStore,
  byRoleThenName,
  higherRole,
  type LinkRecord,
  type MemberChange,
  type MemberPage,
  type SessionRecord,
  type TokenRecord,
  type UserRecord,
} from './store.ts';

export class MemoryAccessStore implements AccessStore {
  private readonly users = new Map<string, UserRecord>();
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly tokens = new Map<string, TokenRecord>();
  /** pageId → userId → role */
  private readonly roles = new Map<string, Map<string, Role>>();
  private readonly linkRows = new Map<string, LinkRecord>();

  constructor(private readonly pages: PageStorage) {}

  async createUser(user: UserRecord): Promise<'created' | 'email-taken'> {
    if ([...this.users.values()].some((u) => u.email === user.email)) return 'email-taken';
    this.users.set(user.id, { ...user });
    return 'created';
  }

  async userById(id: string): Promise<UserRecord | null> {
    const user = this.users.get(id);
    return user ? { ...user } : null;
  }

  async userByEmail(email: string): Promise<UserRecord | null> {
    const user = [...this.users.values()].find((u) => u.email === email);
    return user ? { ...user } : null;
  }

  async countUsers(): Promise<number> {
    return this.users.size;
  }

  async createSession(session: SessionRecord): Promise<void> {
    this.sessions.set(session.tokenHash, { ...session });
  }

  async session(tokenHash: string, now: number): Promise<SessionRecord | null> {
    const session = this.sessions.get(tokenHash);
    return session && session.expiresAt > now ? { ...session } : null;
  }

  async extendSession(tokenHash: string, expiresAt: number): Promise<void> {
    const session = this.sessions.get(tokenHash);
    if (session) session.expiresAt = expiresAt;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.sessions.delete(tokenHash);
  }

  async createToken(token: TokenRecord): Promise<void> {
    this.tokens.set(token.id, { ...token });
  }

  async tokenByHash(tokenHash: string): Promise<TokenRecord | null> {
    const token = [...this.tokens.values()].find((t) => t.tokenHash === tokenHash);
    return token ? { ...token } : null;
  }

  async deleteToken(userId: string, id: string): Promise<boolean> {
    if (this.tokens.get(id)?.userId !== userId) return false;
    return this.tokens.delete(id);
  }

  async role(pageId: string, userId: string): Promise<Role | null> {
    return this.roles.get(pageId)?.get(userId) ?? null;
  }

  async grantAtLeast(pageId: string, userId: string, role: Role): Promise<Role> {
    const page = this.roles.get(pageId) ?? new Map<string, Role>();
    this.roles.set(pageId, page);
    const had = page.get(userId);
    const now = had ? higherRole(had, role) : role;
    page.set(userId, now);
    return now;
  }

  async changeMember(pageId: string, userId: string, role: Role | null): Promise<MemberChange> {
    const page = this.roles.get(pageId);
    const had = page?.get(userId);
    if (!page || !had) return 'not-member';
    if (had === 'owner' && role !== 'owner' && [...page.values()].filter((r) => r === 'owner').length === 1) return 'last-owner';
    if (role === null) page.delete(userId);
    else page.set(userId, role);
    return 'changed';
  }

  async members(pageId: string): Promise<Member[]> {
    const page = this.roles.get(pageId) ?? new Map<string, Role>();
    const members: Member[] = [];
    for (const [userId, role] of page) {
      const user = this.users.get(userId);
      if (user) members.push({ userId, name: user.name, email: user.email, role });
    }
    return members.sort(byRoleThenName);
  }

  async pagesOf(userId: string, options: ListPagesOptions = {}): Promise<MemberPage[]> {
    const mine: MemberPage[] = [];
    for (const info of await this.pages.listPages(options.after ? { after: options.after } : {})) {
      const role = this.roles.get(info.id)?.get(userId);
      if (role) mine.push({ ...info, role });
      if (options.limit !== undefined && mine.length >= options.limit) break;
    }
    return mine;
  }

  async createLink(link: LinkRecord): Promise<void> {
    this.linkRows.set(link.id, { ...link });
  }

  async links(pageId: string): Promise<LinkRecord[]> {
    return [...this.linkRows.values()].filter((l) => l.pageId === pageId && l.revokedAt === null).map((l) => ({ ...l }));
  }

  async linkByToken(token: string): Promise<LinkRecord | null> {
    const link = [...this.linkRows.values()].find((l) => l.token === token && l.revokedAt === null);
    return link ? { ...link } : null;
  }

  async revokeLink(pageId: string, linkId: string, now: number): Promise<boolean> {
    const link = this.linkRows.get(linkId);
    if (!link || link.pageId !== pageId || link.revokedAt !== null) return false;
    link.revokedAt = now;
    return true;
  }
}
