/**
 * The client's copy of a page, without any I/O: the confirmed document (the
 * server's at the last version this client saw), the local edits the server has
 * not yet accepted, and the view — confirmed with those edits applied on top.
 *
 * A remote patch is applied to the confirmed document, and the pending edits are
 * transformed past it with the same `transform` the server uses, so that each
 * edit, when it reaches the server, is rewritten exactly as it was here. The view
 * takes the remote patch carried past the pending edits, so unchanged components
 * keep their identity. One edit at a time is in flight; a sent edit is frozen (it
 * is never merged with newer ones, and re-sent only under its own opId), and the
 * edits queued behind it are merged into one when their turn comes.
 */
import {
  type ApplyResult,
  applyDocumentPatch,
  applyPatch,
  type LoggedPatch,
  diffText,
  mergeText,
  type Operation,
  type PageDocument,
  parsePointer,
  transform,
  transformBefore,
  validateTransition,
} from '@tandem/protocol';

export interface PendingEdit {
  readonly opId: string;
  /** Rewritten as remote patches arrive, so that it always applies after the confirmed document and the edits before it. */
  ops: Operation[];
  /** Sent at least once: from then on it keeps its opId and is never merged. */
  sent: boolean;
  /** What was sent last, and on which version. */
  sentAs?: { ops: Operation[]; version: number };
  /**
   * A sent edit a full sync caught before the server answered for it: `sentAs` as it
   * was then. It goes again exactly so (SPEC T16): the server acknowledges it by its
   * opId and digest if it applied it (a reconnection has a new user id, L8), and
   * otherwise transforms it from that version, merging its text with what was typed
   * since (T12). Re-based here instead, its `test` would be of a text the server may
   * already hold it in; sent as it was on the new version, that `test` fails and the
   * keystroke is lost; carried past patches, its digest no longer says it is the same.
   */
  resend?: { ops: Operation[]; version: number };
}

/**
 * - `applied`: the document moved forward; `delta` took the previous view to the new one
 *   (null when the view had to be rebuilt).
 * - `stale`: a version this state already holds; nothing to do.
 * - `gap`: a version is missing; only a fresh sync can fix that.
 * - `failed`: the server's patch does not apply to our confirmed copy: diverged, re-sync.
 */
export type RemoteOutcome = 'applied' | 'stale' | 'gap' | 'failed';
/**
 * As RemoteOutcome; `unexpected` is an ack for an edit that is not in flight;
 * `unseen`: the server applied a re-sent edit (`resend`) past patches this state
 * never saw, so what it applied is only known from a catch-up (the edit is kept for it).
 */
export type AckOutcome = 'applied' | 'gap' | 'failed' | 'unexpected' | 'unseen';

export interface Change<O extends string> {
  outcome: O;
  /** What took the previous view to the current one ([] when it did not change); null when the view was rebuilt. */
  delta: Operation[] | null;
  /** Queued edits that no longer applied and were discarded. */
  dropped: PendingEdit[];
}

export class DocumentState {
  private confirmedDoc: PageDocument;
  private confirmedVersion: number;
  private viewDoc: PageDocument;
  private edits: PendingEdit[] = [];
  private flying: PendingEdit | null = null;
  /** Sent edits kept for the server to judge although they do not apply to the view. */
  private outOfView = new Set<PendingEdit>();

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

  /** What the user sees: confirmed plus every pending edit. */
  get view(): PageDocument {
    return this.viewDoc;
  }

  /** Edits not yet accepted, oldest first, the one in flight included. */
  get pending(): readonly PendingEdit[] {
    return this.edits;
  }

  /**
   * The pending edits as a later session must send them (the pending store): a sent
   * one with what it was sent as and on which version (T16), since the next session
   * starts from a full sync.
   */
  get kept(): PendingEdit[] {
    return this.edits.map((e) => (e.sent && e.resend === undefined && e.sentAs !== undefined ? { ...e, resend: e.sentAs } : e));
  }

  get inFlight(): PendingEdit | null {
    return this.flying;
  }

