import { describe, expect, it } from 'vitest';
import { TokenBucket } from './rate-limit.ts';

describe('TokenBucket', () => {
  it('allows a burst, then refills at the sustained rate', () => {
    let now = 0;
    const bucket = new TokenBucket(200, 500, () => now);
    let taken = 0;
    while (bucket.take()) taken++;
    expect(taken).toBe(500);
    now += 100; // 100 ms at 200/s is 20 messages
    taken = 0;
    while (bucket.take()) taken++;
    expect(taken).toBe(20);
  });

  it('never stores more than the burst', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 5, () => now);
    now += 60_000;
    let taken = 0;
    while (bucket.take()) taken++;
    expect(taken).toBe(5);
  });
});
