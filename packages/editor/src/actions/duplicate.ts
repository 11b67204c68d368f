/** duplicateComponent: a copy of the subtree with fresh ids, right after the original. */
import { type ComponentNode, holdRefusal, locate, nodeOf, type PageDocument, subtreeIds } from '@tandem/protocol';
import type { Subtree } from '../clipboard-format.ts';
import { fail, type Outcome, ok } from '../outcome.ts';
import type { IdFactory } from './ids.ts';
import { insertCopy } from './insert-copy.ts';

export function duplicate(doc: PageDocument, id: string, ids: IdFactory): Outcome<string> {
  const node = nodeOf(doc, id);
  const at = locate(doc, id);
  if (!node || at === null) return fail(id === doc.rootId ? 'the page itself cannot be duplicated' : 'that component no longer exists');
  const why = holdRefusal(doc, at.parentId, node.type);
  if (why !== null) return fail(why);
  const components: Record<string, ComponentNode> = {};
  for (const each of subtreeIds(doc, id)) components[each] = doc.components[each] as ComponentNode;
  const subtree: Subtree = { rootId: id, components };
  return ok(insertCopy(doc, subtree, { parentId: at.parentId, index: at.index + 1 }, ids));
}
