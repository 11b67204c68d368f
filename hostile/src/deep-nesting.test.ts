import { TestClient } from '@tandem/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectUnharmed, start } from './harness.ts';

let server: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  server = await start();
});
afterAll(() => server.close());

const arrays = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
/** An op-patch whose one value is nested `depth` levels deep (issue 8, attack 1). */
const frame = (value: string) =>
  `{"type":"op-patch","payload":{"version":0,"opId":"deep","patches":[{"op":"add","path":"/components/x/props/deep","value":${value}}]}}`;

describe('deep nesting', () => {
  for (const depth of [1_500, 10_000, 100_000]) {
    for (const [shape, nest] of [
      ['arrays', arrays],
      ['objects', objects],
    ] as const) {
      it(`[L1] a frame with a value nested ${depth.toLocaleString('en')} levels of ${shape} gets bad-message, and nothing crashes`, async () => {
        const attacker = await TestClient.join(server, 'deep', 'Attacker');
        attacker.send(frame(nest(depth)));
        const error = await attacker.next('error');
        expect(error.payload.code).toBe('bad-message');
        expect(attacker.all('ack')).toEqual([]);
        await attacker.close();
        await expectUnharmed(server);
      });
    }
  }

  it('[L1] a patch value nested past 64 levels (in a frame within its limit) gets invalid-patch', async () => {
    const attacker = await TestClient.join(server, 'deep', 'Attacker');
    attacker.send(frame(arrays(100)));
    const error = await attacker.next('error');
    expect(error.payload).toMatchObject({ code: 'invalid-patch', opId: 'deep' });
    await attacker.close();
    await expectUnharmed(server);
  });

  it('[L1] an HTTP body nested 100,000 levels deep gets 400', async () => {
    const res = await fetch(`${server.http}/api/pages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"title":"deep","x":${arrays(30_000)}}`,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad-request');
    await expectUnharmed(server);
  });
});
