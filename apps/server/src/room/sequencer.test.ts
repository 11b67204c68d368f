import { transformPastPatches } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../storage/storage.ts';
import { Sequencer } from './sequencer.ts';

const entry = (version: number, text: string): LogEntry => ({
  version,
  opId: `op-${version}`,
  senderId: 'u',
  patches: [{ op: 'replace', path: '/components/a/props/text', value: text }],
  ts: 0,
});

describe('the recent log', () => {
  it('is bounded by bytes as well as by count, and always keeps the newest entry', () => {
    const log = new Sequencer(0, [], { recentLogSize: 1000, recentLogBytes: 50_000, opIdRetention: 1000 });
    for (let v = 1; v <= 20; v++) log.append(entry(v, 'x'.repeat(10_000)), 10_100, 'u', null);
    expect(log.logBytes).toBeLessThanOrEqual(50_000);
    expect(log.logLength).toBe(4);
    expect(log.entriesAfter(16)?.map((e) => e.version)).toEqual([17, 18, 19, 20]);
    // Older bases are no longer in memory: the room looks them up in the store instead.
    expect(log.entriesAfter(15)).toBeNull();
    log.append(entry(21, 'huge'), 1_000_000, 'u', null);
    expect(log.logLength).toBe(1);
    // opIds outlive the log: exactly-once does not depend on it.
    expect(log.findOp('op-1')).toEqual({ version: 1, author: 'u', digest: null });
  });

  it('is bounded by count', () => {
    const log = new Sequencer(0, [], { recentLogSize: 3, recentLogBytes: Number.POSITIVE_INFINITY, opIdRetention: 3 });
    for (let v = 1; v <= 5; v++) log.append(entry(v, 'x'), 10, 'u', null);
    expect(log.logLength).toBe(3);
    expect(log.findOp('op-2')).toBeUndefined();
    expect(log.findOp('op-3')?.version).toBe(3);
  });

  it('keeps the opIds of its entries apart from those answered without one', () => {
    const log = new Sequencer(0, [], { recentLogSize: 3, recentLogBytes: Number.POSITIVE_INFINITY, opIdRetention: 3 });
    for (let v = 1; v <= 3; v++) log.append(entry(v, 'x'), 10, 'u', null);
    for (let n = 1; n <= 10; n++) log.rememberOp(`nothing-${n}`, { version: 3, author: 'u', digest: null });
    expect([1, 2, 3].map((v) => log.findOp(`op-${v}`)?.version)).toEqual([1, 2, 3]);
    expect(log.findOp('nothing-7')).toBeUndefined();
    expect(log.findOp('nothing-10')?.version).toBe(3);
    log.truncate(2);
    expect(log.findOp('op-3')).toBeUndefined();
    expect(log.findOp('nothing-10')).toBeUndefined();
    expect(log.findOp('op-2')?.version).toBe(2);
  });

  it('remembers when the newest entry it let go of was logged (L9: how much time it holds)', () => {
    const log = new Sequencer(0, [], { recentLogSize: 2, recentLogBytes: Number.POSITIVE_INFINITY, opIdRetention: 2 });
    log.append({ ...entry(1, 'a'), ts: 100 }, 10, 'u', null);
    log.append({ ...entry(2, 'b'), ts: 200 }, 10, 'u', null);
    expect(log.lastDroppedTs).toBeUndefined();
    log.append({ ...entry(3, 'c'), ts: 300 }, 10, 'u', null);
    log.append({ ...entry(4, 'd'), ts: 400 }, 10, 'u', null);
    expect(log.lastDroppedTs).toBe(200);
    expect(log.oldestTs).toBe(300);
  });
});

