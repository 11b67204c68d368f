/**
 * An editor store over a document nobody edits: an old version shown in the
 * history panel. The canvas renders it with the same components as the live
 * page (in preview mode: no selection, no drag), and every edit is refused.
 */
import type { PageDocument } from '@tandem/protocol';
import { createEditorStore, type EditorClient, type EditorStoreApi, type Viewport } from '@tandem/editor';

export function readOnlyStore(doc: PageDocument, version: number, viewport: Viewport): EditorStoreApi {
  const client: EditorClient = {
    doc,
    version,
    users: [],
    me: null,
    status: 'connected',
    pendingCount: 0,
    presence: new Map(),
    pointers: new Map(),
    views: new Map(),
    role: 'viewer',
    submit: () => ({ ok: false, error: { code: 'read-only', message: 'an old version cannot be edited' } }),
    setSelection: () => {},
    setPointer: () => {},
    setView: () => {},
    subscribe: () => () => {},
  };
  const store = createEditorStore(client);
  store.setState({ preview: true, viewport });
  return store;
}
