/** indent: into the previous sibling, at its end, when that sibling is a container that takes it. */
import { locate, nodeOf, type PageDocument } from '@tandem/protocol';
import { fail, type Outcome } from '../outcome.ts';
import { move } from './move.ts';

export function indent(doc: PageDocument, id: string): Outcome<void> {
  const at = locate(doc, id);
  if (at === null || at.index === 0) return fail('there is nothing before it to go into');
  const previous = nodeOf(doc, nodeOf(doc, at.parentId)?.children[at.index - 1] ?? '');
  if (!previous) return fail('there is nothing before it to go into');
  return move(doc, id, { parentId: previous.id, index: previous.children.length });
}
