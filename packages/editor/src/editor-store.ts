/**
 * The editor store: one zustand store holding the document (the collaboration
 * client's view, never written here), its version, and the local UI state
 * (selection, hover, viewport) apart from it. Every document action is a pure
 * recipe from ./actions run through `mutate`; undo and redo go the same way.
 *
 *   const store = createEditorStore(client);
 *   store.getState().addComponent('Heading');
 *   store.getState().destroy(); // stops listening to the client (the caller closes it)
 */
import type { ClientError } from '@tandem/client';
import { type Json, nodeOf, type PageDocument } from '@tandem/protocol';
import { createStore, type StoreApi } from 'zustand/vanilla';
import * as actions from './actions/index.ts';
import { type IdFactory, randomIds } from './actions/index.ts';
import { peopleWorkingIn, workingNotice } from './deleted-under-you.ts';
import type { EditorClient } from './editor-client.ts';
import { bindClient, type ClientBinding, clientState, showView } from './follow-client.ts';
import { History, type HistoryOptions } from './history.ts';
import { type MutateOptions, type MutationContext, mutate } from './mutate.ts';
import type { Outcome } from './outcome.ts';
import type { EditorState, EditorStore, Placement } from './types.ts';
import { selectionActions } from './selection-actions.ts';
import { redo, undo } from './undo.ts';

export interface EditorStoreOptions extends HistoryOptions {
  /** A clock in ms, for grouping bursts of edits (tests pass a fake one). */
  now?: () => number;
  /** Fresh component ids (tests pass a predictable factory). */
  ids?: IdFactory;
}

/** The store, plus a way to stop following the client when the page unmounts. */
export type EditorStoreApi = StoreApi<EditorStore> & { destroy(): void };

export function createEditorStore(client: EditorClient, options: EditorStoreOptions = {}): EditorStoreApi {
  const history = new History(options);
  const ids = options.ids ?? randomIds;
  const now = options.now ?? (() => Date.now());

  // Assigned once the store exists (the binding needs it); no edit can run before.
  let binding: ClientBinding | null = null;
  const store = createStore<EditorStore>()((set, get) => {
    const ctx: MutationContext = {
      client,
      history,
      now,
      readOnly: () => get().readOnly,
      notify: (notice: ClientError) => set({ notice }),
      submit: (ops, view) => (binding as ClientBinding).submit(ops, view),
      changed: (result) => {
        const flags = { canUndo: history.canUndo, canRedo: history.canRedo };
        if (result) showView(store, client, result.doc, { version: result.version, pendingCount: result.pendingCount, ...flags });
        else if (flags.canUndo !== get().canUndo || flags.canRedo !== get().canRedo) set(flags);
      },
    };
    const run = <T>(recipe: (draft: PageDocument) => Outcome<T>, opts?: MutateOptions) => mutate(ctx, recipe, opts);
    const selection = selectionActions({ client, get, set, run, ids });
    const { select } = selection;
    const selected = <T>(result: { ok: true; value: T } | { ok: false }): T | null => {
      if (!result.ok) return null;
      if (typeof result.value === 'string') select(result.value);
      return result.value;
    };

    const initial: EditorState = {
      ...clientState(client),
      selection: null,
      selectedIds: [],
      hover: null,
      viewport: 'desktop',
      preview: false,
      canUndo: false,
      canRedo: false,
      notice: null,
      fatal: null,
      deleted: null,
    };
    return {
      ...initial,
      ...selection,
      setHover: (id) => {
        if (get().hover !== id) set({ hover: id });
      },
      setViewport: (viewport) => set({ viewport }),
      setPreview: (preview) => set({ preview }),
      sharePointer: (pointer) => client.setPointer(pointer),
      shareView: (view) => client.setView(view),

      addComponent: (type: string, at?: Placement, props?: Readonly<Record<string, Json>>) =>
        selected(run((d) => actions.add(d, { type, at, selection: get().selection, ids, props }))),
      moveComponent: (id: string, to: Placement) => run((d) => actions.move(d, id, to)).ok,
      moveUp: (id) => run((d) => actions.moveUp(d, id), { quiet: true }).ok,
      moveDown: (id) => run((d) => actions.moveDown(d, id), { quiet: true }).ok,
      indent: (id) => run((d) => actions.indent(d, id), { quiet: true }).ok,
      outdent: (id) => run((d) => actions.outdent(d, id), { quiet: true }).ok,
      removeComponent: (id) => {
        const doc = client.doc;
        const working = doc === null || !nodeOf(doc, id) ? [] : peopleWorkingIn(doc, id, get().presence, get().users);
        if (run((d) => actions.remove(d, id)).ok && working.length > 0) set({ notice: workingNotice(working) });
      },
      duplicateComponent: (id) => selected(run((d) => actions.duplicate(d, id, ids))),
      copyComponent: (id) => {
        const doc = client.doc;
        return doc === null ? null : actions.copy(doc, id);
      },
      paste: (json: string, at?: Placement) => {
        // Several copied components are pasted side by side and all selected; the last one's id is returned.
        const pasted = run((d) => actions.pasteMany(d, { json, at, selection: get().selection, ids }));
        if (!pasted.ok) return null;
        selection.selectMany(pasted.value);
        return pasted.value[pasted.value.length - 1] ?? null;
      },
      setProp: (id: string, name: string, value: Json) => {
        run((d) => actions.setProp(d, id, name, value), { coalesceKey: `setProp\u0000${id}\u0000${name}` });
      },
      setTheme: (values) => {
        const keys = Object.keys(values).sort().join(',');
        run((d) => actions.setTheme(d, values), { coalesceKey: `setTheme\u0000${keys}` });
      },
      setStyle: (id, breakpoint, values) => {
        const keys = Object.keys(values).sort().join(',');
        run((d) => actions.setStyle(d, id, breakpoint, values), { coalesceKey: `setStyle\u0000${id}\u0000${breakpoint}\u0000${keys}` });
      },
      undo: () => {
        undo(ctx);
      },
      redo: () => {
        redo(ctx);
      },
      clearHistory: () => {
        history.clear();
        set({ canUndo: false, canRedo: false });
      },
      restoreDeleted: () => {
        const { deleted } = get();
        if (deleted === null) return null;
        const id = selected(run((d) => actions.putBack(d, deleted)));
        if (id !== null) set({ deleted: null });
        return id;
      },
      dismissDeleted: () => set({ deleted: null }),
    };
  });

  binding = bindClient(store, client, history);
  return Object.assign(store, { destroy: binding.unsubscribe });
}
