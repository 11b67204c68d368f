/**
 * Two rooms of one page on one PostgreSQL database, as two processes have them,
 * with no fan-out at all between them (pub/sub is only a hint): the database
 * alone orders the page. A room whose append was beaten rebases and redoes the
 * patch past the other's; one that hears the page moved catches up from the
 * log; an opId older than the log in memory is checked against the database,
 * for its author only.
 */
import { randomBytes } from 'node:crypto';
import { type Operation, type ServerMessage, starterDocument } from '@tandem/protocol';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from './clock.ts';
import { localFanout } from './fanout.ts';
import { createLogger } from './log.ts';
import { Room, type RoomClient } from './room.ts';
import { PostgresStorage } from './storage/postgres.ts';
import { testDatabaseUrl, until, withSearchPath } from './testing.ts';

const base = testDatabaseUrl();

class FakeClient implements RoomClient {
  readonly received: ServerMessage[] = [];
  send(frame: string): void {
    this.received.push(JSON.parse(frame) as ServerMessage);
  }
  close(): void {}
  types(): string[] {
    return this.received.map((m) => (m.type === 'ack' || m.type === 'op-patch' ? `${m.type} ${m.payload.version}` : m.type));
  }
}

const addText = (id: string): Operation[] => [
  { op: 'add', path: `/components/${id}`, value: { id, type: 'Text', props: { text: id }, children: [] } },
  { op: 'add', path: '/components/hero/children/-', value: id },
];

describe('rooms of one page on two processes', () => {
  const schema = `tandem_shared_${randomBytes(5).toString('hex')}`;
  let admin: pg.Pool;
  const stores: PostgresStorage[] = [];

  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: base, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = withSearchPath(base, schema);
    stores.push(await PostgresStorage.open(url), await PostgresStorage.open(url));
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  });

  const open = (store: PostgresStorage, pageId: string, options: { recentLogSize?: number; opIdRetention?: number } = {}) =>
    Room.load(pageId, {
      storage: store,
      shared: store,
      fanout: localFanout,
      clock: systemClock,
      log: createLogger('silent'),
      ...options,
    }) as Promise<Room>;

  it('a room beaten to a version rebases: its members get the other patch first, then the redone one is stored after it', async () => {
    const [one, two] = stores as [PostgresStorage, PostgresStorage];
    await one.createIfMissing('race', starterDocument());
    const a = await open(one, 'race');
    const b = await open(two, 'race');
    const ada = new FakeClient();
    const bob = new FakeClient();
    a.join(ada, { userId: 'u-ada', userName: 'Ada' });
    b.join(bob, { userId: 'u-bob', userName: 'Bob' });
    a.submit(ada, { patches: addText('from-a'), version: 0, opId: 'a-1' });
    await a.settled();
    // B has not heard of version 1: its patch at base 0 takes version 1 in its memory, and the database refuses it.
    b.submit(bob, { patches: addText('from-b'), version: 0, opId: 'b-1' });
    await until(() => bob.types().includes('ack 2'), 'Bob is acknowledged', 10_000);
    expect(bob.types()).toEqual(['sync', 'op-patch 1', 'ack 2']);
    const rows = await admin.query(`SELECT version, op_id FROM ${schema}.patches WHERE page_id = 'race' ORDER BY version`);
    expect(rows.rows).toEqual([
      { version: 1, op_id: 'a-1' },
      { version: 2, op_id: 'b-1' },
    ]);
    // A hears of it from the database (the hub's poll), and both hold the same page.
    a.storedHead(2);
    await until(() => a.snapshot().version === 2, 'A catches up', 10_000);
    expect(ada.types()).toEqual(['sync', 'ack 1', 'op-patch 2']);
    expect(a.snapshot().doc).toEqual(b.snapshot().doc);
    expect(a.snapshot().doc.components.hero?.children.slice(-2)).toEqual(['from-a', 'from-b']);
  });

  it('a rebase that fails refuses the server change that waited for it, rather than leaving it hanging', async () => {
    const [one, two] = stores as [PostgresStorage, PostgresStorage];
    await one.createIfMissing('gone', starterDocument());
    const a = await open(one, 'gone');
    const b = await open(two, 'gone');
    const ada = new FakeClient();
    const bob = new FakeClient();
    a.join(ada, { userId: 'u-ada', userName: 'Ada' });
    b.join(bob, { userId: 'u-bob', userName: 'Bob' });
    a.submit(ada, { patches: addText('first'), version: 0, opId: 'g-a' });
    await a.settled();
    const entriesAfter = two.entriesAfter.bind(two);
    let fail: () => void = () => {};
    const failing = new Promise<void>((resolve) => {
      fail = resolve;
    });
    let rebasing = false;
    two.entriesAfter = async () => {
      rebasing = true;
      await failing;
      throw new Error('the database went away');
    };
    try {
      // Beaten to version 1, B rebases; a rename through the API arrives meanwhile and waits for it.
      b.submit(bob, { patches: addText('second'), version: 0, opId: 'g-b' });
      await until(() => rebasing, 'B rebases', 10_000);
      const change = b.change({ userId: 'server', userName: 'Cy' }, () => [
        { op: 'replace', path: '/components/root/props/title', value: 'Renamed' },
      ]);
      fail();
      await expect(change).rejects.toThrow();
      expect(b.isBroken).toBe(true);
    } finally {
      two.entriesAfter = entriesAfter;
    }
  });

  it('an opId older than the log in memory is looked up in the database: acknowledged to its author, refused to anyone else', async () => {
    const [one, two] = stores as [PostgresStorage, PostgresStorage];
    await one.createIfMissing('old-op', starterDocument());
    const a = await open(one, 'old-op');
    const ada = new FakeClient();
    a.join(ada, { userId: 'u-ada', userName: 'Ada' });
    for (let v = 1; v <= 4; v++) {
      a.submit(ada, { patches: addText(`t-${v}`), version: v - 1, opId: `op-${v}` });
      await a.settled();
    }
    // B keeps one patch and one opId in memory: op-1 is known to the database only.
    const b = await open(two, 'old-op', { recentLogSize: 1, opIdRetention: 1 });
    const adaAgain = new FakeClient();
    const bob = new FakeClient();
    b.join(adaAgain, { userId: 'u-ada', userName: 'Ada' });
    b.join(bob, { userId: 'u-bob', userName: 'Bob' });
    b.submit(adaAgain, { patches: addText('t-1'), version: 0, opId: 'op-1' });
    b.submit(bob, { patches: addText('t-bob'), version: 0, opId: 'op-1' });
    await until(() => adaAgain.types().includes('ack 1') && bob.types().includes('error'), 'both are answered', 10_000);
    expect(bob.received.find((m) => m.type === 'error')?.payload).toMatchObject({ code: 'op-id-conflict', opId: 'op-1' });
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${schema}.patches WHERE page_id = 'old-op'`)).rows[0]?.n).toBe(4);
  });
});
