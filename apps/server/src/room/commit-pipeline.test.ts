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
