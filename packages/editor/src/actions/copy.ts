/** copyComponent: the subtree as clipboard JSON. Reads only; the document does not change. */
import type { PageDocument } from '@tandem/protocol';
import { serializeSubtree } from '../clipboard-format.ts';

export function copy(doc: PageDocument, id: string): string | null {
  return serializeSubtree(doc, id);
}
