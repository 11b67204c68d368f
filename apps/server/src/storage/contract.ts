/**
 * The storage contract: one suite that every PageStorage must pass, run against
 * each backend by its own test file (memory.test.ts, sqlite.test.ts,
 * postgres.test.ts). A backend differs only in how it is opened, reopened after
 * a restart, and damaged for the bad-data tests.
 */
import { cloneJson, type Operation, type PageDocument, starterDocument, templateDocument } from '@tandem/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentFormats } from './migrations.ts';
import { type LogEntry, type PageStorage, PageUnreadableError, StorageConflictError, type StorageOptions } from './storage.ts';

export interface StorageHarness {
  /** A new, empty store. */
  open(options?: StorageOptions): Promise<PageStorage>;
  /** The same data opened again after `storage.close()`, as after a restart; absent for memory. */
  reopen?(storage: PageStorage, options?: StorageOptions): Promise<PageStorage>;
  /** Overwrites a stored snapshot's text, as a disk error or a bad write would. */
  corruptSnapshot(storage: PageStorage, pageId: string, version: number, text: string): Promise<void>;
  /** Transactions and writes committed so far, for backends that group commits. */
  commits?(storage: PageStorage): { transactions: number; writes: number };
}

const heading = (text: string): Operation[] => [{ op: 'replace', path: '/components/hero-heading/props/text', value: text }];

function entry(version: number, patches: Operation[] = heading(`v${version}`), userName = 'Ada'): LogEntry {
  return { version, opId: `op-${version}`, senderId: `u-${userName}`, userName, patches, ts: 1_700_000_000_000 + version };
}

function entries(from: number, to: number, userName = 'Ada'): LogEntry[] {
  return Array.from({ length: to - from + 1 }, (_, i) => entry(from + i, undefined, userName));
}

function withHeading(text: string): PageDocument {
  const doc = starterDocument();
  (doc.components['hero-heading'] as { props: Record<string, unknown> }).props.text = text;
  return doc;
}

