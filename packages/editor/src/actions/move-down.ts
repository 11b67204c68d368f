/** moveDown: one place later among its siblings. */
import { locate, nodeOf, type PageDocument } from '@tandem/protocol';
import { fail, type Outcome } from '../outcome.ts';
import { move } from './move.ts';

export function moveDown(doc: PageDocument, id: string): Outcome<void> {
  const at = locate(doc, id);
  const siblings = at === null ? 0 : (nodeOf(doc, at.parentId)?.children.length ?? 0);
  if (at === null || at.index >= siblings - 1) return fail('it is already last');
  // A gap index counted before the move: after the next sibling.
  return move(doc, id, { parentId: at.parentId, index: at.index + 2 });
}
