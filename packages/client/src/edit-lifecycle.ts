/**
 * The life of this client's edits, from `submit` to the server's answer: applied
 * to the view at once, kept (across page loads too, through the pending store),
 * sent one at a time (at once when none is in flight, at most once per send
 * interval), carried past other
 * people's patches, acknowledged, refused or dropped, and re-sent after a
 * reconnection. The document itself is `DocumentState`'s (pure); this adds the
 * timing, the sending and the events. The connection is its host's.
 */
import { CloseCode, type Operation, type PageDocument, type PatchOrigin, type ServerPayload, withTextBases } from '@tandem/protocol';
import { type Change, DocumentState, type PendingEdit } from './document-state.ts';
import type { ClientError, CollabEvent, DocOrigin, SubmitResult } from './events.ts';
import type { PendingStore } from './pending-store.ts';
import type { Timers } from './timers.ts';

export interface EditOptions {
  pageId: string;
  sendIntervalMs?: number;
  pendingStore?: PendingStore;
  timers: Timers;
}

/** What the edits need of the client around them. */
export interface EditHost {
  /** Synced and connected: edits may be sent. */
  connected(): boolean;
  /** Sends an `op-patch` (dropped if the socket is not open: a reconnection resends it). */
  sendPatch(payload: { patches: Operation[]; version: number; opId: string }): void;
  /** Reconnects: for a full sync when our copy cannot be trusted (`since()` says which), else to catch up. */
  resync(): void;
  emit(event: CollabEvent): void;
}

/**
 * How many times one edit refused with `bad-version` is kept and sent again on a
 * fresh sync before it is given up (SPEC T12, L5). A re-sent edit is based on the
 * latest version, so it normally goes through; but a large edit in a busy room can
 * stay over the server's transform-work budget however often it is re-based, and
 * must not loop through re-syncs for ever.
 */
export const MAX_BAD_VERSION_RESENDS = 3;

/**
 * The shortest time between two sends. The ack of the edit in flight already
 * paces a client to one patch per round trip, composing what is typed meanwhile;
 * this floor only keeps one connection far under the server's per-connection
 * rate (RATE_LIMIT_PER_SECOND, 200/s) on a fast link. It was 50 ms, which alone
 * made a keystroke wait up to 50 ms before it left (issue 12: typists' p99 81 ms).
 */
export const DEFAULT_SEND_INTERVAL_MS = 10;

/** Who made a remote change, as the frame said (see the `doc` event). */
interface RemoteAuthor {
  senderId?: string;
  patchOrigin?: PatchOrigin;
}
/** How long to wait after `overloaded` when the server gave no `retryAfterMs` (SPEC L9). */
export const OVERLOADED_RETRY_MS = 100;

export class EditLifecycle {
  private state: DocumentState | null = null;
  /** Set when our copy cannot be trusted: the next connection asks for a full sync. */
  private needsFullSync = false;
  private sendTimer: unknown = null;
  /** Set while the server asked us to wait (`overloaded`) before sending again. */
  private retryTimer: unknown = null;
  private lastSendAt = Number.NEGATIVE_INFINITY;
  private reportedPending = 0;
  /** `bad-version` refusals of each kept edit, by opId (MAX_BAD_VERSION_RESENDS). */
  private readonly refusals = new Map<string, number>();

  constructor(
    private readonly options: EditOptions,
    private readonly host: EditHost,
  ) {}

  /** The view (confirmed plus pending edits); null before the first sync. */
  get doc(): PageDocument | null {
    return this.state?.view ?? null;
  }

  get version(): number {
    return this.state?.version ?? -1;
  }

  get pendingCount(): number {
    return this.state?.pending.length ?? 0;
  }

  /** Where a reconnection catches up from: the version held, unless a full sync is needed. */
  since(): number | undefined {
    return this.state !== null && !this.needsFullSync ? this.state.version : undefined;
  }

  submit(opId: string, ops: Operation[], view?: PageDocument): SubmitResult {
    const state = this.state;
    if (state === null) return { ok: false, error: { code: 'not-synced', message: 'the page has not loaded yet' } };
    // An empty patch changes nothing; there is no need to bother the server with it.
    if (ops.length > 0) {
      // SPEC T10: each replace of a string states the text it was made against, so that
      // a concurrent edit of the same text merges with it instead of one of them winning.
      const result = state.submit(opId, withTextBases(state.view, ops), view);
      if (!result.ok) return { ok: false, error: result.error };
      this.emitDoc('local', ops);
      this.reportPending();
      this.flush();
    }
    return { ok: true, doc: state.view, version: state.version, pendingCount: this.pendingCount };
  }

