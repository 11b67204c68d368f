/**
 * A whole document through ComponentView, from a plain PageDocument: what the
 * server renders to HTML. The editor's canvas renders the same ComponentView per
 * node from its store instead (one subscription per node, so that an edit
 * re-renders only what it touched); both give the same elements.
 */
import type { PageDocument } from '@tandem/protocol';
import { createElement as h, type ReactNode } from 'react';
import { type CanvasMode, ComponentView } from './ComponentView.ts';

/** Deeper than any real page; only stops a broken document from recursing forever (the canvas stops at the same depth). */
export const MAX_RENDER_DEPTH = 128;

export interface PageViewProps {
  doc: PageDocument;
  mode?: CanvasMode;
}

export function PageView({ doc, mode = 'preview' }: PageViewProps): ReactNode {
  // A component reached twice (a broken document) is rendered once: the walk is bounded by the document's size.
  const seen = new Set<string>();
  const render = (id: string, depth: number): ReactNode => {
    const node = Object.hasOwn(doc.components, id) ? doc.components[id] : undefined;
    if (!node || depth > MAX_RENDER_DEPTH || seen.has(id)) return null;
    seen.add(id);
    const children = node.children.map((childId) => render(childId, depth + 1));
    return h(ComponentView, { key: id, node, mode, attributes: {} }, ...children);
  };
  return render(doc.rootId, 0);
}