  /**
   * Applies a local edit to the view and queues it; a patch that fails locally
   * changes nothing. `view`, when given, is the caller's own result of applying
   * `ops` to the current view (the editor's immer draft): it is adopted as it is,
   * after a check that costs what the patch touched.
   */
  submit(opId: string, ops: Operation[], view?: PageDocument): ApplyResult<PageDocument> {
    let result: ApplyResult<PageDocument>;
    if (view === undefined) result = applyDocumentPatch(this.viewDoc, ops);
    else {
      const problems = validateTransition(this.viewDoc, view, ops);
      result =
        problems.length === 0
          ? { ok: true, doc: view }
          : { ok: false, error: { code: 'schema-violation', message: problems[0] as string } };
    }
    if (result.ok) {
      this.viewDoc = result.doc;
      // A keystroke (or its undo) right after an unsent edit of the same text joins it at
      // once, not only when it is sent: carried past others' typing as one change, an
      // erasure and its undo cancel out, so the undo cannot put the text back on the
      // other side of what someone typed in between (SPEC T13).
      const last = this.edits[this.edits.length - 1];
      const joined = last !== undefined && !last.sent ? compactTextEdits([...last.ops, ...ops]) : null;
      if (last !== undefined && joined !== null && joined.length < last.ops.length + ops.length) last.ops = joined;
      else this.edits.push({ opId, ops, sent: false });
    }
    return result;
  }

  /**
   * The edit to send now with the version it was made against, or null while one
   * is in flight or none is queued. Unsent edits queued together go as one (the
   * first one's opId); an edit sent before goes again as it is.
   */
  takeNext(): { edit: PendingEdit; ops: Operation[]; baseVersion: number } | null {
    if (this.flying !== null) return null;
    const first = this.edits[0];
    if (first === undefined) return null;
    if (!first.sent) {
      let count = 1;
      while (count < this.edits.length && !(this.edits[count] as PendingEdit).sent) count++;
      if (count > 1) {
        const ops = compactTextEdits(this.edits.slice(0, count).flatMap((e) => e.ops));
        const merged: PendingEdit = { opId: first.opId, ops, sent: false };
        this.edits.splice(0, count, merged);
      }
    }
    const edit = this.edits[0] as PendingEdit;
    edit.sent = true;
    this.flying = edit;
    if (edit.resend !== undefined) return { edit, ops: edit.resend.ops, baseVersion: edit.resend.version };
    // Every edit before it has been acked, and it was transformed up to the confirmed version.
    edit.sentAs = { ops: edit.ops, version: this.confirmedVersion };
    return { edit, ops: edit.ops, baseVersion: this.confirmedVersion };
  }

  /** Someone else's patch, which the server numbered `version`. */
  applyRemote(ops: readonly Operation[], version: number): Change<RemoteOutcome> {
    if (version <= this.confirmedVersion) return { outcome: 'stale', delta: [], dropped: [] };
    if (version !== this.confirmedVersion + 1) return { outcome: 'gap', delta: null, dropped: [] };
    const result = applyPatch(this.confirmedDoc, ops);
    if (!result.ok) return { outcome: 'failed', delta: null, dropped: [] };
    this.confirmedDoc = result.doc;
    this.confirmedVersion = version;
    // Carry the remote patch past each pending edit, and each edit past it (SPEC T8).
    let carried: Operation[] = [...ops];
    for (const edit of this.edits) {
      // A re-sent edit out of the view may be in this patch already (T16): merged with it,
      // its text would show twice. It stays as it was until the server answers for it.
      if (edit.resend !== undefined && this.outOfView.has(edit)) continue;
      const rewritten = transform(edit.ops, carried);
      carried = transformBefore(carried, edit.ops);
      edit.ops = rewritten;
    }
    // Edits that became nothing are done with, unless the server still has to answer for one.
    const emptied = this.edits.filter((e) => e.ops.length === 0 && e !== this.flying);
    if (emptied.length > 0) this.edits = this.edits.filter((e) => !emptied.includes(e));
    // With an edit left out of the view, the view is not confirmed plus every pending
    // edit, so the carried change does not fit it: rebuild (rare, and only until the
    // server has answered for that edit).
    if (this.outOfView.size > 0) return { outcome: 'applied', delta: null, dropped: this.rebuildView() };
    if (carried.length === 0) return { outcome: 'applied', delta: [], dropped: [] };
    // Pure (SPEC P6): every component the change did not touch keeps its identity, so
    // the editor's memoised nodes skip it. Not applying cannot happen for patches that
    // converge (SPEC T9), but both changes were valid alone and together they can break
    // the page (say, ours moved a Text into the Section theirs deleted). Then the view is
    // rebuilt from the confirmed document with what still applies, and the server will
    // refuse the rest.
    const next = applyDocumentPatch(this.viewDoc, carried);
    if (next.ok) {
      this.viewDoc = next.doc;
      return { outcome: 'applied', delta: carried, dropped: [] };
    }
    return { outcome: 'applied', delta: null, dropped: this.rebuildView() };
  }

