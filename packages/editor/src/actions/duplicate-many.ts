/**
 * duplicateComponents: a copy of each component's subtree (fresh ids) just after
 * it, as one change. Checked first for every parent that gains copies, so a group
 * that would overfill one is refused whole.
 */
import { type ComponentNode, locate, nodeOf, type PageDocument, subtreeIds } from '@tandem/protocol';
import type { Subtree } from '../clipboard-format.ts';
import { groupHoldRefusal } from '../group-rules.ts';
import { fail, type Outcome, ok } from '../outcome.ts';
import { topLevel } from '../selection.ts';
import type { IdFactory } from './ids.ts';
import { insertCopy } from './insert-copy.ts';

/** The copies' ids, in page order. */
export function duplicateMany(doc: PageDocument, ids: readonly string[], idFactory: IdFactory): Outcome<string[]> {
  const group = topLevel(doc, ids);
  if (group.length === 0)
    return fail(ids.includes(doc.rootId) ? 'the page itself cannot be duplicated' : 'those components no longer exist');
  const byParent = new Map<string, string[]>();
  for (const id of group) {
    const parentId = (locate(doc, id) as { parentId: string }).parentId;
    byParent.set(parentId, [...(byParent.get(parentId) ?? []), nodeOf(doc, id)?.type as string]);
  }
  for (const [parentId, types] of byParent) {
    const why = groupHoldRefusal(doc, parentId, types, types.length);
    if (why !== null) return fail(why);
  }
  // Last first, so that each original's index is still right when its copy goes in.
  const copies: string[] = [];
  for (const id of [...group].reverse()) {
    const at = locate(doc, id) as { parentId: string; index: number };
    const components: Record<string, ComponentNode> = {};
    for (const each of subtreeIds(doc, id)) components[each] = doc.components[each] as ComponentNode;
    const subtree: Subtree = { rootId: id, components };
    copies.unshift(insertCopy(doc, subtree, { parentId: at.parentId, index: at.index + 1 }, idFactory));
  }
  return ok(copies);
}
