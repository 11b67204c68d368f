/** Editor commands shared by the top bar, the shortcuts, the canvas and the outline. */
import type { EditorStore, Placement } from '@tandem/editor';
import type { DragSource } from './drop-rules.ts';

/** Carries out a drop; returns the id of the component placed, or null. */
export function performDrop(store: EditorStore, source: DragSource, placement: Placement): string | null {
  if (source.kind === 'new') return store.addComponent(source.type, placement);
  if (source.kind === 'paste') return store.paste(source.json, placement);
  // A group dragged together moves as one step and stays selected.
  if (source.ids !== undefined && source.ids.length > 1) return store.moveComponents(source.ids, placement) ? source.id : null;
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

/** Every selected component but the page itself: what the group commands act on. */
export function selectedGroup(store: EditorStore): readonly string[] {
  const { selectedIds, doc } = store;
  if (doc === null) return [];
  return selectedIds.filter((id) => id !== doc.rootId && Object.hasOwn(doc.components, id));
}

export function deleteSelection(store: EditorStore): void {
  const ids = selectedGroup(store);
  if (ids.length > 0) store.removeComponents(ids);
}

export function duplicateSelection(store: EditorStore): void {
  const ids = selectedGroup(store);
  if (ids.length > 0) store.duplicateComponents(ids);
}

/** Wraps the selection in a new Section (refused, with a notice, when they do not share a parent). */
export function wrapSelection(store: EditorStore): void {
  const ids = selectedGroup(store);
  if (ids.length > 0) store.wrapInSection(ids);
}
