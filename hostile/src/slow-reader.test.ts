import type { Operation } from '@tandem/protocol';
import { TestClient, until } from '@tandem/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectUnharmed, start } from './harness.ts';

let server: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  server = await start({ maxBufferedBytes: 1024 * 1024, rateLimitBurst: 10_000 });
});
afterAll(() => server.close());

describe('slow reader', () => {
  it('a reader dropped for falling behind is closed with 4008, which it sees once it reads again', async () => {
    const writer = await TestClient.join(server, 'slow', 'Writer');
    const slow = await TestClient.join(server, 'slow', 'Slow');
    const tcp = (slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    tcp.pause();
    const rootId = writer.sync.payload.schema.rootId;
    const big = 'y'.repeat(19_000);
    for (let n = 0; n < 400; n++) {
      const ops: Operation[] = [{ op: 'replace', path: `/components/${rootId}/props/title`, value: `${n}${big}`.slice(0, 200) + big }];
      writer.sendPatch(ops, n, `w-${n}`);
      if (n % 20 === 19) await until(() => writer.all('ack').length === n + 1, 'the writer is acknowledged', 10_000);
      if (writer.payloads('user-leave').some((p) => p.userId === slow.userId)) break;
    }
    await until(() => writer.payloads('user-leave').some((p) => p.userId === slow.userId), 'the slow reader is dropped', 20_000);
    tcp.resume();
    expect(await slow.closed).toBe(4008);
    await writer.close();
    await expectUnharmed(server);
  }, 40_000);
});