export function storageContract(name: string, harness: StorageHarness): void {
  describe(`${name}: the storage contract`, () => {
    let open: PageStorage[] = [];
    let pages = 0;
    const page = () => `page-${++pages}-${Date.now().toString(36)}`;
    const start = async (options?: StorageOptions) => {
      const storage = await harness.open(options);
      open.push(storage);
      return storage;
    };
    const restart = async (storage: PageStorage, options?: StorageOptions) => {
      await storage.close();
      open = open.filter((s) => s !== storage);
      const again = await (harness.reopen as NonNullable<StorageHarness['reopen']>)(storage, options);
      open.push(again);
      return again;
    };
    afterEach(async () => {
      await Promise.all(open.map((s) => s.close()));
      open = [];
    });

    describe('pages', () => {
      it('creates a page at version 0 once, and loads it', async () => {
        const s = await start();
        const id = page();
        expect(await s.load(id)).toBeNull();
        expect(await s.createIfMissing(id, starterDocument('First'))).toBe('created');
        expect(await s.createIfMissing(id, templateDocument('blank'))).toBe('exists');
        const loaded = await s.load(id);
        expect(loaded).toMatchObject({
          doc: starterDocument('First'),
          version: 0,
          log: [],
          snapshotVersion: 0,
          problems: [],
          upgraded: false,
        });
        expect(await s.getPage(id)).toMatchObject({ id, title: 'First', version: 0, deletedAt: null });
      });

      it('never shares an object with its caller', async () => {
        const s = await start();
        const id = page();
        const doc = starterDocument();
        await s.createIfMissing(id, doc);
        doc.rootId = 'changed';
        const first = (await s.load(id))?.doc as PageDocument;
        first.rootId = 'changed too';
        const patches = heading('kept');
        const e = entry(1, patches);
        await s.append(id, [e]);
        (patches[0] as { value: string }).value = 'mutated';
        expect((await s.load(id))?.doc).toEqual(withHeading('kept'));
      });

      it('lists live pages, the most recently changed first, with title and version', async () => {
        const s = await start();
        const [a, b, c] = [page(), page(), page()];
        await s.createIfMissing(a, starterDocument('A'));
        await s.createIfMissing(b, starterDocument('B'));
        await s.createIfMissing(c, starterDocument('C'));
        await s.append(a, [{ ...entry(1), ts: Date.now() + 60_000 }], { title: 'A renamed' });
        await s.deletePage(c);
        const listed = (await s.listPages()).filter((p) => [a, b, c].includes(p.id));
        expect(listed.map((p) => [p.id, p.title, p.version])).toEqual([
          [a, 'A renamed', 1],
          [b, 'B', 0],
        ]);
        expect(listed[0]?.updatedAt).toBeGreaterThan(listed[1]?.updatedAt as number);
        expect(listed[1]?.createdAt).toBeTypeOf('number');
      });

      it('lists pages a stretch at a time, each after the last one of the stretch before', async () => {
        const s = await start();
        const ts = Date.now() + 3_600_000;
        // Five pages, two pairs sharing a time, so that ties are ordered by id.
        const ids = ['pg-e', 'pg-a', 'pg-c', 'pg-b', 'pg-d'].map((suffix) => `${page()}-${suffix}`);
        const times = [ts + 3, ts + 2, ts + 2, ts + 1, ts + 1];
        for (const [i, id] of ids.entries()) {
          await s.createIfMissing(id, starterDocument());
          await s.append(id, [{ ...entry(1), ts: times[i] as number }]);
        }
        const ours = (list: { id: string }[]) => list.map((p) => p.id).filter((id) => ids.includes(id));
        const expected = [ids[0], ...[ids[1], ids[2]].sort(), ...[ids[3], ids[4]].sort()];
        expect(ours(await s.listPages())).toEqual(expected);
        const first = await s.listPages({ limit: 2 });
        expect(first).toHaveLength(2);
        const seen: string[] = [];
        let last = first.at(-1);
        seen.push(...ours(first));
        while (last) {
          const next = await s.listPages({ limit: 2, after: { updatedAt: last.updatedAt, id: last.id } });
          expect(next.length).toBeLessThanOrEqual(2);
          seen.push(...ours(next));
          last = next.at(-1);
        }
        expect(seen).toEqual(expected);
        // Within a tie, after the lower id comes the higher one.
        const [tieLow, tieHigh] = [ids[1], ids[2]].sort() as [string, string];
        expect(ours(await s.listPages({ after: { updatedAt: ts + 2, id: tieLow } }))).toEqual([tieHigh, ...[ids[3], ids[4]].sort()]);
      });

      it('deletes a page with its history, and keeps its id taken', async () => {
        const s = await start();
        const id = page();
        await s.createIfMissing(id, starterDocument());
        await s.append(id, entries(1, 3));
        expect(await s.deletePage(id)).toBe(true);
        expect(await s.deletePage(id)).toBe(false);
        expect(await s.deletePage(page())).toBe(false);
        expect(await s.load(id)).toBeNull();
        expect(await s.loadVersion(id, 1)).toBeNull();
        expect(await s.listVersions(id)).toEqual([]);
        expect(await s.findOp(id, 'op-1')).toBeNull();
        expect((await s.getPage(id))?.deletedAt).toBeTypeOf('number');
        expect(await s.createIfMissing(id, starterDocument())).toBe('deleted');
        await expect(s.append(id, [entry(4)])).rejects.toBeInstanceOf(StorageConflictError);
      });
    });

    describe('the log', () => {
      it('appends patches and replays them on load, with the log in order', async () => {
        const s = await start();
        const id = page();
        await s.createIfMissing(id, starterDocument());
        await s.append(id, [entry(1)]);
        await s.append(id, entries(2, 4, 'Bob'));
        const loaded = await s.load(id);
        expect(loaded?.version).toBe(4);
        expect(loaded?.doc).toEqual(withHeading('v4'));
        expect(loaded?.log).toEqual([entry(1), ...entries(2, 4, 'Bob')]);
        expect((await s.load(id, { logLimit: 2 }))?.log.map((e) => e.version)).toEqual([3, 4]);
        expect((await s.getPage(id))?.updatedAt).toBe(entry(4).ts);
      });

      it('stores a batch whole or not at all', async () => {
        const s = await start();
        const id = page();
        await s.createIfMissing(id, starterDocument());
        await s.append(id, [entry(1)]);
        const clash = { ...entry(3), opId: 'op-1' };
        await expect(s.append(id, [entry(2), clash])).rejects.toBeInstanceOf(StorageConflictError);
        expect((await s.load(id))?.version).toBe(1);
        expect(await s.findOp(id, 'op-2')).toBeNull();
        await s.append(id, entries(2, 3));
        expect((await s.load(id))?.version).toBe(3);
      });

      it('refuses a gap, a repeat and an unknown page', async () => {
        const s = await start();
        const id = page();
        await s.createIfMissing(id, starterDocument());
        await expect(s.append(id, [entry(2)])).rejects.toBeInstanceOf(StorageConflictError);
        await s.append(id, [entry(1)]);
        await expect(s.append(id, [entry(1)])).rejects.toBeInstanceOf(StorageConflictError);
        await expect(s.append(page(), [entry(1)])).rejects.toBeInstanceOf(StorageConflictError);
        expect((await s.load(id))?.version).toBe(1);
      });

      it('finds a stored patch by its opId', async () => {
        const s = await start();
        const id = page();
        await s.createIfMissing(id, starterDocument());
        await s.append(id, entries(1, 5));
        expect(await s.findOp(id, 'op-3')).toBe(3);
        expect(await s.findOp(id, 'op-9')).toBeNull();
        expect(await s.findOp(page(), 'op-3')).toBeNull();
      });

      it('keeps writes to one page in the order they were asked for, however many at once', async () => {
        const s = await start();
        const ids = [page(), page(), page()];
        await Promise.all(ids.map((id) => s.createIfMissing(id, starterDocument())));
        const before = harness.commits?.(s);
        await Promise.all(ids.flatMap((id) => [1, 2, 3, 4].map((v) => s.append(id, [entry(v)]))));
        for (const id of ids) expect((await s.load(id))?.doc).toEqual(withHeading('v4'));
        const after = harness.commits?.(s);
        // Group commit: twelve writes asked for in one turn share one transaction.
        if (before && after) expect(after.transactions - before.transactions).toBe(1);
      });
    });

    describe('snapshots and history', () => {
      it('stores a snapshot with a batch, and rebuilds from it', async () => {
        const s = await start();
        const id = page();
        await s.createIfMissing(id, starterDocument());
        await s.append(id, entries(1, 3, 'Ada'), { snapshot: withHeading('v3') });
        await s.append(id, entries(4, 5, 'Bob'));
        const loaded = await s.load(id);
        expect(loaded).toMatchObject({ version: 5, snapshotVersion: 3, doc: withHeading('v5') });
        expect(loaded?.log.map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
      });

      it('lists snapshots newest first, with their time and who edited since the one before', async () => {
        const s = await start();
        const id = page();
        await s.createIfMissing(id, starterDocument());
        await s.append(id, [entry(1, undefined, 'Ada'), entry(2, undefined, 'Bob'), entry(3, undefined, 'Ada')]);
        await s.writeSnapshot(id, 3, withHeading('v3'));
        await s.append(id, [entry(4, undefined, 'Cy')], { snapshot: withHeading('v4') });
        const versions = await s.listVersions(id);
        expect(versions.map((v) => [v.version, v.authors])).toEqual([
          [4, ['Cy']],
          [3, ['Ada', 'Bob']],
          [0, []],
        ]);
        expect(versions[0]?.ts).toBe(entry(4).ts);
        expect(versions[2]?.ts).toBeTypeOf('number');
      });

      it('[H1][#11 bug 7] labels versions with what made them and who; the first label stands; unlabelled ones have none', async () => {
        const s = await start();
        const id = page();
        await s.createIfMissing(id, starterDocument());
        await s.append(id, entries(1, 2));
        await s.writeSnapshot(id, 2, withHeading('v2'));
        const ada = { userId: 'u-ada', userName: 'Ada', ts: 1_700_000_000_500 };
        await s.labelVersion(id, 2, { kind: 'before-restore', restoredFrom: 0, ...ada });
        await s.append(id, [entry(3, heading('Welcome to your page'))], { snapshot: starterDocument() });
        await s.labelVersion(id, 3, { kind: 'restore', restoredFrom: 0, ...ada });
        // A second label of version 3 (say, Bob leaving right after) does not replace what made it.
        await s.labelVersion(id, 3, { kind: 'session-end', userId: 'u-bob', userName: 'Bob', ts: 1_700_000_000_900 });
        await s.labelVersion(page(), 0, { kind: 'session-end', ...ada }); // an unknown page: nothing, no error
        const versions = await s.listVersions(id);
        expect(versions.map((v) => [v.version, v.label ?? null])).toEqual([
          [3, { kind: 'restore', userName: 'Ada', restoredFrom: 0, ts: ada.ts }],
          [2, { kind: 'before-restore', userName: 'Ada', restoredFrom: 0, ts: ada.ts }],
          [0, null],
        ]);
        expect(versions[2]).not.toHaveProperty('label');
        // Deleting the page takes its labels with it.
        await s.deletePage(id);
        expect(await s.listVersions(id)).toEqual([]);
        await s.labelVersion(id, 3, { kind: 'session-end', ...ada });
        expect(await s.listVersions(id)).toEqual([]);
      });

      it('gives the document at any kept version, and null past the page', async () => {
        const s = await start();
        const id = page();
        await s.createIfMissing(id, starterDocument());
        await s.append(id, entries(1, 4), { snapshot: withHeading('v4') });
        await s.append(id, entries(5, 6));
        expect(await s.loadVersion(id, 0)).toEqual({ doc: starterDocument(), version: 0 });
        expect(await s.loadVersion(id, 2)).toEqual({ doc: withHeading('v2'), version: 2 });
        expect(await s.loadVersion(id, 5)).toEqual({ doc: withHeading('v5'), version: 5 });
        expect(await s.loadVersion(id)).toEqual({ doc: withHeading('v6'), version: 6 });
        expect(await s.loadVersion(id, 7)).toBeNull();
        expect(await s.loadVersion(page(), 0)).toBeNull();
      });

      it('compacts the log behind the retention window, keeping what rebuilds the two newest snapshots', async () => {
        const s = await start({ logRetention: 3 });
        const id = page();
        await s.createIfMissing(id, starterDocument());
        await s.append(id, entries(1, 10), { snapshot: withHeading('v10') });
        // The newest is 10, the one before 0: nothing may go yet.
        expect(await s.findOp(id, 'op-1')).toBe(1);
        await s.append(id, entries(11, 20), { snapshot: withHeading('v20') });
        // Now 10 covers the start: everything up to it goes (20 − 3 = 17 would allow more).
        expect(await s.findOp(id, 'op-10')).toBeNull();
        expect(await s.findOp(id, 'op-11')).toBe(11);
        expect(await s.loadVersion(id, 5)).toBeNull();
        expect(await s.loadVersion(id, 10)).toEqual({ doc: withHeading('v10'), version: 10 });
        expect(await s.loadVersion(id, 15)).toEqual({ doc: withHeading('v15'), version: 15 });
        await s.append(id, entries(21, 30), { snapshot: withHeading('v30') });
        // The snapshot before the newest bounds it again: min(20, 30 − 3) = 20.
        expect(await s.findOp(id, 'op-20')).toBeNull();
        expect(await s.findOp(id, 'op-21')).toBe(21);
        expect((await s.load(id))?.doc).toEqual(withHeading('v30'));
        expect((await s.listVersions(id)).map((v) => v.version)).toEqual([30, 20, 10, 0]);
      });

      it('compacts a tenth of the retention window at a time, not an entry with every snapshot', async () => {
        const s = await start({ logRetention: 20 });
        const id = page();
        await s.createIfMissing(id, starterDocument());
        for (let v = 1; v <= 23; v++) await s.append(id, entries(v, v), { snapshot: withHeading(`v${v}`) });
        // At 21 one entry (1) was behind the window: less than a tenth of it (2), so it stayed; at 22, 1 and 2 went.
        expect(await s.findOp(id, 'op-2')).toBeNull();
        expect(await s.findOp(id, 'op-3')).toBe(3);
        await s.append(id, entries(24, 24), { snapshot: withHeading('v24') });
        expect(await s.findOp(id, 'op-4')).toBeNull();
        expect(await s.findOp(id, 'op-5')).toBe(5);
      });

      it('keeps the retention window even when snapshots are closer together', async () => {
        const s = await start({ logRetention: 5 });
        const id = page();
        await s.createIfMissing(id, starterDocument());
        for (let v = 2; v <= 12; v += 2) await s.append(id, entries(v - 1, v), { snapshot: withHeading(`v${v}`) });
        expect(await s.findOp(id, 'op-7')).toBeNull();
        expect(await s.findOp(id, 'op-8')).toBe(8);
        expect((await s.load(id, { logLimit: 100 }))?.log.map((e) => e.version)).toEqual([8, 9, 10, 11, 12]);
      });
    });

    describe('publications', () => {
      const release = (version: number, html: string, publishedBy = 'Ada') => ({ version, publishedBy, html, etag: `"${html}"` });

      it('numbers publications 1, 2, … and makes each new one live', async () => {
        const s = await start({ now: () => 1_700_000_000_000 });
        const id = page();
        await s.createIfMissing(id, starterDocument());
        expect(await s.readLivePublication(id)).toEqual({ state: 'unpublished' });
        expect(await s.publish(id, release(0, '<p>one</p>'))).toEqual({
          number: 1,
          version: 0,
          publishedAt: 1_700_000_000_000,
          publishedBy: 'Ada',
        });
        await s.append(id, entries(1, 2));
        expect(await s.publish(id, release(2, '<p>two</p>', 'Grace'))).toMatchObject({ number: 2, version: 2, publishedBy: 'Grace' });
        expect(await s.listPublications(id)).toEqual([
          { number: 2, version: 2, publishedAt: 1_700_000_000_000, publishedBy: 'Grace', live: true },
          { number: 1, version: 0, publishedAt: 1_700_000_000_000, publishedBy: 'Ada', live: false },
        ]);
        expect(await s.readLivePublication(id)).toEqual({
          state: 'live',
          publication: { number: 2, version: 2, publishedAt: 1_700_000_000_000, publishedBy: 'Grace' },
          html: '<p>two</p>',
          etag: '"<p>two</p>"',
        });
      });

      it('rolls back to an older publication, unpublishes, and keeps numbering after both', async () => {
        const s = await start();
        const id = page();
        await s.createIfMissing(id, starterDocument());
        await s.publish(id, release(0, 'one'));
        await s.publish(id, release(0, 'two'));
        expect(await s.setLivePublication(id, 1)).toBe(true);
        expect(await s.readLivePublication(id)).toMatchObject({ state: 'live', html: 'one', publication: { number: 1 } });
        expect((await s.listPublications(id)).map((p) => [p.number, p.live])).toEqual([
          [2, false],
          [1, true],
        ]);
        // No such publication: refused, and the live one stays.
        expect(await s.setLivePublication(id, 7)).toBe(false);
        expect(await s.readLivePublication(id)).toMatchObject({ state: 'live', html: 'one' });
        expect(await s.setLivePublication(id, null)).toBe(true);
        expect(await s.readLivePublication(id)).toEqual({ state: 'unpublished' });
        expect((await s.listPublications(id)).some((p) => p.live)).toBe(false);
        expect(await s.publish(id, release(0, 'three'))).toMatchObject({ number: 3 });
        expect(await s.readLivePublication(id)).toMatchObject({ state: 'live', html: 'three' });
      });

      it('keeps publications per page, and nothing for unknown or deleted pages', async () => {
        const s = await start();
        const [a, b] = [page(), page()];
        await s.createIfMissing(a, starterDocument());
        await s.createIfMissing(b, starterDocument());
        await s.publish(a, release(0, 'a1'));
        expect(await s.publish(b, release(0, 'b1'))).toMatchObject({ number: 1 });
        expect(await s.readLivePublication(a)).toMatchObject({ html: 'a1' });

        const unknown = page();
        expect(await s.readLivePublication(unknown)).toEqual({ state: 'unknown' });
        expect(await s.listPublications(unknown)).toEqual([]);
        expect(await s.setLivePublication(unknown, 1)).toBe(false);
        await expect(s.publish(unknown, release(0, 'x'))).rejects.toBeInstanceOf(StorageConflictError);

        expect(await s.deletePage(a)).toBe(true);
        expect(await s.readLivePublication(a)).toEqual({ state: 'deleted' });
        expect(await s.listPublications(a)).toEqual([]);
        expect(await s.setLivePublication(a, 1)).toBe(false);
        await expect(s.publish(a, release(0, 'x'))).rejects.toBeInstanceOf(StorageConflictError);
        expect(await s.readLivePublication(b)).toMatchObject({ state: 'live', html: 'b1' });
      });

      it('keeps the newest publications only, so that publishing again and again cannot grow a page without bound', async () => {
        const s = await start({ publicationRetention: 3 });
        const id = page();
        await s.createIfMissing(id, starterDocument());
        for (let n = 1; n <= 5; n++) await s.publish(id, release(0, `p${n}`));
        expect((await s.listPublications(id)).map((p) => p.number)).toEqual([5, 4, 3]);
        expect(await s.setLivePublication(id, 2)).toBe(false);
        expect(await s.setLivePublication(id, 3)).toBe(true);
        // The next publish goes live and is the newest: the live one is never pruned.
        await s.publish(id, release(0, 'p6'));
        expect((await s.listPublications(id)).map((p) => [p.number, p.live])).toEqual([
          [6, true],
          [5, false],
          [4, false],
        ]);
      });

      it('two publishes at once get two numbers', async () => {
        const s = await start();
        const id = page();
        await s.createIfMissing(id, starterDocument());
        const made = await Promise.all([s.publish(id, release(0, 'x')), s.publish(id, release(0, 'y'))]);
        expect(made.map((p) => p.number).sort()).toEqual([1, 2]);
      });

      // Only backends that keep data across a restart (not memory): left out rather than reported skipped.
      if (harness.reopen)
        it('survive a restart, with the live one still live', async () => {
          const s = await start();
          const id = page();
          await s.createIfMissing(id, starterDocument());
          await s.publish(id, release(0, 'one'));
          await s.publish(id, release(0, 'two'));
          await s.setLivePublication(id, 1);
          const again = await restart(s);
          expect(await again.readLivePublication(id)).toMatchObject({ state: 'live', html: 'one', etag: '"one"' });
          expect((await again.listPublications(id)).map((p) => p.number)).toEqual([2, 1]);
        });
    });

    describe('bad data', () => {
      it('rebuilds from the snapshot before an unreadable one, and says so', async () => {
        const s = await start();
        const id = page();
        await s.createIfMissing(id, starterDocument());
        await s.append(id, entries(1, 3), { snapshot: withHeading('v3') });
        await s.append(id, entries(4, 6), { snapshot: withHeading('v6') });
        await s.append(id, entries(7, 7));
        await harness.corruptSnapshot(s, id, 6, '{"rootId": "root", "compo');
        const loaded = await s.load(id);
        expect(loaded?.doc).toEqual(withHeading('v7'));
        expect(loaded?.version).toBe(7);
        expect(loaded?.snapshotVersion).toBe(3);
        expect(loaded?.problems).toEqual([expect.stringMatching(/snapshot 6 is not valid JSON/)]);
        expect(await s.loadVersion(id, 6)).toEqual({ doc: withHeading('v6'), version: 6 });
      });

      it('treats a snapshot that is JSON but not a valid page as unreadable too', async () => {
        const s = await start();
        const id = page();
        await s.createIfMissing(id, starterDocument());
        await s.append(id, entries(1, 2), { snapshot: withHeading('v2') });
        await harness.corruptSnapshot(s, id, 2, JSON.stringify({ rootId: 'root', components: {} }));
        const loaded = await s.load(id);
        expect(loaded?.doc).toEqual(withHeading('v2'));
        expect(loaded?.problems[0]).toMatch(/snapshot 2 does not rebuild into a valid page: D1/);
      });

      it('reports a page it cannot rebuild, and never offers an empty one in its place', async () => {
        const s = await start({ logRetention: 0 });
        const id = page();
        await s.createIfMissing(id, starterDocument());
        await s.append(id, entries(1, 2), { snapshot: withHeading('v2') });
        await s.append(id, entries(3, 4), { snapshot: withHeading('v4') });
        // The log before 2 is compacted: with 4 unreadable, 2 is the only way back, and then 2 too.
        await harness.corruptSnapshot(s, id, 4, 'garbage');
        expect((await s.load(id))?.doc).toEqual(withHeading('v4'));
        await harness.corruptSnapshot(s, id, 2, 'garbage');
        const failure = await s.load(id).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(PageUnreadableError);
        expect((failure as Error).message).toMatch(
          /page .* cannot be read: snapshot 4 is not valid JSON.*snapshot 2 is not valid JSON.*no longer reaches/,
        );
        expect(await s.createIfMissing(id, starterDocument())).toBe('exists');
        expect((await s.getPage(id))?.version).toBe(4);
      });
    });

    // Only a store that keeps anything across a restart has these (not the in-memory one).
    if (harness.reopen)
      describe('across a restart', () => {
        it('keeps every page, patch, snapshot and deletion', async () => {
          const s = await start();
          const [id, gone] = [page(), page()];
          await s.createIfMissing(id, starterDocument('Kept'));
          await s.createIfMissing(gone, starterDocument());
          await s.append(id, entries(1, 3), { snapshot: withHeading('v3'), title: 'Kept still' });
          await s.append(id, entries(4, 5));
          await s.deletePage(gone);
          const again = await restart(s);
          expect(await again.load(id)).toMatchObject({ version: 5, doc: withHeading('v5'), snapshotVersion: 3 });
          expect(await again.findOp(id, 'op-4')).toBe(4);
          expect((await again.getPage(id))?.title).toBe('Kept still');
          expect(await again.createIfMissing(gone, starterDocument())).toBe('deleted');
          expect((await again.listVersions(id)).map((v) => v.version)).toEqual([3, 0]);
        });

        it('migrates a document of an older format on load, through every step', async () => {
          const s = await start();
          const id = page();
          await s.createIfMissing(id, starterDocument());
          await s.append(id, entries(1, 2), { snapshot: withHeading('v2') });
          await s.append(id, [entry(3)]);
          // A later server whose format 2 changes the hero heading's level (in this test only): one step, 1 → 2.
          const renamed: DocumentFormats = {
            current: 2,
            steps: {
              1: (doc) => {
                const next = cloneJson(doc) as PageDocument;
                for (const node of Object.values(next.components)) {
                  if (node.type === 'Heading' && node.id === 'hero-heading') node.props.level = '2';
                }
                return next;
              },
            },
          };
          const upgraded = await restart(s, { formats: renamed });
          const loaded = await upgraded.load(id);
          expect(loaded?.upgraded).toBe(true);
          expect(loaded?.doc.components['hero-heading']?.props).toMatchObject({ text: 'v3', level: '2' });
          // Old-format patches are not handed to today's clients.
          expect(loaded?.log).toEqual([]);
          await upgraded.writeSnapshot(id, 3, loaded?.doc as PageDocument);
          await upgraded.append(id, [entry(4)]);
          const after = await upgraded.load(id);
          expect(after).toMatchObject({ upgraded: false, version: 4, snapshotVersion: 3 });
          expect(after?.log.map((e) => e.version)).toEqual([4]);
          expect((await upgraded.loadVersion(id, 1))?.doc.components['hero-heading']?.props).toMatchObject({ text: 'v1', level: '2' });
        });

        it('refuses to open a page written by a newer server rather than guess', async () => {
          const s = await start();
          const id = page();
          await s.createIfMissing(id, starterDocument());
          const older = await restart(s, { formats: { current: 0, steps: {} } });
          await expect(older.load(id)).rejects.toThrow(/format 1 is newer than this server's 0/);
        });
      });
  });
}
