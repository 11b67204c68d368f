/**
 * React bindings for the editor store (@tandem/editor): the one place the editor
 * UI reaches it. Components read through
 * `useEditor(selector)` (zustand's `useStore` on the store in context) and act
 * through the store's actions.
 *
 * zustand 5 compares a selector's result with Object.is: a selector that builds a
 * new object or array on each call re-renders forever. Select one value at a time,
 * or wrap such a selector in `useShallow` (re-exported here):
 *
 *   const { selection, hover } = useEditor(useShallow((s) => ({ selection: s.selection, hover: s.hover })));
 */
import { type ComponentNode, nodeOf } from '@tandem/protocol';
import { createContext, createElement, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { EditorStore } from '@tandem/editor';

export { useShallow } from 'zustand/react/shallow';

const EditorContext = createContext<StoreApi<EditorStore> | null>(null);

export function EditorProvider({ store, children }: { store: StoreApi<EditorStore>; children?: ReactNode }) {
  return createElement(EditorContext.Provider, { value: store }, children);
}

/** The store itself, for handlers that read the latest state (`getState()`) without subscribing. */
export function useEditorStore(): StoreApi<EditorStore> {
  const store = useContext(EditorContext);
  if (store === null) throw new Error('useEditorStore must be used inside an <EditorProvider>');
  return store;
}

/** One slice of the state; re-renders when it changes by Object.is (see useShallow above). */
export function useEditor<T>(selector: (state: EditorStore) => T): T {
  return useStore(useEditorStore(), selector);
}

/**
 * One component's node. Unchanged components keep their object identity across
 * local and remote edits, so a memoised renderer re-renders only when its own node
 * was replaced.
 */
export function useComponent(id: string): ComponentNode | undefined {
  return useEditor((state) => (state.doc === null ? undefined : nodeOf(state.doc, id)));
}