  /**
   * The server accepted the edit in flight as `version`. A version this state
   * already holds means its effect is in the confirmed document already: it was
   * applied before a re-sync and this is the re-sent copy's ack, or it
   * transformed to nothing.
   */
  ack(opId: string, version: number): Change<AckOutcome> {
    const edit = this.flying;
    if (edit === null || edit.opId !== opId) return { outcome: 'unexpected', delta: null, dropped: [] };
    if (version <= this.confirmedVersion) {
      this.edits.shift();
      this.flying = null;
      if (edit.ops.length === 0) return { outcome: 'applied', delta: [], dropped: [] };
      return { outcome: 'applied', delta: null, dropped: this.rebuildView() };
    }
    if (edit.resend !== undefined) {
      this.flying = null;
      return { outcome: 'unseen', delta: [], dropped: [] };
    }
    if (version !== this.confirmedVersion + 1) return { outcome: 'gap', delta: null, dropped: [] };
    const result = applyPatch(this.confirmedDoc, edit.ops);
    if (!result.ok) return { outcome: 'failed', delta: null, dropped: [] };
    this.confirmedDoc = result.doc;
    this.confirmedVersion = version;
    this.edits.shift();
    this.flying = null;
    // Left out of the view as not applying, yet the server took it: the view must show it now.
    if (this.outOfView.delete(edit)) return { outcome: 'applied', delta: null, dropped: this.rebuildView() };
    return { outcome: 'applied', delta: [], dropped: [] };
  }

  /** Patches missed while away (a `catch-up`), in order: own edits among them count as acks. */
  catchUp(ops: readonly LoggedPatch[]): Change<RemoteOutcome> {
    const deltas: Operation[] = [];
    let rebuilt = false;
    const dropped: PendingEdit[] = [];
    for (const entry of ops) {
      const own = this.edits.find((e) => e.opId === entry.opId);
      if (own) {
        // Our edit reached the server before the connection went: take it as the server applied it.
        // One re-sent after a full sync was shown as merged here, which may differ: the view is rebuilt.
        const resent = own.resend !== undefined;
        own.ops = [...entry.patches];
        own.resend = undefined;
        this.flying = own;
        const acked = this.ack(own.opId, entry.version);
        if (acked.outcome !== 'applied') return { outcome: acked.outcome === 'gap' ? 'gap' : 'failed', delta: null, dropped };
        if (resent) dropped.push(...this.rebuildView());
        rebuilt ||= acked.delta === null || resent;
        continue;
      }
      const change = this.applyRemote(entry.patches, entry.version);
      if (change.outcome === 'gap' || change.outcome === 'failed') return { ...change, dropped };
      if (change.delta === null) rebuilt = true;
      else deltas.push(...change.delta);
      dropped.push(...change.dropped);
    }
    this.flying = null;
    return { outcome: 'applied', delta: rebuilt ? null : deltas, dropped };
  }

  /**
   * The edit in flight came back as a patch, not an ack: the server applied it as it was sent on
   * another connection, which may not be what the view shows (T16.3). Taken as the server applied
   * it, like one's own edit in a catch-up, and the view rebuilt on it.
   */
  ownPatch(opId: string, ops: readonly Operation[], version: number): Change<RemoteOutcome> {
    const change = this.catchUp([{ opId, version, patches: [...ops], senderId: '' }]);
    if (change.outcome !== 'applied' || change.delta === null) return change;
    return { outcome: 'applied', delta: null, dropped: [...change.dropped, ...this.rebuildView()] };
  }

  /** The server refused an edit: it leaves the queue, and the view is rebuilt without it. */
  reject(opId: string): PendingEdit[] {
    const edit = this.edits.find((e) => e.opId === opId);
    if (!edit) return [];
    this.edits = this.edits.filter((e) => e !== edit);
    if (this.flying === edit) this.flying = null;
    return this.rebuildView();
  }

  /**
   * The server answered that it did not apply this edit (`bad-version`: its base is
   * older than the history kept): it goes back to the queue as never sent, to be
   * re-based on the document of the next sync and sent again.
   */
  notTaken(opId: string): void {
    const edit = this.edits.find((e) => e.opId === opId);
    if (!edit) return;
    edit.sent = false;
    edit.sentAs = undefined;
    edit.resend = undefined;
    this.outOfView.delete(edit);
    if (this.flying === edit) this.flying = null;
  }

