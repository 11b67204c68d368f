/** Editor commands shared by the top bar, the shortcuts, the canvas and the outline. */
import type { EditorStore, Placement } from '@tandem/editor';
import type { DragSource } from './drop-rules.ts';

/** Carries out a drop; returns the id of the component placed, or null. */
export function performDrop(store: EditorStore, source: DragSource, placement: Placement): string | null {
  if (source.kind === 'new') return store.addComponent(source.type, placement);
  if (source.kind === 'paste') return store.paste(source.json, placement);
  // placement.index is the gap among the children as they are now, which is what moveComponent takes.
  if (!store.moveComponent(source.id, placement)) return null;
  store.select(source.id);
  return source.id;
}

/** The selection, unless it is the root (which cannot be deleted, duplicated or copied). */
export function selectedNonRoot(store: EditorStore): string | null {
  const { selection, doc } = store;
  return selection !== null && doc !== null && selection !== doc.rootId && Object.hasOwn(doc.components, selection) ? selection : null;
}

export function deleteSelection(store: EditorStore): void {
  const id = selectedNonRoot(store);
  if (id !== null) store.removeComponent(id);
}

export function duplicateSelection(store: EditorStore): void {
  const id = selectedNonRoot(store);
  if (id !== null) store.duplicateComponent(id);
}
