/** removeComponent: the component and its whole subtree, from `components` and from its parent. */
import { type ComponentNode, locate, type PageDocument, subtreeIds } from '@tandem/protocol';
import { fail, type Outcome, ok } from '../outcome.ts';

export function remove(doc: PageDocument, id: string): Outcome<void> {
  const at = locate(doc, id);
  if (at === null) return fail(id === doc.rootId ? 'the page itself cannot be deleted' : 'that component no longer exists');
  const ids = subtreeIds(doc, id);
  (doc.components[at.parentId] as ComponentNode).children.splice(at.index, 1);
  for (const gone of ids) delete doc.components[gone];
  return ok(undefined);
}
