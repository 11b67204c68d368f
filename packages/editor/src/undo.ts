/**
 * Undo and redo: take the latest step, replay its inverse through `mutate` (the
 * same path as every edit: checked, sent, and recorded on the other stack). A step
 * that no longer applies (what it touched is gone, its positions went stale, or the
 * page would break) or no longer changes anything is dropped, and the one before
 * it is tried.
 */
import { applyPatch } from '@tandem/protocol';
import type { HistoryEntry } from './history.ts';
import { type MutationContext, mutate } from './mutate.ts';
import { fail, ok } from './outcome.ts';

export function undo(ctx: MutationContext): boolean {
  return replay(ctx, () => ctx.history.popUndo(), 'undo');
}

export function redo(ctx: MutationContext): boolean {
  return replay(ctx, () => ctx.history.popRedo(), 'redo');
}

function replay(ctx: MutationContext, pop: () => HistoryEntry | undefined, mode: 'undo' | 'redo'): boolean {
  // A viewer keeps the steps (popping one it cannot replay would lose it) and changes nothing.
  if (ctx.client.doc === null || ctx.readOnly()) return false;
  let applied = false;
  for (let entry = pop(); entry !== undefined; entry = pop()) {
    const { inverse } = entry;
    const result = mutate(
      ctx,
      (draft) => {
        // The protocol's own applyPatch, in place on the draft: strict (a stale index or
        // a failed `test` fails the step), and all or nothing.
        const result = applyPatch(draft, inverse, { inPlace: true });
        if (!result.ok) return fail(result.error.message);
        // A step never replaces the whole page; if one did, the draft would not hold it.
        return result.doc === draft ? ok(undefined) : fail('a step cannot replace the whole page');
      },
      { history: mode, quiet: true },
    );
    if (result.ok && result.changed) {
      applied = true;
      break;
    }
  }
  // mutate set the store when a step applied; otherwise only the stacks changed.
  if (!applied) ctx.changed();
  return applied;
}
