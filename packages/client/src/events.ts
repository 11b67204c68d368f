import type { Operation, PageDocument, PatchOrigin, Pointer, Role, User, View } from '@tandem/protocol';

/**
 * - `connecting`: before the first sync.
 * - `connected`: synced; edits are sent as they come.
 * - `reconnecting`: the connection dropped (or a re-sync is under way); edits queue.
 * - `offline`: the browser says it is offline; waits for it to come back.
 * - `closed`: `close()` was called, or the server refused this client for good.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed';

/** Where a new view came from. */
export type DocOrigin = 'sync' | 'local' | 'remote' | 'rejected';

export interface ClientError {
  /**
   * A server error code (`patch-failed`, `schema-violation`, …), or one of the
   * client's own: `edit-dropped` (a queued edit no longer applied after other
   * people's changes), `ticket` (no ticket could be had), `bad-frame` (the server
   * sent something that is not the protocol).
   */
  code: string;
  message: string;
  /** The edit it concerns, when it concerns one. */
  opId?: string;
}

/**
 * What `submit` did. Accepted: the new view with the version it builds on and the
 * pending count, everything a caller that keeps its own copy (the editor store)
 * needs to update once, without waiting for the events. Refused: why, and nothing
 * changed (`not-synced` before the first sync, `closed` after `close()`, else the
 * protocol's code: `invalid-patch`, `patch-failed`, `schema-violation`).
 */
export type SubmitResult = { ok: true; doc: PageDocument; version: number; pendingCount: number } | { ok: false; error: ClientError };

export type CollabEvent =
  /**
   * The view changed. `ops`, when present, took the previous view to this one
   * (for `local`, the edit; for `remote`, someone else's change carried past our
   * pending edits): the editor transforms its undo stack over them (a `local`
   * one is the echo of `submit`, whose result already said it). Without
   * `ops` the view was rebuilt (a sync, a refused edit). A `remote` change made
   * by someone says who (`senderId`, their userId: the frame's) and, when the
   * server made it for them, what it was (`patchOrigin`, a restore; SPEC H2).
   */
  | {
      type: 'doc';
      doc: PageDocument;
      version: number;
      origin: DocOrigin;
      ops?: Operation[];
      senderId?: string;
      patchOrigin?: PatchOrigin;
    }
  | { type: 'users'; users: readonly User[] }
  | { type: 'presence'; userId: string; selection: readonly string[] | null }
  /** Someone's pointer moved on the canvas, or left it (null), M7. */
  | { type: 'pointer'; userId: string; pointer: Pointer }
  /** What someone's canvas shows changed (viewport, scroll), M7. */
  | { type: 'view'; userId: string; view: View }
  | { type: 'status'; status: ConnectionStatus }
  /** pendingCount changed (an edit queued, acknowledged, refused or dropped). */
  | { type: 'pending'; count: number }
  /** The person's role on the page: from the ticket, and again whenever an owner changes it (`access`). */
  | { type: 'role'; role: Role }
  | { type: 'error'; error: ClientError };

export type CollabListener = (event: CollabEvent) => void;
