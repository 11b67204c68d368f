/**
 * THE one way the document changes. A recipe edits an immer draft of the current
 * view; `mutate` turns the result into RFC 6902, hands both the ops and the new
 * document to the collaboration client (which checks the transition, the one
 * check of a local edit, and adopts the document as its view at once:
 * optimistic, no second copy), records the step in the history, and only then
 * sets the store, once. Nothing else writes the document: remote changes arrive
 * through the client.
 *
 *   recipe → produceWithPatches → no patches? nothing (no undo step)
 *          → canonical ops → client.submit(ops, { view: next }) (refused? a notice, nothing changes)
 *          → history → one store update (doc, version, pendingCount, canUndo, canRedo)
 */
import type { ClientError, SubmitResult } from '@tandem/client';
import type { Operation, PageDocument } from '@tandem/protocol';
import { enableArrayMethods, enablePatches, produceWithPatches } from 'immer';
import { canonicalOps } from './canonical.ts';
import type { EditorClient } from './editor-client.ts';
import type { History } from './history.ts';
import type { Outcome } from './outcome.ts';

enablePatches();
enableArrayMethods();

export interface MutationContext {
  readonly client: EditorClient;
  readonly history: History;
  now(): number;
  /** A viewer's store: nothing changes the document. */
  readOnly(): boolean;
  /** Shows why an edit was refused. */
  notify(notice: ClientError): void;
  /** Hands the edit to the client (`client.submit`), whose echoes the store does not take. */
  submit(ops: readonly Operation[], view: PageDocument): SubmitResult;
  /**
   * Sets the store once, after the history has changed: with a submit's result, the
   * new document, version and pending count as well as the history flags; without
   * one (undo skipped steps that no longer apply), the history flags alone.
   */
  changed(result?: Extract<SubmitResult, { ok: true }>): void;
}

/** Which history a change goes to: a new step (`edit`), or the other stack of an undo or redo. */
export type HistoryMode = 'edit' | 'undo' | 'redo';

export interface MutateOptions {
  history?: HistoryMode;
  /** Edits with the same key in a burst make one undo step. */
  coalesceKey?: string;
  /** Refusals are not shown (undo skips stale steps without a word). */
  quiet?: boolean;
}

export type MutateResult<T> = { ok: true; value: T; changed: boolean } | { ok: false; reason: string };

/** The code of a notice for an edit refused before it left this browser. */
export const REFUSED = 'edit-refused';

export function mutate<T>(ctx: MutationContext, recipe: (draft: PageDocument) => Outcome<T>, options: MutateOptions = {}): MutateResult<T> {
  const refuse = (reason: string): MutateResult<T> => {
    if (options.quiet !== true) ctx.notify({ code: REFUSED, message: reason });
    return { ok: false, reason };
  };
  if (ctx.readOnly()) return refuse('you can only view this page');
  const before = ctx.client.doc;
  if (before === null) return refuse('the page has not loaded yet');

  // Boxed: assigned inside the recipe, where TypeScript's narrowing cannot follow.
  const ran: { outcome: Outcome<T> } = { outcome: { ok: false, reason: 'the edit did not run' } };
  const produced = produceWithPatches(before, (draft) => {
    ran.outcome = recipe(draft as PageDocument);
  });
  const { outcome } = ran;
  if (!outcome.ok) return refuse(outcome.reason);
  const [next, patches, inversePatches] = produced;
  const ops = patches.length === 0 ? [] : canonicalOps(before, next, patches);
  // A click that changes nothing sends nothing and adds no undo step.
  if (ops.length === 0) return { ok: true, value: outcome.value, changed: false };

  const submitted = ctx.submit(ops, next);
  if (!submitted.ok) {
    const { code, message } = submitted.error;
    return refuse(code === 'schema-violation' ? `that edit would break the page: ${message}` : `the edit could not be applied: ${message}`);
  }

  // Guarded: an undo whose removal index went stale fails instead of detaching another component.
  const change = { ops, inverse: canonicalOps(next, before, inversePatches, { guard: true }) };
  const at = ctx.now();
  const mode = options.history ?? 'edit';
  if (mode === 'edit') ctx.history.record(change, options.coalesceKey ?? null, at);
  else if (mode === 'undo') ctx.history.pushRedo(change, at);
  else ctx.history.pushUndo(change, at);
  ctx.changed(submitted);
  return { ok: true, value: outcome.value, changed: true };
}
