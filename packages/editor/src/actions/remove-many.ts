/** removeComponents: several components and their subtrees, as one change (one undo step). */
import type { PageDocument } from '@tandem/protocol';
import { fail, type Outcome, ok } from '../outcome.ts';
import { topLevel } from '../selection.ts';
import { remove } from './remove.ts';

export function removeMany(doc: PageDocument, ids: readonly string[]): Outcome<void> {
  const group = topLevel(doc, ids);
  if (group.length === 0) return fail(ids.includes(doc.rootId) ? 'the page itself cannot be deleted' : 'those components no longer exist');
  for (const id of group) {
    const removed = remove(doc, id);
    if (!removed.ok) return removed;
  }
  return ok(undefined);
}
