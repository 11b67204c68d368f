/**
 * Where a new (or pasted) component goes. With an explicit place, that place if it
 * takes the type; without one, the rule of `addComponent`: into the selected
 * container, else just after the selected component, else at the end of the root.
 */
import { holdRefusal, locate, nodeOf, type PageDocument } from '@tandem/protocol';
import { fail, type Outcome, ok } from './outcome.ts';
import type { Placement } from './types.ts';

export function placementFor(doc: PageDocument, type: string, selection: string | null, at?: Placement): Outcome<Placement> {
  if (at !== undefined) {
    const parent = nodeOf(doc, at.parentId);
    if (!parent) return fail('that place no longer exists');
    if (!Number.isInteger(at.index) || at.index < 0 || at.index > parent.children.length) return fail('that position is out of range');
    const why = holdRefusal(doc, at.parentId, type);
    return why === null ? ok(at) : fail(why);
  }
  const selected = selection === null ? undefined : nodeOf(doc, selection);
  if (selected) {
    if (holdRefusal(doc, selected.id, type) === null) return ok({ parentId: selected.id, index: selected.children.length });
    const where = locate(doc, selected.id);
    if (where && holdRefusal(doc, where.parentId, type) === null) return ok({ parentId: where.parentId, index: where.index + 1 });
  }
  const why = holdRefusal(doc, doc.rootId, type);
  if (why !== null) return fail(why);
  return ok({ parentId: doc.rootId, index: nodeOf(doc, doc.rootId)?.children.length ?? 0 });
}
