/**
 * The room with its store: snapshots on schedule, exactly-once past the log in
 * memory, changes made by the server, and what happens when storage fails.
 */
import { type Operation, type PageDocument, type ServerMessage, starterDocument } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { systemClock } from './clock.ts';
import { localFanout } from './fanout.ts';
import { createLogger } from './log.ts';
import { ChangeRejectedError, Room, type RoomClient, RoomClosedError } from './room.ts';
import { MemoryStorage } from './storage/memory.ts';
import type { LogEntry } from './storage/storage.ts';

class FakeClient implements RoomClient {
  readonly received: ServerMessage[] = [];
  closed: number | null = null;
  send(frame: string): void {
    this.received.push(JSON.parse(frame) as ServerMessage);
  }
  close(code: number): void {
    this.closed = code;
  }
  of<T extends ServerMessage['type']>(type: T) {
    return this.received.filter((m) => m.type === type).map((m) => m.payload) as Extract<ServerMessage, { type: T }>['payload'][];
  }
}

const setHeading = (text: string): Operation[] => [{ op: 'replace', path: '/components/hero-heading/props/text', value: text }];
const settle = () => new Promise((resolve) => setImmediate(resolve));

async function roomWith(
  storage: MemoryStorage,
  options: { recentLogSize?: number; opIdRetention?: number; snapshotEvery?: number; commitMaxBatch?: number } = {},
  pageId = 'p',
) {
  await storage.createIfMissing(pageId, starterDocument());
  const lines: string[] = [];
  const log = createLogger('debug', {}, (line) => lines.push(line));
  const room = (await Room.load(pageId, { storage, fanout: localFanout, clock: systemClock, log, ...options })) as Room;
  return { room, lines };
}

/** Holds the first append until released (with an error, it fails): what is accepted meanwhile waits behind it. */
function holdFirstAppend(storage: MemoryStorage): (error?: Error) => void {
  const append = storage.append.bind(storage);
  let release: (error?: Error) => void = () => {};
  const held = new Promise<void>((resolve, reject) => {
    release = (error) => (error ? reject(error) : resolve());
  });
  let first = true;
  storage.append = async (...args: Parameters<MemoryStorage['append']>) => {
    if (first) {
      first = false;
      await held;
    }
    return append(...args);
  };
  return release;
}

/** A room with Ada in it and her patch `opId` (the heading set to it) accepted, its store held: `release` stores or fails it. */
async function acceptedNotStored(opId: string) {
  const storage = new MemoryStorage();
  const { room } = await roomWith(storage);
  const ada = new FakeClient();
  room.join(ada, { userId: 'u-ada', userName: 'Ada' });
  const release = holdFirstAppend(storage);
  room.submit(ada, { patches: setHeading(opId), version: 0, opId });
  await settle();
  return { storage, room, ada, release };
}

async function edits(room: Room, client: FakeClient, from: number, to: number, prefix = 'e'): Promise<void> {
  for (let v = from; v <= to; v++) {
    room.submit(client, { patches: setHeading(`${prefix}${v}`), version: v - 1, opId: `${prefix}-${v}` });
    await room.settled();
  }
}