  /**
   * The server did not take this edit for now (`overloaded`, SPEC L9): it stays
   * first in the queue, sent, to go again as it is (under its opId, on the
   * version confirmed by then) once the server's hint has passed. Returns null,
   * or, for an edit that was to go again as it was sent (T16.2), the queued edits
   * that no longer apply: that one cannot go on a later version as it is, and
   * sent again on its own version it is refused again for as long as the room is
   * busy. `overloaded` says the server does not hold it (L9), so it is re-based
   * on the view as never sent, like one refused with `bad-version`.
   */
  notYet(opId: string): PendingEdit[] | null {
    if (this.flying?.opId === opId) this.flying = null;
    if (this.edits.find((e) => e.opId === opId)?.resend === undefined) return null;
    this.notTaken(opId);
    return this.rebuildView();
  }

  /** The connection dropped: the edit in flight will be sent again, as it is. */
  disconnected(): void {
    this.flying = null;
  }

  /**
   * Starts over from a fresh sync: the pending edits are re-applied on the new
   * document in order, and those that no longer apply are dropped (and returned).
   * A sent edit is kept even if it no longer applies: the server may have applied
   * it already (then the new document holds it, and the re-sent copy is
   * acknowledged by its opId without being applied twice), and only it can tell.
   */
  reset(doc: PageDocument, version: number): PendingEdit[] {
    // A sent edit goes again as it was last sent (caught by an earlier sync, as it was then).
    for (const edit of this.edits) {
      if (edit.sent && edit.resend === undefined && edit.sentAs !== undefined) edit.resend = edit.sentAs;
    }
    this.confirmedDoc = doc;
    this.confirmedVersion = version;
    this.flying = null;
    return this.rebuildView();
  }

  /** Edits restored from a previous session (kept in the browser while offline). */
  restore(edits: readonly PendingEdit[]): PendingEdit[] {
    this.edits.push(
      ...edits.map((e) => ({ opId: e.opId, ops: [...e.ops], sent: e.sent, ...(e.resend ? { resend: { ...e.resend } } : {}) })),
    );
    return this.rebuildView();
  }

  /**
   * view = confirmed + pending. A queued edit that no longer applies is dropped,
   * since the server would refuse it too; a sent one stays for the server to judge.
   */
  private rebuildView(): PendingEdit[] {
    let view = this.confirmedDoc;
    const kept: PendingEdit[] = [];
    const dropped: PendingEdit[] = [];
    this.outOfView.clear();
    for (const edit of this.edits) {
      // Made against a text that has changed since (a fresh sync, edits restored after a
      // reload): merged with what the text is now, as the server would have (SPEC T12).
      // Not a sent edit: the server may have applied it already, and the new text holds it.
      if (!edit.sent) edit.ops = rebaseTextEdits(view, edit.ops);
      let result = applyDocumentPatch(view, edit.ops);
      if (!result.ok && edit.resend !== undefined && !mayHold(view, edit.ops)) {
        // A re-sent edit (T16.2) whose text is nowhere in the new document: the server has
        // not applied it, so it shows merged with the text as it is now, and what was typed
        // after it is re-based on it, in the order it was typed. (Were it shown when the
        // document holds it already, its text would show twice until the server answers.)
        const shown = rebaseTextEdits(view, edit.ops);
        const merged = applyDocumentPatch(view, shown);
        if (merged.ok) {
          edit.ops = shown;
          result = merged;
        }
      }
      // SPEC T16.3: a re-sent text edit that shows (its test holds, or merged as above) goes as it shows, on the
      // version it shows on. Carried past each patch since its own version, as the server would, it can come out
      // elsewhere (an erasure and its undo there put it after the restored text), and what was typed next to it
      // here would end up on its other side. Not one in flight: the server is answering for what was sent.
      if (result.ok && edit.resend !== undefined && edit !== this.flying && isTextEdit(edit.ops)) edit.resend = undefined;
      if (!result.ok && !edit.sent) {
        // Edits queued together (say, typing in two fields) fail together when one part
        // no longer applies (its component was deleted): what still applies is kept.
        const salvaged = salvage(view, edit.ops);
        if (salvaged.ops.length > 0) {
          edit.ops = salvaged.ops;
          result = { ok: true, doc: salvaged.doc };
        }
      }
      if (result.ok) view = result.doc;
      else if (edit.sent) this.outOfView.add(edit);
      if (result.ok || edit.sent) kept.push(edit);
      else dropped.push(edit);
    }
    this.edits = kept;
    this.viewDoc = view;
    return dropped;
  }
}

/**
 * Keystrokes queued together: a text edit right after a write of the same text
 * becomes part of it ([test a, replace b] + [test b, replace c] is [test a,
 * replace c]), so a burst of typing is sent as one text, not one per keystroke.
 */
