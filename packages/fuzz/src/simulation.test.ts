import { describe, expect, it } from 'vitest';
import { simulate } from './simulation.ts';

describe('seeded simulation', () => {
  it('300 seeds: every view equals the server, every version is valid, nothing applied twice or lost', async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 300; seed++) {
      const result = await simulate(seed);
      if (!result.ok) failures.push(`seed ${seed}: ${result.failure} (reproduce: pnpm fuzz --seed ${seed})`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('a run is reproducible from its seed', async () => {
    const [a, b] = [await simulate(42), await simulate(42)];
    expect(a).toEqual(b);
    expect(a.versions).toBeGreaterThan(10);
  });
});
