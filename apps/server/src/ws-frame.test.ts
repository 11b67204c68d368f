/**
 * The frames the server writes past `ws` (ws-frame.ts) must be exactly what
 * `ws` itself would send: read back here by `ws`'s own Receiver, as a client
 * reads them, at each length encoding and with text that is not ASCII.
 */
import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { batchFrame, textFrame } from './ws-frame.ts';

// ws's frame parser, which its types do not declare.
const { Receiver } = createRequire(import.meta.url)('ws') as { Receiver: new (options: { isServer: boolean; maxPayload: number }) => Writable };

/** What a client's `ws` makes of these bytes: each text message, in order. */
function readBack(bytes: Buffer): string[] {
  const messages: string[] = [];
  const receiver = new Receiver({ isServer: false, maxPayload: 0 });
  receiver.on('message', (data: Buffer, isBinary: boolean) => {
    expect(isBinary).toBe(false);
    messages.push(data.toString());
  });
  receiver.on('error', (error: Error) => {
    throw error;
  });
  receiver.write(bytes);
  return messages;
}

describe('server text frames', () => {
  it.each([0, 1, 125, 126, 127, 65_535, 65_536, 200_000])('frames %i bytes of text as ws reads it', (length) => {
    const text = 'x'.repeat(length);
    expect(readBack(textFrame(text))).toEqual([text]);
  });

  it('counts the length in bytes, not UTF-16 units', () => {
    const text = `{"value":"${'é€😀'.repeat(40)}"}`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(125);
    expect(readBack(textFrame(text))).toEqual([text]);
  });

  it('frames one after another read back as separate messages', () => {
    const texts = ['{"a":1}', 'y'.repeat(300), '{"b":"ü"}'];
    const bytes = Buffer.concat(texts.map((text) => Buffer.from(textFrame(text))));
    expect(readBack(bytes)).toEqual(texts);
  });

  it('builds a batch once for members sent the same frames, and anew when they differ', () => {
    const op1 = '{"type":"op-patch","n":1}';
    const op2 = '{"type":"op-patch","n":2}';
    const ack = '{"type":"ack","n":3}';
    const shared = batchFrame([op1, op2], 1);
    expect(JSON.parse(shared)).toEqual({ type: 'batch', senderId: 'server', payload: { messages: [JSON.parse(op1), JSON.parse(op2)] }, ts: 1 });
    // Another member's queue, holding the same frames: the same batch.
    expect(batchFrame([op1, op2], 2)).toBe(shared);
    const author = batchFrame([ack, op2], 2);
    expect(JSON.parse(author).payload.messages).toEqual([JSON.parse(ack), JSON.parse(op2)]);
    expect(JSON.parse(batchFrame([op1, op2], 3)).ts).toBe(3);
  });
});
