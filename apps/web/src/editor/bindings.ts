/**
 * The one place the editor UI reaches the store (src/store/react.ts): reads go
 * through `useEditor(selector)` / `useComponent(id)`, actions through the
 * store's functions, and handlers read the latest state with
 * `useEditorApi().getState()` without subscribing.
 */

export type { EditorClient } from '../store/client.ts';

// A store of its own for a document that is only looked at (an old version in the history panel).
export { createEditorStore, type EditorStoreApi } from '../store/editor-store.ts';
export { EditorProvider, useComponent, useEditor, useEditorStore as useEditorApi } from '../store/react.ts';
export type { Viewport } from '../store/types.ts';