  // ---- the server's answers --------------------------------------------------------

  /** A full sync: the document is the server's, with the kept edits on top. Returns the edits that no longer apply. */
  sync(schema: PageDocument, version: number): PendingEdit[] {
    let dropped: PendingEdit[] = [];
    if (this.state === null) {
      this.state = new DocumentState(schema, version);
      // Edits kept from an earlier visit (say, typed offline before the tab closed) go on top.
      const kept = this.options.pendingStore?.load(this.options.pageId) ?? [];
      if (kept.length > 0) dropped = this.state.restore(kept);
    } else dropped = this.state.reset(schema, version);
    this.needsFullSync = false;
    return dropped;
  }

  /** Tells listeners about the synced view (after the host has said who is here). */
  showSynced(dropped: readonly PendingEdit[]): void {
    this.emitDoc('sync');
    this.reportDropped(dropped);
  }

  /** What was missed while away; null when it cannot be trusted (a re-sync is under way). */
  catchUp(payload: ServerPayload<'catch-up'>): Change<string> | null {
    const state = this.state;
    if (state === null) {
      this.resync();
      return null;
    }
    const change = state.catchUp(payload.ops);
    if (change.outcome === 'gap' || change.outcome === 'failed' || state.version !== payload.version) {
      this.resync();
      return null;
    }
    return change;
  }

  /** Someone else's patch; `senderId` (the frame's) is its author, told to listeners with the change. */
  remotePatch(payload: ServerPayload<'op-patch'>, senderId?: string): void {
    const state = this.state;
    if (state === null) return;
    // Our own edit coming back as a patch rather than an ack: the server applied it as sent on another
    // connection (an earlier one, or on another process). It counts as the ack, with what the server
    // applied, which may not be what the view shows (SPEC T16.3: re-sent as shown after a full sync).
    if (state.inFlight?.opId === payload.opId) {
      this.refusals.delete(payload.opId);
      const change = state.ownPatch(payload.opId, payload.patches, payload.version);
      if (change.outcome !== 'applied') return this.resync();
      this.showChange(change, 'remote');
      this.flush();
      return;
    }
    const change = state.applyRemote(payload.patches, payload.version);
    // A missed version, or a document that no longer matches the server's: don't guess, re-sync.
    if (change.outcome === 'gap' || change.outcome === 'failed') return this.resync();
    this.showChange(change, 'remote', {
      ...(senderId === undefined ? {} : { senderId }),
      ...(payload.origin ? { patchOrigin: payload.origin } : {}),
    });
  }

  ack(payload: ServerPayload<'ack'>): void {
    const state = this.state;
    if (state === null) return;
    this.refusals.delete(payload.opId);
    const change = state.ack(payload.opId, payload.version);
    // A re-sent edit the server transformed past patches we have not seen: what it
    // applied comes with them in a catch-up (our copy is sound, so no full sync).
    if (change.outcome === 'unseen') return this.host.resync();
    if (change.outcome !== 'applied') return this.resync();
    this.showChange(change, 'remote');
    this.flush();
  }

  serverError(payload: ServerPayload<'error'>): void {
    const edit = payload.opId === undefined ? undefined : this.state?.pending.find((e) => e.opId === payload.opId);
    if (edit === undefined) {
      this.host.emit({ type: 'error', error: payload });
      return;
    }
    if (payload.code === 'overloaded') {
      // SPEC L9: the server took nothing and says when to try again. The same edit goes
      // again then, under its opId and on the latest version: no re-sync, and not a
      // bad-version re-send. Some jitter, so that a room's clients do not all come back at once.
      // One that was to go again as it was sent is re-based instead, which can change the view (T16.2).
      const dropped = this.state?.notYet(edit.opId) ?? null;
      if (dropped !== null) {
        this.showChange({ outcome: 'applied', delta: null, dropped }, 'rejected');
        this.reportPending();
      }
      const hint = typeof payload.retryAfterMs === 'number' && payload.retryAfterMs > 0 ? payload.retryAfterMs : OVERLOADED_RETRY_MS;
      this.retryLater(hint * (1 + Math.random() / 2));
      return;
    }
    if (payload.code === 'bad-version') {
      // Our idea of the version is off (or the edit is older than the history the
      // server keeps): only a full sync settles it. The server did not apply the edit,
      // so it is kept and sent again on the fresh document, its text merged with the text
      // as it is now (SPEC T12): a keystroke is not lost for arriving late.
      const refused = (this.refusals.get(edit.opId) ?? 0) + 1;
      if (refused <= MAX_BAD_VERSION_RESENDS) {
        this.refusals.set(edit.opId, refused);
        this.state?.notTaken(edit.opId);
      } else this.reject(edit, payload);
      return this.resync();
    }
    // The server refused this edit (say, it would break the page after someone
    // else's change): it is dropped, the view recomputed, and the rest go on.
    this.reject(edit, payload);
    this.flush();
  }

