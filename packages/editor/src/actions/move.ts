/**
 * moveComponent: a component and its subtree to another place. `to.index` is a gap
 * in the target's children as they are before the move (where a drop indicator
 * sits), so moving the first of three children to index 3 makes it the last.
 */
import { type ComponentNode, holdRefusal, isAncestor, locate, nodeOf, type PageDocument } from '@tandem/protocol';
import { fail, type Outcome, ok } from '../outcome.ts';
import type { Placement } from '../types.ts';

export function move(doc: PageDocument, id: string, to: Placement): Outcome<void> {
  const node = nodeOf(doc, id);
  if (!node) return fail('that component no longer exists');
  const from = locate(doc, id);
  if (from === null) return fail('the page itself cannot move');
  const target = nodeOf(doc, to.parentId);
  if (!target) return fail('that place no longer exists');
  if (isAncestor(doc, id, to.parentId)) return fail('a component cannot go inside itself');
  if (!Number.isInteger(to.index) || to.index < 0 || to.index > target.children.length) return fail('that position is out of range');
  const same = from.parentId === to.parentId;
  const why = holdRefusal(doc, to.parentId, node.type, same ? 0 : 1);
  if (why !== null) return fail(why);
  const index = same && to.index > from.index ? to.index - 1 : to.index;
  if (same && index === from.index) return ok(undefined);
  (doc.components[from.parentId] as ComponentNode).children.splice(from.index, 1);
  target.children.splice(index, 0, id);
  return ok(undefined);
}
