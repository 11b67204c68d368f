/**
 * SPEC M8: a client that asks (`batch=1`) gets each turn's messages for it as
 * one `batch` frame; one that does not ask gets exactly what it always got.
 * Through a real server and real sockets.
 */
import type { Operation } from '@tandem/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startTestServer, TestClient, until } from './testing.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

let pages = 0;
const freshPage = () => `batch-${++pages}-${Date.now()}`;
const setHeading = (text: string): Operation[] => [{ op: 'replace', path: '/components/hero-heading/props/text', value: text }];

/** Sends `count` patches in one write, so that the server reads, stores and answers them in one turn. */
function sendAtOnce(client: TestClient, count: number, prefix: string): void {
  const raw = (client.socket as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
  raw.cork();
  for (let n = 1; n <= count; n++) client.sendPatch(setHeading(`${prefix} ${n}`), 0, `${prefix}-${n}`);
  raw.uncork();
}

describe('batch frames (M8)', () => {
  it('[M8] gives a client that asked one frame for a turn of acks and op-patches, the same messages in the same order', async () => {
    const pageId = freshPage();
    const author = await TestClient.join(server, pageId, 'Ada', {}, true);
    const batched = await TestClient.join(server, pageId, 'Bob', {}, true);
    const plain = await TestClient.join(server, pageId, 'Cy');
    sendAtOnce(author, 20, 'a');
    await until(() => plain.all('op-patch').length === 20 && batched.all('op-patch').length === 20, 'everyone has every patch');
    await until(() => author.all('ack').length === 20, 'the author has every ack');

    // The author's acks, in order, each at its version (the base 0 is transformed forward).
    expect(author.payloads('ack').map((a) => a.opId)).toEqual(Array.from({ length: 20 }, (_, i) => `a-${i + 1}`));
    expect(author.payloads('ack').map((a) => a.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // What the batched member heard is what the plain one heard.
    expect(batched.all('op-patch')).toEqual(plain.all('op-patch'));
    // ...but in fewer frames: several of the patches came together.
    const batches = batched.frames.filter((f) => f.type === 'batch');
    expect(batches.length).toBeGreaterThan(0);
    expect(batched.frames.length).toBeLessThan(batched.received.length);
    for (const frame of batches) if (frame.type === 'batch') expect(frame.payload.messages.length).toBeGreaterThan(1);
    expect(author.frames.some((f) => f.type === 'batch')).toBe(true);
    // One who did not ask never gets a batch: one frame per message.
    expect(plain.frames.some((f) => f.type === 'batch')).toBe(false);
    expect(plain.frames.length).toBe(plain.received.length);
    await Promise.all([author.close(), batched.close(), plain.close()]);
  });

  it('[M8] a lone message goes as itself, not as a batch of one', async () => {
    const pageId = freshPage();
    const author = await TestClient.join(server, pageId, 'Ada', {}, true);
    const peer = await TestClient.join(server, pageId, 'Bob', {}, true);
    expect(author.frames[0]?.type).toBe('sync');
    author.sendPatch(setHeading('one'), 0, 'one');
    expect((await author.next('ack')).payload).toEqual({ opId: 'one', version: 1 });
    expect((await peer.next('op-patch')).payload.opId).toBe('one');
    expect(author.frames.filter((f) => f.type === 'batch')).toEqual([]);
    expect(peer.frames.filter((f) => f.type === 'batch')).toEqual([]);
    await Promise.all([author.close(), peer.close()]);
  });

  it('[M8] errors come in the batch, in order, with their opIds', async () => {
    const pageId = freshPage();
    const author = await TestClient.join(server, pageId, 'Ada', {}, true);
    const raw = (author.socket as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
    raw.cork();
    author.sendPatch(setHeading('fine'), 0, 'good');
    author.sendPatch(setHeading('ahead'), 99, 'ahead');
    author.sendPatch([{ op: 'bogus', path: '/x' }], 0, 'bogus');
    raw.uncork();
    await until(() => author.all('error').length === 2 && author.all('ack').length === 1, 'two refusals and an ack');
    // The refusals are answered in the turn they arrive, before the ack that waits for the disk.
    expect(author.received.slice(1).map((m) => m.type)).toEqual(['error', 'error', 'ack']);
    expect(author.payloads('error').map((e) => [e.opId, e.code])).toEqual([
      ['ahead', 'bad-version'],
      ['bogus', 'invalid-patch'],
    ]);
    expect(author.frames.some((f) => f.type === 'batch')).toBe(true);
    await author.close();
  });
});
