/**
 * Every op's value is a stamp: when it was sent (the load generator's clock,
 * shared by all its clients), who sent it, its sequence number and whether it
 * belongs to the warm-up or the measured phase. Latency is receipt minus `t`.
 * Written as `T~<t>|<author>|<seq>|<phase>~` so that a client that does not
 * decode the peer's format (the lean Yjs client) can still find it in bytes.
 */
export type Phase = 'w' | 'm';

export interface Stamp {
  t: number;
  author: number;
  seq: number;
  phase: Phase;
}

export const makeStamp = (t: number, author: number, seq: number, phase: Phase) => `T~${t.toFixed(3)}|${author}|${seq}|${phase}~`;

export function parseStamp(text: unknown): Stamp | null {
  if (typeof text !== 'string' || !text.startsWith('T~') || text.length > 64) return null;
  const parts = text.slice(2, -1).split('|');
  if (parts.length !== 4) return null;
  const [t, author, seq, phase] = parts as [string, string, string, string];
  if (phase !== 'w' && phase !== 'm') return null;
  return { t: Number(t), author: Number(author), seq: Number(seq), phase };
}

const T = 0x54;
const TILDE = 0x7e;

/** Every stamp in a binary frame (a Yjs update may merge several), at most `max`. */
export function scanStamps(bytes: Uint8Array, onStamp: (stamp: Stamp) => void, max = 10_000): void {
  let found = 0;
  for (let i = 0; i < bytes.length - 1 && found < max; i++) {
    if (bytes[i] !== T || bytes[i + 1] !== TILDE) continue;
    let end = i + 2;
    const limit = Math.min(bytes.length, i + 64);
    while (end < limit && bytes[end] !== TILDE) end++;
    if (end >= limit) continue;
    const stamp = parseStamp(Buffer.from(bytes.buffer, bytes.byteOffset + i, end + 1 - i).toString('latin1'));
    if (stamp) {
      onStamp(stamp);
      found++;
    }
    i = end;
  }
}
