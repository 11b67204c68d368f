/** The one edit the minimal app makes: replace the first Heading's text. */
import { formatPointer, type Operation, type PageDocument } from '@tandem/protocol';

/** The first Heading in document order (depth-first from the root), or null. */
export function firstHeadingId(doc: PageDocument): string | null {
  const seen = new Set<string>();
  const stack = [doc.rootId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = doc.components[id];
    if (!node) continue;
    if (node.type === 'Heading') return id;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as string);
  }
  return null;
}

export function bumpHeadingPatch(doc: PageDocument, text: string): Operation[] | null {
  const id = firstHeadingId(doc);
  if (id === null) return null;
  return [{ op: 'replace', path: formatPointer(['components', id, 'props', 'text']), value: text }];
}
