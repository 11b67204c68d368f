/** Random secrets (256 bits, base64url) and the hashes under which sessions and API tokens are stored. */
import { createHash, randomBytes } from 'node:crypto';

export const newSecret = (): string => randomBytes(32).toString('base64url');
export const newId = (prefix: string): string => `${prefix}-${randomBytes(9).toString('base64url')}`;
/** SHA-256 is enough for 256-bit random secrets: nothing to guess, so nothing to stretch. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');