describe('snapshots', () => {
  it('stores one with the patch that takes the page SNAPSHOT_EVERY versions on, and at a checkpoint', async () => {
    const storage = new MemoryStorage();
    const { room } = await roomWith(storage, { snapshotEvery: 4 });
    const ada = new FakeClient();
    room.join(ada, { userId: 'u-ada', userName: 'Ada' });
    await edits(room, ada, 1, 9);
    expect((await storage.listVersions('p')).map((v) => v.version)).toEqual([8, 4, 0]);
    await room.checkpoint();
    await room.checkpoint();
    expect((await storage.listVersions('p')).map((v) => [v.version, v.authors])).toEqual([
      [9, ['Ada']],
      [8, ['Ada']],
      [4, ['Ada']],
      [0, []],
    ]);
  });

  it('never stores a document ahead of its version: a batch cut short by commitMaxBatch is snapshotted once stored', async () => {
    const storage = new MemoryStorage();
    const { room } = await roomWith(storage, { snapshotEvery: 2, commitMaxBatch: 2 });
    const ada = new FakeClient();
    room.join(ada, { userId: 'u-ada', userName: 'Ada' });
    // Five in one turn, each adding a child (replayed over a snapshot that already holds it, an add leaves two):
    // the first is stored at once, alone, then 2 and 3, then 4 and 5.
    const root = room.snapshot().doc.rootId;
    for (let v = 1; v <= 5; v++) {
      const id = `c${v}`;
      const patches: Operation[] = [
        { op: 'add', path: `/components/${id}`, value: { id, type: 'Text', props: { text: id }, children: [] } },
        { op: 'add', path: `/components/${root}/children/-`, value: id },
      ];
      room.submit(ada, { patches, version: v - 1, opId: `add-${v}` });
    }
    await room.settled();
    expect(ada.of('ack').map((a) => a.version)).toEqual([1, 2, 3, 4, 5]);
    const children = (version: number) => storage.loadVersion('p', version).then((page) => page?.doc.components[root]?.children.filter((c) => c.startsWith('c')));
    for (let v = 1; v <= 5; v++) expect(await children(v)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5'].slice(0, v));
    // SPEC H1: the cut batch's snapshot (3) is of the page as stored, taken on its own; the last batch's (5) is its own.
    await settle();
    expect((await storage.listVersions('p')).map((v) => v.version)).toEqual([5, 3, 0]);
  });

  it("stores a restore's own version, though patches accepted after it share its batch", async () => {
    const storage = new MemoryStorage();
    const { room } = await roomWith(storage);
    const ada = new FakeClient();
    room.join(ada, { userId: 'u-ada', userName: 'Ada' });
    const release = holdFirstAppend(storage);
    room.submit(ada, { patches: setHeading('one'), version: 0, opId: 'one' });
    await settle();
    // Both wait behind version 1, and are stored together as versions 2 and 3.
    const restore = room.change({ userId: 'server', userName: 'Bob' }, () => setHeading('restored'), { snapshot: true });
    room.submit(ada, { patches: setHeading('after'), version: 2, opId: 'after' });
    release();
    expect((await restore).version).toBe(2);
    await room.settled();
    expect(ada.of('ack').map((a) => a.version)).toEqual([1, 3]);
    // SPEC H1: the restore is in the history as what it made, not as the page one patch later.
    expect((await storage.listVersions('p')).map((v) => v.version)).toContain(2);
    expect((await storage.loadVersion('p', 2))?.doc.components['hero-heading']?.props.text).toBe('restored');
  });

  it('keeps the page title in the page list as it changes', async () => {
    const storage = new MemoryStorage();
    const { room } = await roomWith(storage);
    const ada = new FakeClient();
    room.join(ada, { userId: 'u-ada', userName: 'Ada' });
    room.submit(ada, { patches: [{ op: 'replace', path: '/components/root/props/title', value: 'Launch' }], version: 0, opId: 't' });
    await room.settled();
    expect((await storage.getPage('p'))?.title).toBe('Launch');
  });
});

describe('exactly once, past the log in memory', () => {
  it('keeps the opIds of the log in memory, however many patches are answered without an entry', async () => {
    const storage = new MemoryStorage();
    const { room } = await roomWith(storage, { recentLogSize: 5, opIdRetention: 5 });
    const ada = new FakeClient();
    room.join(ada, { userId: 'u-ada', userName: 'Ada' });
    await edits(room, ada, 1, 10);
    // Five re-sent on bases older than the log: found in the store, acknowledged, and remembered with no entry.
    for (let v = 1; v <= 5; v++) room.submit(ada, { patches: setHeading(`e${v}`), version: v - 1, opId: `e-${v}` });
    await settle();
    await room.settled();
    expect(ada.of('ack').slice(-5).map((a) => [a.opId, a.version])).toEqual([
      ['e-1', 1],
      ['e-2', 2],
      ['e-3', 3],
      ['e-4', 4],
      ['e-5', 5],
    ]);
    // Back on a new connection, Ada sends e-8 again. Its base (7) is in the log in memory: its opId must still be
    // known there, or it would be applied again.
    const back = new FakeClient();
    room.join(back, { userId: 'u-ada', userName: 'Ada' });
    room.submit(back, { patches: setHeading('e8'), version: 7, opId: 'e-8' });
    await room.settled();
    expect(back.of('ack')).toEqual([{ opId: 'e-8', version: 8 }]);
    expect(ada.closed).toBeNull();
    expect(room.snapshot().version).toBe(10);
    expect((await storage.getPage('p'))?.version).toBe(10);
  });

  it('acknowledges a re-sent patch older than the log in memory with the version the store has', async () => {
    const storage = new MemoryStorage();
    const { room } = await roomWith(storage, { recentLogSize: 3, opIdRetention: 3 });
    const lookUps: string[] = [];
    const findOp = storage.findOp.bind(storage);
    storage.findOp = (pageId, opId) => {
      lookUps.push(opId);
      return findOp(pageId, opId);
    };
    const ada = new FakeClient();
    room.join(ada, { userId: 'u-ada', userName: 'Ada' });
    await edits(room, ada, 1, 10);
    // e-2 was applied at 2; its base (1) is long out of the log in memory.
    room.submit(ada, { patches: setHeading('again'), version: 1, opId: 'e-2' });
    // Sent behind it, and answered behind it.
    room.submit(ada, { patches: setHeading('next'), version: 10, opId: 'next' });
    await settle();
    await room.settled();
    expect(ada.of('ack').slice(-2)).toEqual([
      { opId: 'e-2', version: 2 },
      { opId: 'next', version: 11 },
    ]);
    expect(lookUps).toEqual(['e-2']);
    expect(room.snapshot().version).toBe(11);
    expect(room.snapshot().doc.components['hero-heading']?.props.text).toBe('next');
  });

  it('refuses a patch that old which the store does not know, keeping the order', async () => {
    const storage = new MemoryStorage();
    const { room } = await roomWith(storage, { recentLogSize: 3 });
    const ada = new FakeClient();
    room.join(ada, { userId: 'u-ada', userName: 'Ada' });
    await edits(room, ada, 1, 6);
    room.submit(ada, { patches: setHeading('stale'), version: 1, opId: 'never-seen' });
    room.submit(ada, { patches: setHeading('fresh'), version: 6, opId: 'fresh' });
    await settle();
    await room.settled();
    const tail = ada.received.slice(-2).map((m) => [m.type, (m.payload as { opId?: string }).opId]);
    expect(tail).toEqual([
      ['error', 'never-seen'],
      ['ack', 'fresh'],
    ]);
    // The log let go of patches logged a moment ago: the room outran the patch (L9). Once the
    // room has been quiet for the window it is bad-version (admission.test.ts).
    expect(ada.of('error').at(-1)?.code).toBe('overloaded');
  });

  it('acknowledges, after a restart, a patch stored before it', async () => {
    const storage = new MemoryStorage();
    const first = await roomWith(storage);
    const ada = new FakeClient();
    first.room.join(ada, { userId: 'u-ada', userName: 'Ada' });
    await edits(first.room, ada, 1, 3);
    // A small log in memory, so that the store must be asked.
    const options = { storage, fanout: localFanout, clock: systemClock, log: createLogger('silent'), recentLogSize: 1 };
    const again = (await Room.load('p', options)) as Room;
    const back = new FakeClient();
    again.join(back, { userId: 'u-ada', userName: 'Ada' });
    again.submit(back, { patches: setHeading('e2'), version: 1, opId: 'e-2' });
    await settle();
    await again.settled();
    expect(back.of('ack')).toEqual([{ opId: 'e-2', version: 2 }]);
    expect(again.snapshot().version).toBe(3);
  });
});

describe('changes made by the server', () => {
  it('go to everyone as an ordinary op-patch once stored', async () => {
    const storage = new MemoryStorage();
    const { room } = await roomWith(storage);
    const ada = new FakeClient();
    room.join(ada, { userId: 'u-ada', userName: 'Ada' });
    const change = await room.change({ userId: 'server', userName: 'Bob' }, () => setHeading('from the server'));
    expect(change).toEqual({ version: 1, opId: expect.stringMatching(/^server-/), patches: setHeading('from the server') });
    expect(ada.of('op-patch')).toEqual([change]);
    expect((await storage.load('p'))?.log.map((e: LogEntry) => [e.version, e.userName])).toEqual([[1, 'Bob']]);
  });

  it('are refused when the document would break, changing nothing', async () => {
    const { room } = await roomWith(new MemoryStorage());
    const refused = room.change({ userId: 'server', userName: 'Bob' }, () => [{ op: 'remove', path: '/components/hero' }]);
    await expect(refused).rejects.toBeInstanceOf(ChangeRejectedError);
    expect(room.snapshot().version).toBe(0);
  });

  it('are refused once the room drains', async () => {
    const { room } = await roomWith(new MemoryStorage());
    await room.drain();
    await expect(room.change({ userId: 'server', userName: 'Bob' }, () => setHeading('late'))).rejects.toBeInstanceOf(RoomClosedError);
  });
});

describe('storage failures', () => {
  it('close the room with 1011, tell nobody of the lost patch, and fail a pending server change', async () => {
    const storage = new MemoryStorage();
    const { room, lines } = await roomWith(storage);
    const ada = new FakeClient();
    const bob = new FakeClient();
    room.join(ada, { userId: 'u-ada', userName: 'Ada' });
    room.join(bob, { userId: 'u-bob', userName: 'Bob' });
    storage.append = async () => {
      throw new Error('disk full');
    };
    room.submit(ada, { patches: setHeading('lost'), version: 0, opId: 'lost' });
    const change = room.change({ userId: 'server', userName: 'Cy' }, () => setHeading('also lost'));
    await expect(change).rejects.toThrow('disk full');
    expect(ada.closed).toBe(1011);
    expect(bob.closed).toBe(1011);
    expect(ada.of('ack')).toEqual([]);
    expect(bob.of('op-patch')).toEqual([]);
    expect(room.isBroken).toBe(true);
    expect(lines.join('')).toContain('storage write failed; closing room');
  });

  it('show a joiner the page as stored: a patch that is then lost reaches nobody', async () => {
    const { room, ada, release } = await acceptedNotStored('lost');
    const bob = new FakeClient();
    // SPEC M9. Accepted, not stored: Bob must not hold it, or he would keep it when the store goes on without it.
    room.join(bob, { userId: 'u-bob', userName: 'Bob' });
    const [sync] = bob.of('sync');
    expect(sync?.version).toBe(0);
    expect(sync?.schema.components['hero-heading']?.props.text).not.toBe('lost');
    expect(room.snapshot().version).toBe(0);
    release(new Error('disk full'));
    await room.settled();
    expect(bob.closed).toBe(1011);
    expect(bob.of('op-patch')).toEqual([]);
    expect(ada.of('ack')).toEqual([]);
  });

  it('tell an author back on a new connection of its unstored patch once: the op-patch is its ack', async () => {
    const { room, ada, release } = await acceptedNotStored('x');
    room.leave(ada);
    // Back before x was stored: shown the page without it (SPEC M9), she sends it again under its opId.
    const again = new FakeClient();
    room.join(again, { userId: 'u-ada', userName: 'Ada' });
    expect(again.of('sync').map((s) => s.version)).toEqual([0]);
    room.submit(again, { patches: setHeading('x'), version: 0, opId: 'x' });
    release();
    await settle();
    await room.settled();
    expect(again.of('op-patch')).toEqual([{ patches: setHeading('x'), version: 1, opId: 'x' }]);
    expect(again.of('ack')).toEqual([]);
    expect(ada.of('ack')).toEqual([]);
    // Back again once it is stored, she is shown it, and sent again it is acknowledged as before (exactly once, L8).
    const late = new FakeClient();
    room.join(late, { userId: 'u-ada', userName: 'Ada' });
    room.submit(late, { patches: setHeading('x'), version: 0, opId: 'x' });
    await settle();
    await room.settled();
    expect(late.of('ack')).toEqual([{ opId: 'x', version: 1 }]);
    expect(room.snapshot().version).toBe(1);
  });

  it('send a joiner what was accepted before it came once that is stored', async () => {
    const { room, ada, release } = await acceptedNotStored('kept');
    const bob = new FakeClient();
    room.join(bob, { userId: 'u-bob', userName: 'Bob' });
    // SPEC M9: the page as stored, then what follows it once stored.
    expect(bob.of('sync').map((s) => s.version)).toEqual([0]);
    release();
    await room.settled();
    expect(bob.of('op-patch')).toEqual([{ patches: setHeading('kept'), version: 1, opId: 'kept' }]);
    expect(room.snapshot().version).toBe(1);
    expect(room.snapshot().doc.components['hero-heading']?.props.text).toBe('kept');
  });
});

describe('loading', () => {
  it('reports a page rebuilt around an unreadable snapshot and stores a good one', async () => {
    const storage = new MemoryStorage();
    const first = await roomWith(storage, { snapshotEvery: 2 });
    const ada = new FakeClient();
    first.room.join(ada, { userId: 'u-ada', userName: 'Ada' });
    await edits(first.room, ada, 1, 5);
    storage.corruptSnapshot('p', 4, '{ not json');
    const lines: string[] = [];
    const room = (await Room.load('p', {
      storage,
      fanout: localFanout,
      clock: systemClock,
      log: createLogger('info', {}, (line) => lines.push(line)),
    })) as Room;
    expect(room.snapshot().version).toBe(5);
    expect((room.snapshot().doc as PageDocument).components['hero-heading']?.props.text).toBe('e5');
    const report = JSON.parse(lines.find((l) => l.includes('page rebuilt around unreadable data')) as string);
    expect(report).toMatchObject({
      level: 'error',
      pageId: 'p',
      version: 5,
      from: 2,
      problems: [expect.stringMatching(/snapshot 4 is not valid JSON/)],
    });
    expect((await storage.load('p'))?.problems).toEqual([]);
  });
});
