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
