/** moveUp: one place earlier among its siblings. */
import { locate, type PageDocument } from '@tandem/protocol';
import { fail, type Outcome } from '../outcome.ts';
import { move } from './move.ts';

export function moveUp(doc: PageDocument, id: string): Outcome<void> {
  const at = locate(doc, id);
  if (at === null || at.index === 0) return fail('it is already first');
  return move(doc, id, { parentId: at.parentId, index: at.index - 1 });
}
