/**
 * Error codes of the wire protocol. Each is a public contract: clients branch on
 * them, so a code is never renamed, only added.
 */
export const ErrorCode = {
  /** Not JSON, an unknown message type, or a payload of the wrong shape. */
  BadMessage: 'bad-message',
  /** Not a list of well-formed RFC 6902 operations (or a path the server refuses). */
  InvalidPatch: 'invalid-patch',
  /** An operation cannot be applied: a missing path, a failing `test`. */
  PatchFailed: 'patch-failed',
  /** The result would break a document invariant. */
  SchemaViolation: 'schema-violation',
  /** The patch's base version is ahead of the server's. */
  BadVersion: 'bad-version',
  /** The frame exceeds the size limit; the socket is closed with 1009. */
  TooLarge: 'too-large',
  /** The connection sends faster than its limit allows. */
  RateLimited: 'rate-limited',
  /** The person's role does not allow it (a viewer's `op-patch`); nothing was applied, the socket stays open. */
  Forbidden: 'forbidden',
  /** The patch, once `copy` and `move` are spelled out with their values, is over the patch budget (SPEC L3). */
  PatchTooLarge: 'patch-too-large',
  /** The patch would take the page past its size or component budget (SPEC L4). */
  DocumentTooLarge: 'document-too-large',
  /** The opId was already used by someone else, for a different patch: nothing is applied (pick a fresh, random opId). */
  OpIdConflict: 'op-id-conflict',
  /**
   * The room is taking patches faster than it can store and acknowledge them (SPEC L9):
   * nothing was applied; send the same patch (same opId, rebased on the latest version)
   * again after `retryAfterMs`. Not a reason to re-sync.
   */
  Overloaded: 'overloaded',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ProtocolError {
  code: ErrorCode;
  message: string;
  /** With `overloaded`: how long to wait before sending the patch again. */
  retryAfterMs?: number;
}
