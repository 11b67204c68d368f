/**
 * restoreDeleted: puts a subtree someone else deleted back where it was, with its
 * own ids (they are free again), as one new edit. Its old parent must still take
 * it (D7 and the container rules); the index is clamped to the children there now.
 */
import { type ComponentNode, cloneJson, holdRefusal, nodeOf, type PageDocument } from '@tandem/protocol';
import type { DeletedUnderYou } from '../deleted-under-you.ts';
import { fail, type Outcome, ok } from '../outcome.ts';

export function putBack(doc: PageDocument, deleted: DeletedUnderYou): Outcome<string> {
  const parent = nodeOf(doc, deleted.parentId);
  if (!parent) return fail('the place it was in has been deleted too');
  if (Object.keys(deleted.components).some((id) => doc.components[id] !== undefined)) return fail('it is already back on the page');
  const refusal = holdRefusal(doc, deleted.parentId, deleted.type);
  if (refusal !== null) return fail(refusal);
  for (const [id, node] of Object.entries(deleted.components)) doc.components[id] = cloneJson(node) as ComponentNode;
  (doc.components[deleted.parentId] as ComponentNode).children.splice(Math.min(deleted.index, parent.children.length), 0, deleted.rootId);
  return ok(deleted.selectedId);
}
