/** copyComponent: the subtree as clipboard JSON. Reads only; the document does not change. */
import type { PageDocument } from '@tandem/protocol';
import { serializeSubtree, serializeSubtrees } from '../clipboard-format.ts';
import { topLevel } from '../selection.ts';

export function copy(doc: PageDocument, id: string): string | null {
  return serializeSubtree(doc, id);
}

/** copyComponents: the selection's top level (page order) as clipboard JSON; null when nothing in it can be copied. */
export function copyMany(doc: PageDocument, ids: readonly string[]): string | null {
  return serializeSubtrees(doc, topLevel(doc, ids));
}
