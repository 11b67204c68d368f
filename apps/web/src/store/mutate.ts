/**
 * THE one way the document changes. A recipe edits an immer draft of the current
 * view; `mutate` turns the result into RFC 6902, checks it, hands both the ops and
 * the new document to the collaboration client (which adopts the document as its
 * view at once: optimistic, no second copy) and records the step in the history.
 * Nothing else writes the document: remote changes arrive through the client.
 *
 *   recipe → produceWithPatches → no patches? nothing (no undo step)
 *          → canonical ops → validateTransition (refused? a notice, nothing changes)
 *          → client.submit(ops, { view: next }) → history
 */
import type { ClientError } from '@tandem/client';
import { type PageDocument, validateTransition } from '@tandem/protocol';
import { enableArrayMethods, enablePatches, produceWithPatches } from 'immer';
import { canonicalOps } from './canonical.ts';
import type { EditorClient } from './client.ts';
import type { History } from './history.ts';
import type { Outcome } from './outcome.ts';

enablePatches();
enableArrayMethods();

export interface MutationContext {
  readonly client: EditorClient;
  readonly history: History;
  now(): number;
  /** Shows why an edit was refused. */
  notify(notice: ClientError): void;
  /** Called after every applied change (the store copies the client's doc and the history flags). */
  changed(): void;
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

  const problems = validateTransition(before, next, ops);
  if (problems.length > 0) return refuse(`that edit would break the page: ${problems[0]}`);
  if (!ctx.client.submit(ops, { view: next })) return refuse('the edit could not be applied');

  // Guarded: an undo whose removal index went stale fails instead of detaching another component.
  const change = { ops, inverse: canonicalOps(next, before, inversePatches, { guard: true }) };
  const at = ctx.now();
  const mode = options.history ?? 'edit';
  if (mode === 'edit') ctx.history.record(change, options.coalesceKey ?? null, at);
  else if (mode === 'undo') ctx.history.pushRedo(change, at);
  else ctx.history.pushUndo(change, at);
  ctx.changed();
  return { ok: true, value: outcome.value, changed: true };
}