  /** The connection went (with the socket's close code when it closed): the edit in flight will be sent again. */
  lost(code?: number): void {
    const inFlight = this.state?.inFlight ?? null;
    if (code === CloseCode.TooLarge && inFlight !== null) {
      // Sending it again would be refused again: give it up.
      this.reject(inFlight, { code: 'too-large', message: 'the edit is too large to send' });
      this.reportPending();
    }
    if (this.sendTimer !== null) this.options.timers.clearTimeout(this.sendTimer);
    this.sendTimer = null;
    // A reconnection sends the edit again anyway, on a fresh version.
    if (this.retryTimer !== null) this.options.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.state?.disconnected();
  }

  /** Tells listeners what a change did to the view. */
  showChange(change: Change<string>, origin: DocOrigin, from: RemoteAuthor = {}): void {
    if (change.delta === null) this.emitDoc('rejected');
    else if (change.delta.length > 0) this.emitDoc(origin, change.delta, from);
    this.reportDropped(change.dropped);
  }

  // ---- sending -------------------------------------------------------------------

  /**
   * Sends the next queued edit at once if none is in flight (ShareDB's rule), but
   * at most once per send interval: what is typed meanwhile, behind the edit in
   * flight or within the interval, waits in the queue and goes as one patch.
   */
  flush(): void {
    if (!this.host.connected() || this.state === null || this.sendTimer !== null || this.retryTimer !== null) return;
    if (this.state.inFlight !== null || this.state.pending.length === 0) return;
    const { timers } = this.options;
    const wait = this.lastSendAt + (this.options.sendIntervalMs ?? DEFAULT_SEND_INTERVAL_MS) - timers.now();
    if (wait > 0) {
      this.sendTimer = timers.setTimeout(() => {
        this.sendTimer = null;
        this.flush();
      }, wait);
      return;
    }
    const next = this.state.takeNext();
    if (next === null) return;
    this.lastSendAt = timers.now();
    this.host.sendPatch({ patches: next.ops, version: next.baseVersion, opId: next.edit.opId });
  }

  /** Keeps the queue in the pending store, and tells listeners when the count changed. */
  reportPending(): void {
    if (this.state !== null) this.options.pendingStore?.save(this.options.pageId, this.state.kept);
    const count = this.pendingCount;
    if (count === this.reportedPending) return;
    this.reportedPending = count;
    this.host.emit({ type: 'pending', count });
  }

  // ---- internals -----------------------------------------------------------------

  private retryLater(ms: number): void {
    if (this.retryTimer !== null) this.options.timers.clearTimeout(this.retryTimer);
    this.retryTimer = this.options.timers.setTimeout(() => {
      this.retryTimer = null;
      this.flush();
    }, ms);
  }

  private resync(): void {
    this.needsFullSync = true;
    this.host.resync();
  }

  private reject(edit: PendingEdit, error: ClientError): void {
    const state = this.state;
    if (state === null) return;
    this.refusals.delete(edit.opId);
    const dropped = state.reject(edit.opId);
    this.host.emit({ type: 'error', error: { ...error, opId: edit.opId } });
    this.emitDoc('rejected');
    this.reportDropped(dropped);
  }

  private reportDropped(dropped: readonly PendingEdit[]): void {
    for (const edit of dropped) {
      this.host.emit({
        type: 'error',
        error: { code: 'edit-dropped', message: 'a local edit no longer applied after other changes and was discarded', opId: edit.opId },
      });
    }
  }

  private emitDoc(origin: DocOrigin, ops?: Operation[], from: RemoteAuthor = {}): void {
    if (this.state === null) return;
    this.host.emit(
      ops
        ? { type: 'doc', doc: this.state.view, version: this.state.version, origin, ops, ...from }
        : { type: 'doc', doc: this.state.view, version: this.state.version, origin },
    );
  }
}
