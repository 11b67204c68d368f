import { type Operation, starterDocument } from '@tandem/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from './env.ts';
import { delay, type RunningServer, startTestServer, TestClient, until } from './testing.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(config: Partial<Config> = {}): Promise<RunningServer> {
  server = await startTestServer({ config });
  return server;
}

describe('frame limits', () => {
  it('answers a frame over the limit with too-large and closes the socket with 1009', async () => {
    const s = await start({ maxMessageBytes: 4096 });
    const a = await TestClient.join(s, 'limits', 'Ada');
    const b = await TestClient.join(s, 'limits', 'Bob');
    const text = 'x'.repeat(5000);
    a.sendPatch([{ op: 'replace', path: '/components/hero-text/props/text', value: text }], 0, 'big');
    const error = await a.next('error');
    expect(error.payload.code).toBe('too-large');
    expect(await a.closed).toBe(1009);
    await b.next('user-leave');
    expect(b.all('op-patch')).toHaveLength(0);
    const probe = await TestClient.join(s, 'limits', 'Probe');
    expect(probe.sync.payload.schema).toEqual(starterDocument());
    await Promise.all([b.close(), probe.close()]);
  });

  it('accepts a frame just under the limit', async () => {
    const s = await start({ maxMessageBytes: 4096 });
    const a = await TestClient.join(s, 'limits-ok', 'Ada');
    a.sendPatch([{ op: 'replace', path: '/components/hero-text/props/text', value: 'x'.repeat(3900) }], 0, 'fits');
    expect((await a.next('ack')).payload.version).toBe(1);
    await a.close();
  });

  it('answers a binary frame with bad-message', async () => {
    const s = await start();
    const a = await TestClient.join(s, 'binary', 'Ada');
    a.socket.send(Buffer.from([1, 2, 3]));
    expect((await a.next('error')).payload.code).toBe('bad-message');
    await a.close();
  });
});

describe('rate limit', () => {
  it('answers messages beyond the burst with rate-limited, carrying the opId, and applies none of them', async () => {
    const s = await start({ rateLimitPerSecond: 1, rateLimitBurst: 5 });
    const a = await TestClient.join(s, 'rate', 'Ada');
    for (let n = 0; n < 8; n++) a.sendPatch([{ op: 'replace', path: '/components/hero-text/props/text', value: `n${n}` }], n, `r-${n}`);
    await until(() => a.all('ack').length + a.all('error').length === 8, 'all 8 are answered');
    expect(a.payloads('ack').map((p) => p.opId)).toEqual(['r-0', 'r-1', 'r-2', 'r-3', 'r-4']);
    expect(a.payloads('error')).toEqual(['r-5', 'r-6', 'r-7'].map((opId) => ({ code: 'rate-limited', message: expect.any(String), opId })));
    const probe = await TestClient.join(s, 'rate', 'Probe');
    expect(probe.sync.payload.version).toBe(5);
    await Promise.all([a.close(), probe.close()]);
  });

  it('lets 200 patches a second through with the default limits', async () => {
    const s = await start();
    const a = await TestClient.join(s, 'rate-default', 'Ada');
    for (let n = 0; n < 500; n++) a.sendPatch([{ op: 'replace', path: '/components/hero-text/props/text', value: `n${n}` }], n, `d-${n}`);
    await until(() => a.all('ack').length === 500, 'a burst of 500 is acknowledged');
    expect(a.all('error')).toHaveLength(0);
    await a.close();
  });
});

describe('heartbeat', () => {
  it('terminates a peer that stops answering pings, and others hear one user-leave', async () => {
    const s = await start({ heartbeatMs: 100 });
    const silent = await TestClient.join(s, 'heartbeat', 'Silent', { autoPong: false });
    const live = await TestClient.join(s, 'heartbeat', 'Live');
    const code = await silent.closed;
    expect(code).toBe(1006);
    expect((await live.next('user-leave')).payload.userId).toBe(silent.userId);
    await delay(350);
    expect(live.closeCode).toBeNull();
    expect(live.all('user-leave')).toHaveLength(1);
    await live.close();
  });
});

describe('slow readers', () => {
  it('drops a client that stops reading without holding up the room', async () => {
    const s = await start({ maxBufferedBytes: 1024 * 1024, rateLimitBurst: 10_000 });
    const writer = await TestClient.join(s, 'slow', 'Writer');
    const reader = await TestClient.join(s, 'slow', 'Reader');
    const slow = await TestClient.join(s, 'slow', 'Slow');
    // Stop reading from the TCP socket: the server's send buffer for it can only grow.
    (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const big = 'y'.repeat(19_000);
    const count = 800; // about 15 MB to each reader, more than loopback buffers hold
    for (let n = 0; n < count; n++) {
      const ops: Operation[] = [{ op: 'replace', path: '/components/hero-text/props/text', value: `${n}${big}` }];
      writer.sendPatch(ops, n, `w-${n}`);
      // Small batches, each read before the next is sent: the live reader keeps up,
      // so it never has 1 MB waiting, while the paused one falls ever further behind.
      if (n % 10 === 9) await until(() => reader.all('op-patch').length === n + 1, 'the live reader keeps up', 10_000);
    }
    await until(() => reader.all('op-patch').length === count, 'the live reader gets every patch', 20_000);
    await until(() => reader.payloads('user-leave').some((p) => p.userId === slow.userId), 'the slow reader is dropped', 10_000);
    await Promise.all([writer.close(), reader.close()]);
  }, 40_000);
});
