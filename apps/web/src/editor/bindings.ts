/**
 * The one place the editor UI reaches the store (src/store/react.ts): reads go
 * through `useEditor(selector)` / `useComponent(id)`, actions through the
 * store's functions, and handlers read the latest state with
 * `useEditorApi().getState()` without subscribing.
 */
export { EditorProvider, useComponent, useEditor, useEditorStore as useEditorApi } from '../store/react.ts';