describe('the log indexed by subtree (T17)', () => {
  const op = (path: string, value: string | number = 1) => ({ op: 'replace' as const, path, value });
  const at = (version: number, patches: LogEntry['patches']): LogEntry => ({
    version,
    opId: `op-${version}`,
    senderId: 'u',
    patches,
    ts: 0,
  });
  const versions = (entries: LogEntry[] | null) => entries?.map((e) => e.version) ?? null;
  /** A patch of these components that is not a single replace. */
  const touching = (...ids: string[]): LogEntry['patches'] =>
    ids.map((id) => ({ op: 'remove' as const, path: `/components/${id}/props/x` }));

  it('[T17] finds, after a base, only the entries that share a subtree with the patch or may touch any', () => {
    const log = new Sequencer(0, [], { recentLogSize: 100, recentLogBytes: Number.POSITIVE_INFINITY, opIdRetention: 100 });
    log.append(at(1, [op('/components/a/props/text')]), 10, 'u', null);
    log.append(at(2, [op('/components/b/props/text')]), 10, 'u', null);
    log.append(at(3, [op('/components/root/children/0')]), 10, 'u', null);
    log.append(at(4, [{ op: 'remove', path: '/components/a' }]), 10, 'u', null);
    // An array index among the first two tokens: it may shift anything, so it is related to every patch.
    log.append(at(5, [op('/list/0')]), 10, 'u', null);
    log.append(at(6, [op('/components/b/props/x'), op('/components/a/props/x')]), 10, 'u', null);
    expect(versions(log.relatedAfter(0, touching('a')))).toEqual([1, 4, 5, 6]);
    expect(versions(log.relatedAfter(1, touching('b')))).toEqual([2, 5, 6]);
    expect(versions(log.relatedAfter(0, touching('a', 'b')))).toEqual([1, 2, 4, 5, 6]);
    expect(versions(log.relatedAfter(0, touching('z')))).toEqual([5]);
    expect(versions(log.relatedAfter(0, [{ op: 'remove', path: '/components' }]))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(log.relatedAfter(6, touching('a'))).toEqual([]);
    expect(log.relatedAfter(7, touching('a'))).toBeNull();
  });

  it('[T17] forgets what leaves the log, at either end', () => {
    const log = new Sequencer(0, [], { recentLogSize: 3, recentLogBytes: Number.POSITIVE_INFINITY, opIdRetention: 10 });
    for (let v = 1; v <= 5; v++) log.append(at(v, [op(v % 2 ? '/components/a/props/t' : '/list/0')]), 10, 'u', null);
    // 1 and 2 were let go: a base before 2 is no longer held, and neither is in the index.
    expect(log.relatedAfter(1, touching('a'))).toBeNull();
    expect(versions(log.relatedAfter(2, touching('a')))).toEqual([3, 4, 5]);
    log.truncate(3);
    expect(versions(log.relatedAfter(2, touching('a')))).toEqual([3]);
    log.append(at(4, [op('/components/b/props/t')]), 10, 'u', null);
    expect(versions(log.relatedAfter(2, touching('a')))).toEqual([3]);
    expect(versions(log.relatedAfter(2, touching('b')))).toEqual([4]);
  });

  it('[T17] carries a single replace behind single replaces of its subtree past those of its ancestors alone', () => {
    const log = new Sequencer(0, [], { recentLogSize: 100, recentLogBytes: Number.POSITIVE_INFINITY, opIdRetention: 100 });
    // One person's edits in flight: each replaces the same property.
    for (let v = 1; v <= 50; v++) log.append(at(v, [op('/components/a/props/text', `v${v}`)]), 10, 'u', null);
    const mine = [op('/components/a/props/text', 'mine')];
    expect(log.relatedAfter(0, mine)).toEqual([]);
    // Someone replaces all the props (an ancestor): that one is carried past, and drops the edit (T6).
    log.append(at(51, [op('/components/a/props', 'gone')]), 10, 'u', null);
    log.append(at(52, [op('/components/a/props/other')]), 10, 'u', null);
    expect(versions(log.relatedAfter(0, mine))).toEqual([51]);
    expect(versions(log.relatedAfter(51, mine))).toEqual([]);
    // Anything else in the subtree after the base (it may move what the pointer names): every entry of it counts.
    log.append(at(53, [{ op: 'remove', path: '/components/a/children/0' }]), 10, 'u', null);
    expect(log.relatedAfter(0, mine)).toHaveLength(53);
    expect(versions(log.relatedAfter(52, mine))).toEqual([53]);
  });

  it('[T17] transforms a stale patch past its related entries exactly as past every entry (random logs)', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const ids = ['a', 'b', 'c', 'root'];
    const randomOp = (): LogEntry['patches'][number] => {
      const id = ids[rand(ids.length)] as string;
      switch (rand(6)) {
        case 0:
          return { op: 'add', path: `/components/root/children/${rand(3)}`, value: id };
        case 1:
          return { op: 'remove', path: `/components/${id}/children/${rand(2)}` };
        case 2:
          return { op: 'remove', path: `/components/${id}` };
        case 3:
          return {
            op: 'replace',
            path: [`/components/${id}`, `/components/${id}/props`, `/components/${id}/children/0`][rand(3)] as string,
            value: `w${rand(100)}`,
          };
        default:
          return { op: 'replace', path: `/components/${id}/props/text`, value: `v${rand(100)}` };
      }
    };
    let lone = 0;
    for (let round = 0; round < 2000; round++) {
      const log = new Sequencer(0, [], { recentLogSize: 50, recentLogBytes: Number.POSITIVE_INFINITY, opIdRetention: 50 });
      const count = 1 + rand(30);
      for (let v = 1; v <= count; v++) log.append(at(v, Array.from({ length: 1 + rand(3) }, randomOp)), 10, 'u', null);
      const patch = Array.from({ length: 1 + rand(3) }, randomOp);
      const base = rand(count + 1);
      const all = (log.entriesAfter(base) ?? []).map((e) => e.patches);
      const related = (log.relatedAfter(base, patch) ?? []).map((e) => e.patches);
      expect(related.length).toBeLessThanOrEqual(all.length);
      expect(transformPastPatches(patch, related)).toEqual(transformPastPatches(patch, all));
      if (patch.length === 1 && patch[0]?.op === 'replace' && related.length < all.length) lone++;
    }
    // The single-replace shortcut was taken often enough to be tested here.
    expect(lone).toBeGreaterThan(100);
  });
});
