/**
 * The access-store contract: one suite every AccessStore must pass, run on
 * memory, SQLite and PostgreSQL by store.test.ts. Pages are created through the
 * page store beside it, as the server does.
 */
import { starterDocument } from '@tandem/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { PageStorage } from '../storage/storage.ts';
import type { AccessStore, UserRecord } from './store.ts';

export interface AccessHarness {
  open(): Promise<{ pages: PageStorage; access: AccessStore }>;
}

let counter = 0;
const user = (name: string, email = `${name.toLowerCase()}-${++counter}-${Date.now()}@example.com`): UserRecord => ({
  id: `u-${name}-${++counter}-${Date.now().toString(36)}`,
  email,
  name,
  passwordHash: 'scrypt$1$1$1$salt$hash',
  color: '#e5484d',
  createdAt: 1_700_000_000_000 + counter,
});

export function accessContract(name: string, harness: AccessHarness): void {
  describe(`${name}: the access store contract`, () => {
    let opened: PageStorage[] = [];
    const open = async () => {
      const stores = await harness.open();
      opened.push(stores.pages);
      return stores;
    };
    afterEach(async () => {
      await Promise.all(opened.map((s) => s.close()));
      opened = [];
    });
    const page = () => `page-${++counter}-${Date.now().toString(36)}`;

    it('[A1] creates users with unique emails, found by id and by email', async () => {
      const { access } = await open();
      const ada = user('Ada');
      expect(await access.createUser(ada)).toBe('created');
      expect(await access.createUser({ ...user('Other'), email: ada.email })).toBe('email-taken');
      expect(await access.userById(ada.id)).toEqual(ada);
      expect(await access.userByEmail(ada.email)).toEqual(ada);
      expect(await access.userByEmail('nobody@example.com')).toBeNull();
      expect(await access.countUsers()).toBeGreaterThanOrEqual(1);
    });

    it('[A1] keeps sessions until they expire or are deleted, and extends them', async () => {
      const { access } = await open();
      const ada = user('Ada');
      await access.createUser(ada);
      await access.createSession({ tokenHash: 'h1', userId: ada.id, createdAt: 1000, expiresAt: 2000 });
      expect(await access.session('h1', 1500)).toEqual({ tokenHash: 'h1', userId: ada.id, createdAt: 1000, expiresAt: 2000 });
      expect(await access.session('h1', 2000)).toBeNull();
      await access.extendSession('h1', 3000);
      expect((await access.session('h1', 2500))?.expiresAt).toBe(3000);
      await access.deleteSession('h1');
      expect(await access.session('h1', 2500)).toBeNull();
      expect(await access.session('unknown', 0)).toBeNull();
    });

    it('[A1] keeps API tokens by hash; only their owner deletes them', async () => {
      const { access } = await open();
      const ada = user('Ada');
      const bob = user('Bob');
      await access.createUser(ada);
      await access.createUser(bob);
      const token = { id: `t-${++counter}`, userId: ada.id, name: 'ci', tokenHash: `th-${counter}`, createdAt: 5 };
      await access.createToken(token);
      expect(await access.tokenByHash(token.tokenHash)).toEqual(token);
      expect(await access.deleteToken(bob.id, token.id)).toBe(false);
      expect(await access.deleteToken(ada.id, token.id)).toBe(true);
      expect(await access.tokenByHash(token.tokenHash)).toBeNull();
      expect(await access.deleteToken(ada.id, token.id)).toBe(false);
    });

    it('[A2] grants roles without ever lowering one, and lists members owners first', async () => {
      const { access } = await open();
      const [ada, bob, cy] = [user('Ada'), user('Bob'), user('Cy')];
      for (const u of [ada, bob, cy]) await access.createUser(u);
      const id = page();
      expect(await access.role(id, ada.id)).toBeNull();
      expect(await access.grantAtLeast(id, ada.id, 'owner', 1)).toBe('owner');
      expect(await access.grantAtLeast(id, ada.id, 'viewer', 2)).toBe('owner');
      expect(await access.grantAtLeast(id, cy.id, 'viewer', 3)).toBe('viewer');
      expect(await access.grantAtLeast(id, bob.id, 'editor', 3)).toBe('editor');
      expect(await access.grantAtLeast(id, bob.id, 'viewer', 4)).toBe('editor');
      expect(await access.grantAtLeast(id, cy.id, 'editor', 5)).toBe('editor');
      expect(await access.role(id, cy.id)).toBe('editor');
      await access.changeMember(id, cy.id, 'viewer');
      expect(await access.members(id)).toEqual([
        { userId: ada.id, name: 'Ada', email: ada.email, role: 'owner' },
        { userId: bob.id, name: 'Bob', email: bob.email, role: 'editor' },
        { userId: cy.id, name: 'Cy', email: cy.email, role: 'viewer' },
      ]);
      expect(await access.members(page())).toEqual([]);
    });

    it('[A3] keeps at least one owner on a page', async () => {
      const { access } = await open();
      const [ada, bob] = [user('Ada'), user('Bob')];
      for (const u of [ada, bob]) await access.createUser(u);
      const id = page();
      await access.grantAtLeast(id, ada.id, 'owner', 1);
      await access.grantAtLeast(id, bob.id, 'editor', 1);
      expect(await access.changeMember(id, ada.id, 'editor')).toBe('last-owner');
      expect(await access.changeMember(id, ada.id, null)).toBe('last-owner');
      expect(await access.changeMember(id, bob.id, 'owner')).toBe('changed');
      expect(await access.changeMember(id, ada.id, null)).toBe('changed');
      expect(await access.role(id, ada.id)).toBeNull();
      expect(await access.changeMember(id, ada.id, 'viewer')).toBe('not-member');
      expect(await access.changeMember(id, bob.id, 'viewer')).toBe('last-owner');
      expect(await access.role(id, bob.id)).toBe('owner');
    });

    it('[A2] lists only the pages a person has a role on, live ones, newest first, in stretches', async () => {
      const { pages, access } = await open();
      const [ada, bob] = [user('Ada'), user('Bob')];
      for (const u of [ada, bob]) await access.createUser(u);
      const ids = [page(), page(), page(), page()];
      for (const id of ids) await pages.createIfMissing(id, starterDocument(id));
      // Distinct update times (a page's is its last patch's), in the order created.
      for (const [i, id] of ids.entries())
        await pages.append(id, [{ version: 1, opId: `o-${i}`, senderId: 'x', patches: [], ts: 1_000 + i }]);
      await access.grantAtLeast(ids[0] as string, ada.id, 'owner', 1);
      await access.grantAtLeast(ids[1] as string, ada.id, 'viewer', 1);
      await access.grantAtLeast(ids[2] as string, bob.id, 'owner', 1);
      await access.grantAtLeast(ids[3] as string, ada.id, 'editor', 1);
      await pages.deletePage(ids[3] as string);
      const mine = await access.pagesOf(ada.id);
      expect(mine.map((p) => [p.id, p.role])).toEqual([
        [ids[1], 'viewer'],
        [ids[0], 'owner'],
      ]);
      expect(mine[0]).toMatchObject({ title: ids[1], version: 1, deletedAt: null });
      const first = await access.pagesOf(ada.id, { limit: 1 });
      expect(first.map((p) => p.id)).toEqual([ids[1]]);
      const rest = await access.pagesOf(ada.id, { limit: 5, after: { updatedAt: first[0]?.updatedAt as number, id: ids[1] as string } });
      expect(rest.map((p) => p.id)).toEqual([ids[0]]);
      expect(await access.pagesOf(user('Nobody').id)).toEqual([]);
    });

    it('[A4] keeps share links until revoked, found by token', async () => {
      const { access } = await open();
      const ada = user('Ada');
      await access.createUser(ada);
      const id = page();
      const link = {
        id: `l-${++counter}`,
        pageId: id,
        role: 'viewer' as const,
        token: `tok-${counter}-${Date.now()}`,
        createdBy: ada.id,
        createdAt: 10,
        revokedAt: null,
      };
      const second = { ...link, id: `l-${++counter}`, role: 'editor' as const, token: `tok-${counter}-${Date.now()}`, createdAt: 11 };
      await access.createLink(link);
      await access.createLink(second);
      expect(await access.links(id)).toEqual([link, second]);
      expect(await access.linkByToken(link.token)).toEqual(link);
      expect(await access.revokeLink(page(), link.id, 20)).toBe(false);
      expect(await access.revokeLink(id, link.id, 20)).toBe(true);
      expect(await access.revokeLink(id, link.id, 21)).toBe(false);
      expect(await access.linkByToken(link.token)).toBeNull();
      expect(await access.links(id)).toEqual([second]);
      expect(await access.linkByToken('unknown')).toBeNull();
    });
  });
}
