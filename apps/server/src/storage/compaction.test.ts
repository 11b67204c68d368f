import { describe, expect, it } from 'vitest';
import { compactionLimit } from './compaction.ts';

describe('compactionLimit', () => {
  it('is what lies behind both the retention window and the second-newest snapshot', () => {
    expect(compactionLimit(100, [100, 90], 5, 1)).toBe(90);
    expect(compactionLimit(100, [100, 99], 50, 1)).toBe(50);
    // One snapshot (or none): nothing may go, whatever the window says.
    expect(compactionLimit(100, [100], 5, 1)).toBe(0);
    // Nothing stored to delete.
    expect(compactionLimit(100, [100, 90], 5, undefined)).toBe(0);
  });

  it('waits until a tenth of the window (at most 1,000 entries) can go at once', () => {
    // Window 100: ten at a time.
    expect(compactionLimit(300, [300, 290], 100, 192)).toBe(0);
    expect(compactionLimit(300, [300, 290], 100, 191)).toBe(200);
    // Window 10,000: a thousand at a time, not a tenth (1,000 is the cap either way here).
    expect(compactionLimit(20_000, [20_000, 19_900], 10_000, 9_500)).toBe(0);
    expect(compactionLimit(20_000, [20_000, 19_900], 10_000, 9_001)).toBe(10_000);
    // Window 100,000: still a thousand.
    expect(compactionLimit(200_000, [200_000, 199_900], 100_000, 99_001)).toBe(100_000);
  });
});
