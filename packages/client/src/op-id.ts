/**
 * opIds nobody can guess: 128 random bits each. The server relays opIds to
 * everyone in the page, so a predictable one (an id plus a counter) would let a
 * peer use this client's next opId first and have its real edit acknowledged
 * without being applied. `crypto.getRandomValues` exists in browsers (secure
 * context or not) and in Node.
 */
export function newOpId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let out = 'op-';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}
