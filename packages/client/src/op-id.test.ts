import { describe, expect, it } from 'vitest';
import { newOpId } from './op-id.ts';

describe('newOpId', () => {
  it('makes 128-bit random opIds that never repeat and carry no counter', () => {
    const ids = Array.from({ length: 10_000 }, () => newOpId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^op-[0-9a-f]{32}$/);
    // Consecutive ids share no more than chance would give: nothing to predict the next one from.
    const [a, b] = ids as [string, string];
    expect(a.slice(0, 12)).not.toBe(b.slice(0, 12));
  });
});
