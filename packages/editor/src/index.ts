// The editor store's public API. Everything else in src/ is internal.
export type { DocEvent, EditorClient, EditorClientEvent, SubmitOptions } from './editor-client.ts';
export {
  CLIPBOARD_KIND,
  CLIPBOARD_MANY_KIND,
  MAX_PASTED_COMPONENTS,
  parseSubtree,
  parseSubtrees,
  type Subtree,
  type Subtrees,
  serializeSubtree,
  serializeSubtrees,
} from './clipboard-format.ts';
export type { DeletedUnderYou } from './deleted-under-you.ts';
export { createEditorStore, type EditorStoreApi, type EditorStoreOptions } from './editor-store.ts';
export { type ImmerPatch, fromImmerPatches, toImmerPatches } from './immer-patches.ts';
export { placementFor } from './insert-placement.ts';
export { REFUSED } from './mutate.ts';
export { topLevel } from './selection.ts';
export type { EditorActions, EditorState, EditorStore, Placement, SelectionActions, Viewport } from './types.ts';
