import { starterDocument } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { MemoryStorage } from '../storage/memory.ts';
import type { LogEntry } from '../storage/storage.ts';
import { CommitPipeline } from './commit-pipeline.ts';

const entry = (version: number): LogEntry => ({
  version,
  opId: `op-${version}`,
  senderId: 'u',
  patches: [{ op: 'replace', path: '/components/a/props/text', value: `v${version}` }],
  ts: 0,
});

/** A real in-memory store that records the versions of each batch it is asked to append. */
async function recordingStore() {
  const storage = new MemoryStorage();
  await storage.createIfMissing('p', starterDocument());
  const batches: number[][] = [];
  const append = storage.append.bind(storage);
  storage.append = (pageId, entries, options) => {
    batches.push(entries.map((e) => e.version));
    return append(pageId, entries, options);
  };
  return { storage, batches };
}

function pipeline(storage: MemoryStorage, now: () => number, gatherMs: number) {
  const committed: number[] = [];
  const pipe = new CommitPipeline(
    'p',
    storage,
    createLogger('silent'),
    { prepare: () => ({}), committed: (last) => committed.push(last.version), broke: () => {} },
    { gatherMs, now },
  );
  return { pipe, committed };
}

describe('the gather window (group commit while patches stream in)', () => {
  it('stores a lone patch at once, without waiting', async () => {
    const { storage, batches } = await recordingStore();
    let time = 0;
    const { pipe } = pipeline(storage, () => time, 50);
    const delivered: number[] = [];
    pipe.whenSaved({ run: () => delivered.push(1) }, entry(1));
    // Asked of the store in the same turn: nothing held it back.
    expect(batches).toEqual([[1]]);
    await pipe.settled();
    // 5 windows later is no stream.
    time = 250;
    pipe.whenSaved({ run: () => delivered.push(2) }, entry(2));
    expect(batches).toEqual([[1], [2]]);
    await pipe.settled();
    expect(delivered).toEqual([1, 2]);
  });

  it('holds a batch open while patches arrive less than gatherMs apart, then stores them in one append', async () => {
    const { storage, batches } = await recordingStore();
    let time = 0;
    const { pipe, committed } = pipeline(storage, () => time, 20);
    pipe.whenSaved({ run: () => {} }, entry(1));
    await pipe.settled();
    time = 90;
    pipe.whenSaved({ run: () => {} }, entry(2));
    // Streaming: 2 came 90 ms after 1 (less than 5 windows), so its batch waits for more.
    expect(batches).toEqual([[1]]);
    time = 95;
    pipe.whenSaved({ run: () => {} }, entry(3));
    const started = performance.now();
    await pipe.settled();
    expect(batches).toEqual([[1], [2, 3]]);
    expect(committed).toEqual([1, 3]);
    // Held for the 20 ms window after entry 2 (the fake clock stood still since), not for ever.
    expect(performance.now() - started).toBeGreaterThanOrEqual(10);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('does not hold a batch that already waited behind a commit for longer than the window', async () => {
    const { storage, batches } = await recordingStore();
    let time = 0;
    const { pipe } = pipeline(storage, () => time, 20);
    pipe.whenSaved({ run: () => {} }, entry(1));
    time = 1;
    pipe.whenSaved({ run: () => {} }, entry(2));
    // The window of entry 2 has passed by the time the commit of entry 1 returns.
    time = 30;
    await pipe.settled();
    expect(batches).toEqual([[1], [2]]);
  });

  it('with gatherMs 0 never waits, however fast patches come', async () => {
    const { storage, batches } = await recordingStore();
    const { pipe } = pipeline(storage, () => 0, 0);
    pipe.whenSaved({ run: () => {} }, entry(1));
    await pipe.settled();
    pipe.whenSaved({ run: () => {} }, entry(2));
    expect(batches).toEqual([[1], [2]]);
    await pipe.settled();
  });
});

describe('the longer window while the stream is dense', () => {
  function dense(storage: MemoryStorage, now: () => number, options: { gatherMaxMs: number; gatherPatches: number }) {
    return new CommitPipeline(
      'p',
      storage,
      createLogger('silent'),
      { prepare: () => ({}), committed: () => {}, broke: () => {} },
      { gatherMs: 20, now, ...options },
    );
  }

  it('holds a batch past gatherMs until it holds gatherPatches, and closes it on the one that fills it', async () => {
    const { storage, batches } = await recordingStore();
    let time = 0;
    const pipe = dense(storage, () => time, { gatherMaxMs: 10_000, gatherPatches: 3 });
    pipe.whenSaved({ run: () => {} }, entry(1));
    await pipe.settled();
    // 1 ms apart: another patch is due long before gatherMaxMs.
    time = 1;
    pipe.whenSaved({ run: () => {} }, entry(2));
    time = 2;
    pipe.whenSaved({ run: () => {} }, entry(3));
    // Past gatherMs (20 ms) of real time, with two of the three it waits for: still open.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(batches).toEqual([[1]]);
    const started = performance.now();
    time = 3;
    pipe.whenSaved({ run: () => {} }, entry(4));
    await pipe.settled();
    // The third closed it at once, not 10 s after the first.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('closes at gatherMaxMs however few it holds', async () => {
    const { storage, batches } = await recordingStore();
    let offset = 0;
    const pipe = dense(storage, () => performance.now() + offset, { gatherMaxMs: 100, gatherPatches: 50 });
    pipe.whenSaved({ run: () => {} }, entry(1));
    await pipe.settled();
    // Two more, 30 ms apart by the clock the pipeline reads (dense: under the 80 ms gatherMaxMs adds to gatherMs).
    offset += 30;
    pipe.whenSaved({ run: () => {} }, entry(2));
    offset += 30;
    pipe.whenSaved({ run: () => {} }, entry(3));
    const last = performance.now();
    await pipe.settled();
    expect(batches).toEqual([[1], [2, 3]]);
    // gatherMs (20) had passed by then; held on to gatherMaxMs after entry 2 (100, less the 30 since), before the
    // stream would count as paused (three mean intervals, ~90 ms after entry 3).
    expect(performance.now() - last).toBeGreaterThanOrEqual(50);
    expect(performance.now() - last).toBeLessThan(1000);
  });

  it('closes once the stream pauses: no patch for three mean intervals', async () => {
    const { storage, batches } = await recordingStore();
    let offset = 0;
    const pipe = dense(storage, () => performance.now() + offset, { gatherMaxMs: 10_000, gatherPatches: 50 });
    pipe.whenSaved({ run: () => {} }, entry(1));
    await pipe.settled();
    // A burst, a millisecond apart, that stops short of the 50 the batch waits for.
    offset += 1;
    pipe.whenSaved({ run: () => {} }, entry(2));
    offset += 1;
    pipe.whenSaved({ run: () => {} }, entry(3));
    await pipe.settled();
    // Stored once gatherMs (20 ms) was over and the burst had paused, not 10 s after it began.
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('holds a sparse stream (no patch due before gatherMaxMs) for gatherMs only', async () => {
    const { storage, batches } = await recordingStore();
    let time = 0;
    const pipe = new CommitPipeline(
      'p',
      storage,
      createLogger('silent'),
      { prepare: () => ({}), committed: () => {}, broke: () => {} },
      { gatherMs: 100, gatherMaxMs: 200, gatherPatches: 6, now: () => time },
    );
    pipe.whenSaved({ run: () => {} }, entry(1));
    await pipe.settled();
    // 300 ms apart: a stream (under five windows), but the next is not due within the 100 ms gatherMaxMs adds.
    time = 300;
    pipe.whenSaved({ run: () => {} }, entry(2));
    // Halfway between the end of gatherMs (100 ms) and of gatherMaxMs (200 ms): a longer window would still be open.
    await new Promise((resolve) => setTimeout(resolve, 150));
    time = 301;
    pipe.whenSaved({ run: () => {} }, entry(3));
    await pipe.settled();
    expect(batches).toEqual([[1], [2], [3]]);
  });
});

describe('the gather window and who could still send', () => {
  it('stores a batch at once when it holds a patch from every member who could send one', async () => {
    const { storage, batches } = await recordingStore();
    let time = 0;
    const committed: number[] = [];
    const alice = {};
    const bob = {};
    const pipe = new CommitPipeline(
      'p',
      storage,
      createLogger('silent'),
      { prepare: () => ({}), committed: (last) => committed.push(last.version), broke: () => {} },
      { gatherMs: 10_000, now: () => time, senders: () => 2 },
    );
    pipe.whenSaved({ run: () => {} }, entry(1), alice);
    await pipe.settled();
    time = 1;
    pipe.whenSaved({ run: () => {} }, entry(2), alice);
    time = 2;
    // Alice again: still only one of the two members in the batch, so it stays open.
    pipe.whenSaved({ run: () => {} }, entry(3), alice);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toEqual([[1]]);
    // Bob's patch completes it: stored now, not 10 s from now.
    const started = performance.now();
    pipe.whenSaved({ run: () => {} }, entry(4), bob);
    await pipe.settled();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    expect(committed).toEqual([1, 4]);
  });
});

describe('the batch bound', () => {
  it('stores what waits in batches of at most maxBatch, and runs each delivery once its own entry is stored, in order', async () => {
    const { storage, batches } = await recordingStore();
    const order: string[] = [];
    const pipe = new CommitPipeline(
      'p',
      storage,
      createLogger('silent'),
      { prepare: () => ({}), committed: (last) => order.push(`stored ${last.version}`), broke: () => {} },
      { maxBatch: 2 },
    );
    // The first is stored at once; the five after it wait behind it, with an ack of a known opId (no entry) among them.
    pipe.whenSaved({ run: () => order.push('ack 1') }, entry(1));
    for (let v = 2; v <= 4; v++) pipe.whenSaved({ run: () => order.push(`ack ${v}`) }, entry(v));
    pipe.whenSaved({ run: () => order.push('ack again') });
    for (let v = 5; v <= 6; v++) pipe.whenSaved({ run: () => order.push(`ack ${v}`) }, entry(v));
    await pipe.settled();
    expect(batches).toEqual([[1], [2, 3], [4, 5], [6]]);
    expect(order).toEqual([
      'stored 1',
      'ack 1',
      'stored 3',
      'ack 2',
      'ack 3',
      'stored 5',
      'ack 4',
      'ack again',
      'ack 5',
      'stored 6',
      'ack 6',
    ]);
  });
});
