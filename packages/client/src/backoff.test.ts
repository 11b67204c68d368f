import { describe, expect, test } from 'vitest';
import { Backoff, backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  test('doubles from 250 ms and stops at 5 s', () => {
    const top = (attempt: number) => backoffDelay(attempt, { random: () => 0 });
    expect([0, 1, 2, 3, 4, 5, 6, 10, 100].map(top)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000, 5000]);
  });

  test('jitter takes off up to half the ceiling, never more', () => {
    for (const attempt of [0, 3, 8]) {
      const ceiling = Math.min(5000, 250 * 2 ** attempt);
      expect(backoffDelay(attempt, { random: () => 0.999999 })).toBe(Math.round(ceiling * 0.5));
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelay(attempt);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  test('stays bounded for absurd attempt counts and odd options', () => {
    expect(backoffDelay(5000, { random: () => 0 })).toBe(5000);
    expect(backoffDelay(-3, { random: () => 0 })).toBe(250);
    expect(backoffDelay(2, { initialMs: 10, maxMs: 1000, factor: 3, jitter: 0, random: () => 0.7 })).toBe(90);
    expect(backoffDelay(1, { jitter: 7, random: () => 1 })).toBe(0);
  });
});

describe('Backoff', () => {
  test('counts attempts and starts over after reset', () => {
    const backoff = new Backoff({ random: () => 0 });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([250, 500, 1000]);
    expect(backoff.attempt).toBe(3);
    backoff.reset();
    expect(backoff.next()).toBe(250);
  });
});
