/**
 * What the store needs of the collaboration client: the subset of `CollabClient`
 * it uses, so that unit tests can drive the store with a small fake
 * (testing/fake-client.ts) and the integration tests with the real one.
 */
import type { CollabEvent, ConnectionStatus, SubmitResult } from '@tandem/client';
import type { Operation, PageDocument, Pointer, Role, User, View } from '@tandem/protocol';

/**
 * A `doc` event. For origin `remote`, `ops` is the change that took the previous
 * view to this one (what the history is carried past); a client that does not say
 * leaves the history as it is.
 */
export type DocEvent = Extract<CollabEvent, { type: 'doc' }> & { ops?: readonly Operation[] };

export type EditorClientEvent = Exclude<CollabEvent, { type: 'doc' }> | DocEvent;

export interface SubmitOptions {
  /** The current view with the ops applied, already made by the caller (immer): the client adopts it. */
  view?: PageDocument;
}

export interface EditorClient {
  readonly doc: PageDocument | null;
  readonly version: number;
  readonly users: readonly User[];
  readonly me: User | null;
  readonly status: ConnectionStatus;
  readonly pendingCount: number;
  readonly presence: ReadonlyMap<string, readonly string[] | null>;
  /** Others' pointers on the canvas and what their canvases show (M7); `pointer` and `view` events say when they change. */
  readonly pointers: ReadonlyMap<string, NonNullable<Pointer>>;
  readonly views: ReadonlyMap<string, View>;
  /** The person's role on the page (null before the first ticket); a `role` event says when it changes. */
  readonly role: Role | null;
  /**
   * Checks, applies and queues the ops; returns the new view, version and pending
   * count (what the store shows), or why nothing changed. Its listeners hear the
   * same change as a `local` doc event (and a `pending` event): the store, which
   * takes the result instead, ignores those echoes.
   */
  submit(ops: readonly Operation[], options?: SubmitOptions): SubmitResult;
  setSelection(ids: readonly string[] | null): void;
  setPointer(pointer: Pointer): void;
  setView(view: View): void;
  subscribe(listener: (event: EditorClientEvent) => void): () => void;
}