export function compactTextEdits(ops: readonly Operation[]): Operation[] {
  const out: Operation[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as Operation;
    const next = ops[i + 1];
    const last = out[out.length - 1];
    if (
      op.op === 'test' &&
      next?.op === 'replace' &&
      next.path === op.path &&
      typeof next.value === 'string' &&
      last?.op === 'replace' &&
      last.path === op.path &&
      typeof last.value === 'string' &&
      last.value === op.value
    ) {
      out[out.length - 1] = { ...last, value: next.value };
      i++;
    } else out.push(op);
  }
  return out;
}

/**
 * The text edits of `ops` whose base is no longer what `doc` holds, rewritten as
 * a merge of their change with the current text (the current text ordered first,
 * as the server orders what it already has). Everything else is left as it is.
 */
export function rebaseTextEdits(doc: PageDocument, ops: readonly Operation[]): Operation[] {
  if (!ops.some((op) => op.op === 'test')) return ops as Operation[];
  const out: Operation[] = [];
  let state: PageDocument = doc; // the document as the operations so far leave it
  let changed = false;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as Operation;
    const next = ops[i + 1];
    let unit: Operation[] = [op];
    if (
      op.op === 'test' &&
      typeof op.value === 'string' &&
      next?.op === 'replace' &&
      next.path === op.path &&
      typeof next.value === 'string'
    ) {
      const current = textAt(state, op.path);
      unit = [op, next];
      i++;
      if (current !== null && current !== op.value) {
        unit = [
          { op: 'test', path: op.path, value: current },
          { ...next, value: mergeText(op.value, current, next.value) },
        ];
        changed = true;
      }
    }
    out.push(...unit);
    const result = applyPatch(state, unit);
    // What does not apply (its component was deleted) is left as it is for the caller to
    // drop; what comes after it is still re-based, as `salvage` keeps it: typing in another
    // field queued with it must not go with its old text's `test`, refused and lost.
    if (result.ok) state = result.doc;
  }
  return changed ? out : (ops as Operation[]);
}

/**
 * Whether `doc` may hold the text edits of `ops` already (a sent edit the server may have
 * applied before a full sync): some text they insert is there, or they insert none. Shown
 * again then, it would double; when none of it is there, the server has not applied it
 * (or someone has deleted all of it since, which showing it until the server answers
 * brings back for that moment only).
 */
function mayHold(doc: PageDocument, ops: readonly Operation[]): boolean {
  let inserts = false;
  for (let i = 0; i + 1 < ops.length; i++) {
    const test = ops[i] as Operation;
    const write = ops[i + 1] as Operation;
    if (test.op !== 'test' || write.op !== 'replace' || write.path !== test.path) continue;
    if (typeof test.value !== 'string' || typeof write.value !== 'string') continue;
    const current = textAt(doc, test.path);
    for (const hunk of diffText(test.value, write.value)) {
      if (hunk.text === '') continue;
      inserts = true;
      if (current?.includes(hunk.text)) return true;
    }
  }
  return !inserts;
}

/** Whether `ops` are text edits only (each a `test` of a string and the `replace` of it with a string, T10). */
function isTextEdit(ops: readonly Operation[]): boolean {
  if (ops.length === 0 || ops.length % 2 !== 0) return false;
  for (let i = 0; i < ops.length; i += 2) {
    const test = ops[i] as Operation;
    const write = ops[i + 1] as Operation;
    if (test.op !== 'test' || write.op !== 'replace' || write.path !== test.path) return false;
    if (typeof test.value !== 'string' || typeof write.value !== 'string') return false;
  }
  return true;
}

function textAt(doc: PageDocument, pointer: string): string | null {
  const path = parsePointer(pointer);
  if (path === null) return null;
  let node: unknown = doc;
  for (const token of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return null;
    node = (node as Record<string, unknown>)[token];
  }
  return typeof node === 'string' ? node : null;
}

/**
 * The parts of `ops` that apply to `doc` one after another, each checked on its
 * own: a text edit (a test and its replace) is one part, any other operation one.
 */
function salvage(doc: PageDocument, ops: readonly Operation[]): { ops: Operation[]; doc: PageDocument } {
  const kept: Operation[] = [];
  let state = doc;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as Operation;
    const next = ops[i + 1];
    const unit = op.op === 'test' && next?.op === 'replace' && next.path === op.path ? [op, next] : [op];
    i += unit.length - 1;
    const result = applyDocumentPatch(state, unit);
    if (!result.ok) continue;
    kept.push(...unit);
    state = result.doc;
  }
  return { ops: kept, doc: state };
}
