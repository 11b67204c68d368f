/**
 * The client's copy of a page, without any I/O: the confirmed document (the
 * server's at the last version this client saw), the local edits the server has
 * not yet accepted, and the view — confirmed with those edits applied on top.
 *
 * One edit at a time is in flight (sent, awaiting its ack); it is always the
 * first in the queue. Every method reports what happened instead of acting on
 * it, so that the client decides when a re-sync is needed.
 */
import { type ApplyResult, applyDocumentPatch, type Operation, type PageDocument } from '@tandem/protocol';

export interface PendingEdit {
  readonly opId: string;
  readonly ops: readonly Operation[];
}

/**
 * - `applied`: the document moved forward.
 * - `stale`: a version this state already holds; nothing to do.
 * - `gap`: a version is missing; only a fresh sync can fix that.
 * - `failed`: the server's patch does not apply to our confirmed copy, so the
 *   two have diverged; a fresh sync is needed.
 */
export type RemoteOutcome = 'applied' | 'stale' | 'gap' | 'failed';
/** As RemoteOutcome; `unexpected` is an ack for an edit that is not in flight. */
export type AckOutcome = 'applied' | 'gap' | 'failed' | 'unexpected';

export class DocumentState {
  private confirmedDoc: PageDocument;
  private confirmedVersion: number;
  private viewDoc: PageDocument;
  private edits: PendingEdit[] = [];
  private flying: PendingEdit | null = null;

  constructor(doc: PageDocument, version: number) {
    this.confirmedDoc = doc;
    this.confirmedVersion = version;
    this.viewDoc = doc;
  }

  /** The server's document at `version`. */
  get confirmed(): PageDocument {
    return this.confirmedDoc;
  }

  get version(): number {
    return this.confirmedVersion;
  }

  /** What the user sees: confirmed plus every pending edit that applies. */
  get view(): PageDocument {
    return this.viewDoc;
  }

  /** Edits not yet accepted, oldest first, the one in flight included. */
  get pending(): readonly PendingEdit[] {
    return this.edits;
  }

  get inFlight(): PendingEdit | null {
    return this.flying;
  }

  /** Applies a local edit to the view and queues it; a patch that fails locally changes nothing. */
  submit(opId: string, ops: readonly Operation[]): ApplyResult<PageDocument> {
    const result = applyDocumentPatch(this.viewDoc, ops);
    if (result.ok) {
      this.viewDoc = result.doc;
      this.edits.push({ opId, ops });
    }
    return result;
  }

  /**
   * The edit to send now with the version it was made against, or null while one
   * is in flight or none is queued. Marks it in flight.
   */
  takeNext(): { edit: PendingEdit; baseVersion: number } | null {
    if (this.flying !== null) return null;
    const edit = this.edits[0];
    if (edit === undefined) return null;
    this.flying = edit;
    // Every edit before it has been acked, so it was made against the confirmed document.
    return { edit, baseVersion: this.confirmedVersion };
  }

  /** Someone else's patch, which the server numbered `version`. */
  applyRemote(ops: readonly Operation[], version: number): { outcome: RemoteOutcome; dropped: PendingEdit[] } {
    if (version <= this.confirmedVersion) return { outcome: 'stale', dropped: [] };
    if (version !== this.confirmedVersion + 1) return { outcome: 'gap', dropped: [] };
    const result = applyDocumentPatch(this.confirmedDoc, ops);
    if (!result.ok) return { outcome: 'failed', dropped: [] };
    this.confirmedDoc = result.doc;
    this.confirmedVersion = version;
    return { outcome: 'applied', dropped: this.rebuildView() };
  }

  /**
   * The server accepted the edit in flight as `version`. A version this state
   * already holds means the edit is in the confirmed document already: the
   * server applied it before a re-sync and acknowledged the re-sent copy by its
   * opId (or it was empty, which is acked with the current version).
   */
  ack(opId: string, version: number): { outcome: AckOutcome; dropped: PendingEdit[] } {
    const edit = this.flying;
    if (edit === null || edit.opId !== opId) return { outcome: 'unexpected', dropped: [] };
    if (version <= this.confirmedVersion) {
      this.edits.shift();
      this.flying = null;
      return { outcome: 'applied', dropped: this.rebuildView() };
    }
    if (version !== this.confirmedVersion + 1) return { outcome: 'gap', dropped: [] };
    const result = applyDocumentPatch(this.confirmedDoc, edit.ops);
    if (!result.ok) return { outcome: 'failed', dropped: [] };
    this.confirmedDoc = result.doc;
    this.confirmedVersion = version;
    this.edits.shift();
    this.flying = null;
    // The view already held this edit on the same base: it stays as it is, by reference.
    return { outcome: 'applied', dropped: [] };
  }

  /** The server refused the edit `opId`: forget it. Returns false when it is not queued. */
  reject(opId: string): boolean {
    const index = this.edits.findIndex((e) => e.opId === opId);
    if (index < 0) return false;
    const [edit] = this.edits.splice(index, 1);
    if (edit === this.flying) this.flying = null;
    this.rebuildView();
    return true;
  }

  /**
   * Starts over from a fresh sync: the queued edits are re-applied on the new
   * document in order, and those that no longer apply are dropped (and returned).
   * The edit that was in flight is kept even if it no longer applies: the server
   * may have applied it already (then the new document holds it, and the re-sent
   * copy is acknowledged by its opId without being applied twice), and only the
   * server can tell.
   */
  reset(doc: PageDocument, version: number): PendingEdit[] {
    this.confirmedDoc = doc;
    this.confirmedVersion = version;
    const uncertain = this.flying;
    this.flying = null;
    return this.rebuildView(uncertain);
  }

  /**
   * view = confirmed + pending. An edit that no longer applies is dropped, since
   * the server would refuse it too — except `keep` (by default the one in flight),
   * which the server judges: it stays queued, out of the view, until its ack or error.
   */
  private rebuildView(keep: PendingEdit | null = this.flying): PendingEdit[] {
    let view = this.confirmedDoc;
    const kept: PendingEdit[] = [];
    const dropped: PendingEdit[] = [];
    for (const edit of this.edits) {
      const result = applyDocumentPatch(view, edit.ops);
      if (result.ok) view = result.doc;
      if (result.ok || edit === keep) kept.push(edit);
      else dropped.push(edit);
    }
    this.edits = kept;
    this.viewDoc = view;
    return dropped;
  }
}
