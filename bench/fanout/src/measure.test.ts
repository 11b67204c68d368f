/**
 * The benchmark's pure parts: stamps (also found inside real, merged Yjs
 * updates, as the lean Hocuspocus client relies on), the latency histogram and
 * the median rules (also of the neighbours' phases).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Histogram } from './histogram.ts';
import { medianPeer, medianStep } from './median.ts';
import { medianPhases, type NeighbourPhase, type NeighbourRoom } from './neighbours.ts';
import { makeStamp, parseStamp, type Stamp, scanStamps } from './stamp.ts';
import { interleave, type StepResult } from './step.ts';

describe('stamps', () => {
  it('round-trip and refuse what is not one', () => {
    expect(parseStamp(makeStamp(12.3456, 7, 42, 'm'))).toEqual({ t: 12.346, author: 7, seq: 42, phase: 'm' });
    expect(parseStamp('T~1|2|3|x~')).toBeNull();
    expect(parseStamp('hello')).toBeNull();
    expect(parseStamp(5)).toBeNull();
  });

  it('are found in a merged Yjs update, every one of them', () => {
    const updates: Uint8Array[] = [];
    for (let author = 0; author < 3; author++) {
      const doc = new Y.Doc();
      doc.on('update', (update: Uint8Array) => updates.push(update));
      for (let seq = 0; seq < 2; seq++) doc.getMap<string>('components').set(`b${author}`, makeStamp(1000 + seq, author, seq, 'm'));
    }
    const found: Stamp[] = [];
    scanStamps(Y.mergeUpdates(updates), (stamp) => found.push(stamp));
    expect(found.map((s) => `${s.author}.${s.seq}`).sort()).toEqual(['0.0', '0.1', '1.0', '1.1', '2.0', '2.1']);
  });
});

describe('histogram', () => {
  it('gives quantiles within its 1 % buckets', () => {
    const h = new Histogram();
    expect(h.quantile(0.5)).toBeNull();
    for (let ms = 1; ms <= 1000; ms++) h.add(ms);
    expect(h.quantile(0.5)).toBeGreaterThan(495);
    expect(h.quantile(0.5)).toBeLessThan(506);
    expect(h.quantile(0.99)).toBeGreaterThan(985);
    expect(h.quantile(0.99)).toBeLessThan(1001);
    expect(h.max).toBe(1000);
  });
});

const step = (target: number, saturated: boolean, acksPerS: number): StepResult => ({
  mode: 'open',
  target,
  sentPerS: target,
  appliedPerS: acksPerS,
  acksPerS,
  deliveriesPerS: acksPerS * 19,
  delivered: saturated ? 0.5 : 1,
  acked: saturated ? 0.5 : 1,
  p50Ms: 1,
  p99Ms: 2,
  maxMs: 3,
  serverCpuMsPer1000: 100,
  serverCpuPct: 50,
  peakRssMiB: 80,
  loadGenCpuPct: 10,
  errors: saturated ? { 'bad-version': 10 } : {},
  saturated,
  reasons: saturated ? ['acked 50 %'] : [],
});

describe('medians', () => {
  it('take each number’s median and keep a step saturated in half the runs or more', () => {
    const m = medianStep([step(500, false, 400), step(500, true, 100), step(500, true, 300)]);
    expect(m.acksPerS).toBe(300);
    expect(m.saturated).toBe(true);
    expect(m.reasons).toEqual(['acked 50 %']);
    expect(m.errors).toEqual({ 'bad-version': 10 });
    expect(medianStep([step(500, false, 400), step(500, false, 500), step(500, true, 1)]).saturated).toBe(false);
  });

  it('count a run that stopped before a step as saturated there, and report each run’s sustained rate', () => {
    const peer = (steps: StepResult[]) => ({ peer: 'p', description: '', steps, closed: null, error: null });
    const m = medianPeer([
      peer([step(500, false, 500), step(1000, false, 1000), step(2000, true, 900)]),
      peer([step(500, true, 100)]),
      peer([step(500, false, 500), step(1000, true, 600)]),
    ]);
    expect(m.steps.map((s) => [s.target, s.saturated])).toEqual([
      [500, false],
      [1000, true],
      [2000, true],
    ]);
    expect(m.sustainedRuns).toEqual([1000, 0, 500]);
  });
});

describe('send order', () => {
  it('takes the rooms in turn, so that no room gets a run of ops in a row', () => {
    expect(interleave([['a1', 'a2', 'a3'], ['b1', 'b2', 'b3']])).toEqual(['a1', 'b1', 'a2', 'b2', 'a3', 'b3']);
    expect(interleave([['a1', 'a2'], ['b1']])).toEqual(['a1', 'b1', 'a2']);
    expect(interleave([['a1', 'a2']])).toEqual(['a1', 'a2']);
    expect(interleave([])).toEqual([]);
  });
});

describe('neighbours', () => {
  const room = (p99Ms: number | null, delivered: number): NeighbourRoom => ({
    target: 200,
    sentPerS: 200,
    acksPerS: 200,
    delivered,
    p50Ms: p99Ms === null ? null : p99Ms / 2,
    p99Ms,
    maxMs: p99Ms,
    errors: 0,
  });
  const phase = (peer: string, hot: number, p99: number | null, cpu: number): NeighbourPhase => ({
    peer,
    hot,
    quiet: room(p99, p99 === null ? 0 : 1),
    hotRoom: room(10, 1),
    serverCpuPct: cpu,
    loadGenCpuPct: 50,
    loadGenLagP99Ms: 2,
    loadGenLagMaxMs: 9,
  });

  it('take the median of each figure, phase by phase, and leave out what a run could not measure', () => {
    const runs = [
      [phase('tandem', 0, 10, 20), phase('tandem', 8000, 90, 80)],
      [phase('tandem', 0, 30, 10), phase('tandem', 8000, null, 90)],
      [phase('tandem', 0, 20, 30), phase('tandem', 8000, 50, 70)],
    ];
    const medians = medianPhases(runs);
    expect(medians.map((p) => [p.peer, p.hot])).toEqual([
      ['tandem', 0],
      ['tandem', 8000],
    ]);
    expect(medians.map((p) => p.quiet.p99Ms)).toEqual([20, 70]);
    expect(medians.map((p) => p.quiet.delivered)).toEqual([1, 1]);
    expect(medians.map((p) => p.serverCpuPct)).toEqual([20, 80]);
  });
});
