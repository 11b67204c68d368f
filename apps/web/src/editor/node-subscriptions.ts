/**
 * Keyed subscriptions: each canvas node and outline row listens for changes to
 * its own component id only.
 *
 * With `useEditor(selector)` every node would run its selectors on every store
 * change — thousands of calls per keystroke on a large page (one edit is one
 * store update, but typing is many edits). Here one store listener
 * works out which ids a change can concern — components whose node object was
 * replaced (the client shares untouched ones), the old and new selection (and
 * those joining or leaving a multi-selection) and hover, whatever someone else
 * selected before and after — and wakes only the nodes with those ids. A node's
 * snapshot is still read from the store's state, so this is `useComponent(id)`
 * with a cheaper way to be told.
 */
import { type ComponentNode, nodeOf } from '@tandem/protocol';
import { useCallback, useSyncExternalStore } from 'react';
import type { StoreApi } from 'zustand';
import { safeColor } from '../lib/color.ts';
import type { EditorStore } from '@tandem/editor';
import { useEditorStore } from './store-hooks.ts';

type Listener = () => void;

interface NodeBus {
  subscribe(id: string, listener: Listener): () => void;
}

const buses = new WeakMap<StoreApi<EditorStore>, NodeBus>();

function addSelections(into: Set<string>, presence: EditorStore['presence']): void {
  for (const selection of Object.values(presence)) if (selection) for (const id of selection) into.add(id);
}

/** The ids a change from `prev` to `state` can concern, among those listened to. */
export function changedIds(state: EditorStore, prev: EditorStore, listened: Iterable<string>): Set<string> {
  const dirty = new Set<string>();
  if (state.doc !== prev.doc) {
    const before = prev.doc?.components;
    const after = state.doc?.components;
    if (!before || !after || state.doc?.rootId !== prev.doc?.rootId) for (const id of listened) dirty.add(id);
    else if (before !== after) for (const id of listened) if (before[id] !== after[id]) dirty.add(id);
  }
  if (state.selection !== prev.selection) {
    if (prev.selection !== null) dirty.add(prev.selection);
    if (state.selection !== null) dirty.add(state.selection);
    // The outline's root row is the tab stop while nothing is selected.
    if ((state.selection === null) !== (prev.selection === null) && state.doc) dirty.add(state.doc.rootId);
  }
  if (state.selectedIds !== prev.selectedIds) {
    // Those that joined or left a multi-selection.
    const before = new Set(prev.selectedIds);
    const after = new Set(state.selectedIds);
    for (const id of before) if (!after.has(id)) dirty.add(id);
    for (const id of after) if (!before.has(id)) dirty.add(id);
  }
  if (state.hover !== prev.hover) {
    if (prev.hover !== null) dirty.add(prev.hover);
    if (state.hover !== null) dirty.add(state.hover);
  }
  if (state.presence !== prev.presence || state.users !== prev.users || state.me !== prev.me) {
    addSelections(dirty, prev.presence);
    addSelections(dirty, state.presence);
  }
  return dirty;
}

function busFor(api: StoreApi<EditorStore>): NodeBus {
  const existing = buses.get(api);
  if (existing) return existing;
  const listeners = new Map<string, Set<Listener>>();
  let stop: (() => void) | null = null;
  const onChange = (state: EditorStore, prev: EditorStore) => {
    for (const id of changedIds(state, prev, listeners.keys())) {
      const set = listeners.get(id);
      if (set) for (const listener of [...set]) listener();
    }
  };
  const bus: NodeBus = {
    subscribe(id, listener) {
      let set = listeners.get(id);
      if (!set) {
        set = new Set();
        listeners.set(id, set);
      }
      set.add(listener);
      stop ??= api.subscribe(onChange);
      return () => {
        const current = listeners.get(id);
        current?.delete(listener);
        if (current?.size === 0) listeners.delete(id);
        if (listeners.size === 0 && stop) {
          stop();
          stop = null;
        }
      };
    },
  };
  buses.set(api, bus);
  return bus;
}

/** A value about component `id`, re-read only when a change concerns that id. Must return a stable value (a node, a primitive). */
export function useNodeValue<T>(id: string, read: (state: EditorStore) => T): T {
  const api = useEditorStore();
  const bus = busFor(api);
  const subscribe = useCallback((listener: Listener) => bus.subscribe(id, listener), [bus, id]);
  return useSyncExternalStore(subscribe, () => read(api.getState()));
}

/** The component's node: a new object only when that component changed. */
export function useNode(id: string): ComponentNode | undefined {
  return useNodeValue(id, (state) => (state.doc === null ? undefined : nodeOf(state.doc, id)));
}

/** Who else has selected each component: built once per presence change, then one lookup per node. */
let remoteCache: {
  presence: EditorStore['presence'];
  users: EditorStore['users'];
  me: EditorStore['me'];
  index: Map<string, { userId: string; color: string }>;
} | null = null;

export function remoteSelectionOf(state: EditorStore, id: string): { userId: string; color: string } | undefined {
  if (!remoteCache || remoteCache.presence !== state.presence || remoteCache.users !== state.users || remoteCache.me !== state.me) {
    const index = new Map<string, { userId: string; color: string }>();
    for (const [userId, selection] of Object.entries(state.presence)) {
      if (!selection || userId === state.me?.userId) continue;
      const color = safeColor(state.users.find((user) => user.userId === userId)?.color) ?? '#64748b';
      for (const selected of selection) if (!index.has(selected)) index.set(selected, { userId, color });
    }
    remoteCache = { presence: state.presence, users: state.users, me: state.me, index };
  }
  return remoteCache.index.get(id);
}
