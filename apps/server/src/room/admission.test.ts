/**
 * SPEC L9 on the room alone (the flood through real sockets and SQLite is
 * integration/src/overload.test.ts): the backlog bound, the retry hint, exactly
 * once before admission, and `overloaded` rather than `bad-version` for a base
 * a busy room outran.
 */
import { type Operation, type ServerMessage, starterDocument } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../clock.ts';
import { localFanout } from '../fanout.ts';
import { createLogger } from '../log.ts';
import { Room, type RoomClient, type RoomLimits } from '../room.ts';
import { MemoryStorage } from '../storage/memory.ts';
import { Admission, BUSY_WINDOW_MS } from './admission.ts';

class FakeClient implements RoomClient {
  readonly received: ServerMessage[] = [];
  send(frame: string): void {
    this.received.push(JSON.parse(frame) as ServerMessage);
  }
  close(): void {}
  answers() {
    return this.received
      .filter((m) => m.type === 'ack' || m.type === 'error')
      .map((m) => {
        const p = m.payload as { opId?: string; code?: string };
        return [p.opId, m.type === 'ack' ? 'ack' : p.code];
      });
  }
}

/** A clock the test moves by hand. */
function manualClock(): Clock & { at: number } {
  return {
    at: 1_000_000,
    now() {
      return this.at;
    },
    setTimeout: () => null,
    clearTimeout: () => {},
  };
}

const setHeading = (text: string): Operation[] => [{ op: 'replace', path: '/components/hero-heading/props/text', value: text }];

async function roomWith(limits: Partial<RoomLimits>, recentLogSize = 1000, opIdRetention?: number) {
  const storage = new MemoryStorage();
  await storage.createIfMissing('p', starterDocument());
  const clock = manualClock();
  const room = (await Room.load('p', {
    storage,
    fanout: localFanout,
    clock,
    log: createLogger('silent'),
    recentLogSize,
    limits,
    ...(opIdRetention === undefined ? {} : { opIdRetention }),
  })) as Room;
  const ada = new FakeClient();
  room.join(ada, { userId: 'u-ada', userName: 'Ada' });
  return { room, ada, clock, storage };
}

