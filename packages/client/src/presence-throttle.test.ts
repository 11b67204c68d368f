import type { PresenceUpdate } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { PresenceThrottle } from './presence-throttle.ts';
import type { Timers } from './timers.ts';

/** A virtual clock whose timers run only when the test moves it. */
function virtualTimers() {
  let now = 1_000;
  const due: { at: number; run: () => void; handle: number }[] = [];
  let handles = 0;
  const timers: Timers = {
    setTimeout: (run, ms) => {
      const handle = ++handles;
      due.push({ at: now + ms, run, handle });
      return handle;
    },
    clearTimeout: (handle) => {
      const index = due.findIndex((t) => t.handle === handle);
      if (index >= 0) due.splice(index, 1);
    },
    now: () => now,
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      due.sort((a, b) => a.at - b.at);
      const next = due[0];
      if (!next || next.at > until) break;
      due.shift();
      now = next.at;
      next.run();
    }
    now = until;
  };
  return { timers, advance, pending: () => due.length };
}

const at = (x: number) => ({ pointer: { id: 'hero', x, y: 0.5 } });

describe('PresenceThrottle [L6]', () => {
  it('sends the first change at once, then coalesces a burst into one message at the end of the interval', () => {
    const clock = virtualTimers();
    const sent: PresenceUpdate[] = [];
    const throttle = new PresenceThrottle(50, clock.timers, (u) => sent.push(u));
    throttle.update(at(0.1));
    expect(sent).toEqual([at(0.1)]);
    for (let i = 2; i <= 9; i++) {
      clock.advance(5);
      throttle.update(at(i / 10));
    }
    expect(sent).toHaveLength(1);
    clock.advance(10);
    expect(sent).toEqual([at(0.1), at(0.9)]);
  });

  it('merges fields: a selection and a view queued with pointer moves all go, each at its latest', () => {
    const clock = virtualTimers();
    const sent: PresenceUpdate[] = [];
    const throttle = new PresenceThrottle(50, clock.timers, (u) => sent.push(u));
    throttle.update(at(0));
    throttle.update({ selection: ['a'] });
    throttle.update(at(0.5));
    throttle.update({ view: { viewport: 'tablet', scroll: 0.3 } });
    throttle.update({ selection: ['b'] });
    clock.advance(50);
    expect(sent[1]).toEqual({ pointer: { id: 'hero', x: 0.5, y: 0.5 }, selection: ['b'], view: { viewport: 'tablet', scroll: 0.3 } });
  });

  it('never sends more than one message per interval, however fast the changes come', () => {
    const clock = virtualTimers();
    const times: number[] = [];
    const throttle = new PresenceThrottle(50, clock.timers, () => times.push(clock.timers.now()));
    for (let i = 0; i < 1_000; i++) {
      throttle.update(at((i % 100) / 100));
      clock.advance(1);
    }
    clock.advance(100);
    expect(times.length).toBeLessThanOrEqual(1_000 / 50 + 1);
    for (let i = 1; i < times.length; i++) expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(50);
  });

  it('sends at once again after a quiet interval, and cancel drops what is queued', () => {
    const clock = virtualTimers();
    const sent: PresenceUpdate[] = [];
    const throttle = new PresenceThrottle(50, clock.timers, (u) => sent.push(u));
    throttle.update(at(0.1));
    throttle.update(at(0.2));
    throttle.cancel();
    expect(clock.pending()).toBe(0);
    clock.advance(200);
    expect(sent).toEqual([at(0.1)]);
    throttle.update(at(0.3));
    expect(sent).toEqual([at(0.1), at(0.3)]);
  });
});
