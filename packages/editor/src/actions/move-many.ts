/**
 * moveComponents: several components (with their subtrees) to one place, side by
 * side in page order, as one change. `to.index` is a gap among the target's
 * children as they are before the move, as for moveComponent. The target must
 * take every one of them (type and count) and lie outside all of them.
 */
import { type ComponentNode, isAncestor, locate, nodeOf, type PageDocument } from '@tandem/protocol';
import { groupHoldRefusal } from '../group-rules.ts';
import { fail, type Outcome, ok } from '../outcome.ts';
import { topLevel } from '../selection.ts';
import type { Placement } from '../types.ts';

export function moveMany(doc: PageDocument, ids: readonly string[], to: Placement): Outcome<void> {
  const group = topLevel(doc, ids);
  if (group.length === 0) return fail(ids.includes(doc.rootId) ? 'the page itself cannot move' : 'those components no longer exist');
  const target = nodeOf(doc, to.parentId);
  if (!target) return fail('that place no longer exists');
  if (group.some((id) => isAncestor(doc, id, to.parentId))) return fail('components cannot go inside one of themselves');
  if (!Number.isInteger(to.index) || to.index < 0 || to.index > target.children.length) return fail('that position is out of range');
  const moving = new Set(group);
  const arriving = group.filter((id) => !target.children.includes(id)).length;
  const why = groupHoldRefusal(
    doc,
    to.parentId,
    group.map((id) => nodeOf(doc, id)?.type as string),
    arriving,
  );
  if (why !== null) return fail(why);
  // The gap, counted again without the moved ones that sit before it in the target.
  const index = to.index - target.children.slice(0, to.index).filter((id) => moving.has(id)).length;
  for (const id of group) {
    const from = locate(doc, id) as { parentId: string; index: number };
    (doc.components[from.parentId] as ComponentNode).children.splice(from.index, 1);
  }
  target.children.splice(index, 0, ...group);
  return ok(undefined);
}