describe('[L9] admission', () => {
  it('refuses a patch past the backlog with overloaded and a hint, acknowledges a known opId all the same, and takes patches again once stored', async () => {
    const { room, ada, clock, storage } = await roomWith({ backlog: 2 });
    // One turn: the first two are accepted and wait for the store, the third finds the backlog full.
    room.submit(ada, { patches: setHeading('one'), version: 0, opId: 'one' });
    room.submit(ada, { patches: setHeading('two'), version: 1, opId: 'two' });
    clock.at += 70;
    room.submit(ada, { patches: setHeading('three'), version: 2, opId: 'three' });
    room.submit(ada, { patches: setHeading('one'), version: 0, opId: 'one' });
    await room.settled();
    expect(ada.answers()).toEqual([
      ['three', 'overloaded'],
      ['one', 'ack'],
      ['two', 'ack'],
      ['one', 'ack'],
    ]);
    const refusal = ada.received.find((m) => m.type === 'error')?.payload as { retryAfterMs?: number };
    // Nothing stored lately: half of how long the oldest waiting patch had waited.
    expect(refusal.retryAfterMs).toBe(35);
    expect(await storage.findOp('p', 'three')).toBeNull();
    room.submit(ada, { patches: setHeading('three'), version: 2, opId: 'three' });
    await room.settled();
    expect(ada.answers().at(-1)).toEqual(['three', 'ack']);
    expect(room.snapshot().version).toBe(3);
  });

  it('answers a base older than the log overloaded while the room is busy, and bad-version once it is not', async () => {
    const { room, ada, clock } = await roomWith({ busyLog: 3 }, 3);
    for (let v = 1; v <= 6; v++) {
      room.submit(ada, { patches: setHeading(`e${v}`), version: v - 1, opId: `e-${v}` });
      await room.settled();
    }
    room.submit(ada, { patches: setHeading('stale'), version: 1, opId: 'stale' });
    await new Promise((resolve) => setImmediate(resolve));
    await room.settled();
    expect(ada.answers().at(-1)).toEqual(['stale', 'overloaded']);
    // The same base, after the room has been quiet for longer than the window: the client was away, not outrun.
    clock.at += BUSY_WINDOW_MS;
    room.submit(ada, { patches: setHeading('stale'), version: 1, opId: 'stale' });
    await new Promise((resolve) => setImmediate(resolve));
    await room.settled();
    expect(ada.answers().at(-1)).toEqual(['stale', 'bad-version']);
    expect(room.snapshot().version).toBe(6);
  });

  it('answers overloaded, not bad-version, for a base a log shorter than busyLog let go of within the window (fuzz typing seed 4611)', async () => {
    // The log keeps 3 patches, far fewer than busyLog (500): it is full long before it could count as busy
    // by its length, yet a client one round trip behind a room typing that fast has its base outside it.
    const { room, ada, clock } = await roomWith({}, 3);
    for (let v = 1; v <= 6; v++) {
      clock.at += 10;
      room.submit(ada, { patches: setHeading(`e${v}`), version: v - 1, opId: `e-${v}` });
      await room.settled();
    }
    room.submit(ada, { patches: setHeading('late'), version: 2, opId: 'late' });
    await new Promise((resolve) => setImmediate(resolve));
    await room.settled();
    // Refused with bad-version, the client re-syncs; outrun again each time, it gives the edit up (MAX_BAD_VERSION_RESENDS).
    expect(ada.answers().at(-1)).toEqual(['late', 'overloaded']);
    // The log let go of version 3 more than the window ago: a base this old is a client that was away.
    clock.at += BUSY_WINDOW_MS;
    room.submit(ada, { patches: setHeading('late'), version: 2, opId: 'late' });
    await new Promise((resolve) => setImmediate(resolve));
    await room.settled();
    expect(ada.answers().at(-1)).toEqual(['late', 'bad-version']);
    expect(room.snapshot().version).toBe(6);
  });

  it('acknowledges an applied opId memory forgot, whose base is older than the log, even past the backlog: overloaded means not applied', async () => {
    const { room, ada, storage } = await roomWith({ backlog: 1 }, 3, 3);
    room.submit(ada, { patches: setHeading('one'), version: 0, opId: 'one' });
    await room.settled();
    for (let v = 2; v <= 5; v++) {
      room.submit(ada, { patches: setHeading(`e${v}`), version: v - 1, opId: `e-${v}` });
      await room.settled();
    }
    expect(await storage.findOp('p', 'one')).toBe(1);
    // The backlog is full (one patch waits for the store); 'one' comes again as it was sent (T16.2), on version 0.
    room.submit(ada, { patches: setHeading('six'), version: 5, opId: 'six' });
    room.submit(ada, { patches: setHeading('one'), version: 0, opId: 'one' });
    await new Promise((resolve) => setImmediate(resolve));
    await room.settled();
    const answers = ada.answers();
    expect(answers.filter(([opId]) => opId === 'one')).toEqual([
      ['one', 'ack'],
      ['one', 'ack'],
    ]);
    expect(room.snapshot().version).toBe(6);
  });
});

