/**
 * Server-to-client text frames, built once for every member they go to. A
 * room fans one frame (or one `batch` of the same frames) out to most of its
 * members in a row: through `ws`'s sender each member's copy was encoded,
 * framed (a header buffer, two writes) and gathered into a writev of its own,
 * a tenth of the event loop at 500 patches a second. Here the bytes of
 * the whole frame (RFC 6455 §5.2: FIN, opcode 1, unmasked, as a server sends)
 * are made once and written to each socket as one buffer.
 *
 * Only sound while `ws` writes every frame of its own at once (no
 * permessage-deflate, which the server does not offer, and no Blob data, which
 * it never sends): its frames and these then reach the socket in the order
 * they were sent. A connection with an extension negotiated goes through `ws`.
 */
import { SERVER_SENDER } from '@tandem/protocol';

/** The last frame built, and its bytes. */
let lastText: string | null = null;
let lastFrame: Buffer = Buffer.alloc(0);

/** The whole WebSocket frame carrying `text`. */
export function textFrame(text: string): Buffer {
  if (text === lastText) return lastFrame;
  const length = Buffer.byteLength(text);
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const out = Buffer.allocUnsafe(header + length);
  out[0] = 0x81;
  if (header === 2) out[1] = length;
  else if (header === 4) {
    out[1] = 126;
    out.writeUInt16BE(length, 2);
  } else {
    out[1] = 127;
    out.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    out.writeUInt32BE(length >>> 0, 6);
  }
  out.write(text, header, 'utf8');
  lastText = text;
  lastFrame = out;
  return out;
}

/** The last batch built: the frames it holds (compared one by one, by identity) and its text. */
let lastTexts: readonly string[] = [];
let lastBatch = '';

/**
 * Several frames as one `batch` (SPEC M8), written around their text as it is:
 * each is already one server message's JSON. Members who are sent the same
 * frames in a turn (everyone but the authors of the patches in it) share one.
 */
export function batchFrame(texts: readonly string[], ts: number): string {
  if (texts.length === lastTexts.length && texts.every((text, i) => text === lastTexts[i])) return lastBatch;
  lastTexts = texts;
  lastBatch = `{"type":"batch","senderId":"${SERVER_SENDER}","payload":{"messages":[${texts.join(',')}]},"ts":${ts}}`;
  return lastBatch;
}
