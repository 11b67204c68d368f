import { LIMITS } from '@tandem/protocol';
import { delay, TestClient, until } from '@tandem/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectUnharmed, start } from './harness.ts';

let server: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  server = await start();
});
afterAll(() => server.close());

describe('floods', () => {
  it('[L6] a presence flood reaches the others only within the presence budget; an oversized selection is refused', async () => {
    const readers = await Promise.all([1, 2, 3].map((n) => TestClient.join(server, 'presence', `Reader ${n}`)));
    const attacker = await TestClient.join(server, 'presence', 'Attacker');
    const started = Date.now();
    const huge = Array.from({ length: 1000 }, (_, i) => `c${i}-${'x'.repeat(100)}`);
    attacker.send({ type: 'presence', payload: { selection: huge } });
    expect((await attacker.next('error')).payload.code).toBe('bad-message');
    for (let n = 0; n < 2_000; n++) attacker.send({ type: 'presence', payload: { selection: [`c${n}`] } });
    await until(() => attacker.all('error').length > 1, 'the attacker is rate-limited');
    await delay(300);
    const elapsed = (Date.now() - started) / 1000;
    const allowed = LIMITS.presenceBurst + Math.ceil(LIMITS.presencePerSecond * elapsed) + 1;
    for (const reader of readers) {
      const seen = reader.all('presence').filter((m) => m.payload.userId === attacker.userId).length;
      expect(seen).toBeGreaterThan(0);
      expect(seen).toBeLessThanOrEqual(allowed);
    }
    expect(attacker.payloads('error').some((e) => e.code === 'rate-limited')).toBe(true);
    await Promise.all([...readers, attacker].map((c) => c.close()));
    await expectUnharmed(server);
  });

  it('[L7] a garbage flood gets a bounded number of replies, then the connection is closed with 1008', async () => {
    const neighbour = await TestClient.join(server, 'garbage', 'Neighbour');
    const attacker = await TestClient.join(server, 'garbage', 'Attacker');
    for (let n = 0; n < 5_000; n++) attacker.send(`not json ${n}`);
    expect(await attacker.closed).toBe(1008);
    expect(attacker.all('error').length).toBeLessThanOrEqual(LIMITS.invalidFrames + 1);
    await until(() => neighbour.payloads('user-leave').some((p) => p.userId === attacker.userId), 'the neighbour hears it left');
    await neighbour.close();
    await expectUnharmed(server);
  });
});