describe('[L9] the wait bound', () => {
  it('[L9] takes a burst that arrives in one turn, and refuses once the oldest waiting patch has waited queueMs', () => {
    const clock = manualClock();
    const admission = new Admission(clock, { backlog: 2048, backlogBytes: 1 << 30, queueMs: 100, busyLog: 500 });
    // A thousand patches in one turn: far more than a room stores in one commit, but none has waited yet.
    for (let i = 0; i < 1000; i++) {
      expect(admission.check()).toBeNull();
      admission.accepted(100);
    }
    clock.at += 99;
    expect(admission.check()).toBeNull();
    clock.at += 1;
    const refusal = admission.check();
    expect(refusal?.code).toBe('overloaded');
    expect(refusal?.message).toContain('waited 100 ms');
    // Stored: the oldest left is the newest, which has waited as long; once those are stored too, the room takes patches again.
    for (let i = 0; i < 999; i++) admission.settled();
    expect(admission.check()?.code).toBe('overloaded');
    admission.settled();
    expect(admission.check()).toBeNull();
  });

  it('[L9] refuses past the backlog, by count or by bytes, however short the wait', () => {
    const clock = manualClock();
    const admission = new Admission(clock, { backlog: 3, backlogBytes: 1 << 30, queueMs: 100, busyLog: 500 });
    for (let i = 0; i < 3; i++) admission.accepted(100);
    expect(admission.check()?.message).toContain('3 patches waiting');
    const big = new Admission(clock, { backlog: 3, backlogBytes: 1000, queueMs: 100, busyLog: 500 });
    big.accepted(600);
    expect(big.check()).toBeNull();
    big.accepted(400);
    expect(big.check()?.message).toContain('1000 bytes of patches waiting');
    // Stored, the first one's bytes no longer count.
    big.settled();
    expect(big.check()).toBeNull();
  });
});

describe('[L9] the retry hint', () => {
  it('[L9] is half the time the backlog takes to store at the rate the room stores, so that the room is not idle when the refused come back', () => {
    const clock = manualClock();
    const admission = new Admission(clock, { backlog: 40, backlogBytes: 1 << 30, queueMs: 10_000, busyLog: 500 });
    // The room stores 10 patches in a window (100 ms): 0.1 per millisecond.
    for (let i = 0; i < 10; i++) admission.accepted(100);
    clock.at += 50;
    for (let i = 0; i < 10; i++) admission.settled();
    clock.at += 60;
    for (let i = 0; i < 40; i++) admission.accepted(100);
    // Backlog full: 40 patches take 400 ms at 0.1/ms; the hint is half of that.
    expect(admission.check()?.retryAfterMs).toBe(200);
    // Refusals do not add to it: each refused client comes back once, with what it composed meanwhile.
    let last = 0;
    for (let i = 0; i < 100; i++) last = admission.check()?.retryAfterMs ?? 0;
    expect(last).toBe(200);
  });

  it('[L9] is at least 20 ms and at most 2 s', () => {
    const clock = manualClock();
    const fast = new Admission(clock, { backlog: 2, backlogBytes: 1 << 30, queueMs: 10_000, busyLog: 500 });
    for (let i = 0; i < 100; i++) fast.accepted(100);
    for (let i = 0; i < 98; i++) fast.settled();
    expect(fast.check()?.retryAfterMs).toBe(20);
    const slow = new Admission(clock, { backlog: 100, backlogBytes: 1 << 30, queueMs: 10_000, busyLog: 500 });
    slow.accepted(100);
    slow.settled();
    for (let i = 0; i < 100; i++) slow.accepted(100);
    // 100 patches at one per 100 ms: 10 s to store, 5 s by half; capped.
    expect(slow.check()?.retryAfterMs).toBe(2000);
  });

  it('[L9] is never longer than queueMs: the queue holds about what arrived in that time', () => {
    const clock = manualClock();
    const admission = new Admission(clock, { backlog: 100, backlogBytes: 1 << 30, queueMs: 250, busyLog: 500 });
    admission.accepted(100);
    admission.settled();
    for (let i = 0; i < 100; i++) admission.accepted(100);
    // As above, 5 s by the recent rate; the room's own bound on waiting caps it.
    expect(admission.check()?.retryAfterMs).toBe(250);
  });

  it('[L9] is half the wait of the oldest patch while the room has stored nothing lately', () => {
    const clock = manualClock();
    const admission = new Admission(clock, { backlog: 1, backlogBytes: 1 << 30, queueMs: 10_000, busyLog: 500 });
    admission.accepted(100);
    clock.at += 300;
    expect(admission.check()?.retryAfterMs).toBe(150);
  });
});
