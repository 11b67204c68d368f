/** outdent: out of its parent, to just after it. */
import { locate, type PageDocument } from '@tandem/protocol';
import { fail, type Outcome } from '../outcome.ts';
import { move } from './move.ts';

export function outdent(doc: PageDocument, id: string): Outcome<void> {
  const at = locate(doc, id);
  const parentAt = at === null ? null : locate(doc, at.parentId);
  if (at === null || parentAt === null) return fail('it is already at the top level');
  return move(doc, id, { parentId: parentAt.parentId, index: parentAt.index + 1 });
}
