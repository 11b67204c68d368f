/**
 * Keeps the store in step with the collaboration client: the document (always
 * the client's own object), version, people, presence, connection status,
 * pending count and notices. Remote changes carry the history along, and a
 * selected (or hovered) component that is gone leaves the selection.
 *
 * A local edit is not followed: `mutate` hands it to the client through
 * `submit` below and sets the store once from the result, after the history has
 * recorded it. The client's echoes of it (a `local` doc event, a `pending`
 * event) are ignored, so one edit is one store update.
 */
import type { SubmitResult } from '@tandem/client';
import { diff, nodeOf, type Operation, type PageDocument } from '@tandem/protocol';
import type { StoreApi } from 'zustand/vanilla';
import { authorName, deletedUnderYou } from './deleted-under-you.ts';
import type { EditorClient, EditorClientEvent } from './editor-client.ts';
import type { History } from './history.ts';
import { presenceOrder } from './selection.ts';
import type { EditorState, EditorStore } from './types.ts';

export function presenceRecord(client: EditorClient): EditorState['presence'] {
  return Object.fromEntries(client.presence);
}

/** The part of the state the client owns, read from it. */
export function clientState(
  client: EditorClient,
): Pick<EditorState, 'doc' | 'version' | 'status' | 'pendingCount' | 'me' | 'users' | 'presence' | 'pointers' | 'views' | 'role' | 'readOnly'> {
  return {
    doc: client.doc,
    version: client.version,
    status: client.status,
    pendingCount: client.pendingCount,
    me: client.me,
    users: client.users,
    presence: presenceRecord(client),
    pointers: Object.fromEntries(client.pointers),
    views: Object.fromEntries(client.views),
    role: client.role,
    readOnly: client.role === 'viewer',
  };
}

/** A selection (or hover) that still names a component, else null. */
export function stillThere(doc: PageDocument | null, id: string | null): string | null {
  return id !== null && doc !== null && nodeOf(doc, id) ? id : null;
}

/**
 * Sets a new view in one store update, with `extra`; a selection or hover whose
 * component is gone is cleared (and the others told).
 */
export function showView(store: StoreApi<EditorStore>, client: EditorClient, doc: PageDocument | null, extra: Partial<EditorState>): void {
  const { selection, selectedIds, hover } = store.getState();
  const kept = selectedIds.filter((id) => stillThere(doc, id) !== null);
  const gone = kept.length !== selectedIds.length;
  const keptSelection = stillThere(doc, selection) ?? kept[kept.length - 1] ?? null;
  store.setState({ doc, selection: keptSelection, selectedIds: gone ? kept : selectedIds, hover: stillThere(doc, hover), ...extra });
  if (gone) client.setSelection(presenceOrder(kept, keptSelection));
}

export interface ClientBinding {
  /** `client.submit(ops, { view })`, without applying its echoes to the store. */
  submit(ops: readonly Operation[], view: PageDocument): SubmitResult;
  /** Stops following the client. */
  unsubscribe(): void;
}

export function bindClient(store: StoreApi<EditorStore>, client: EditorClient, history: History): ClientBinding {
  let submitting = false;
  const onDoc = () => showView(store, client, client.doc, { version: client.version, canUndo: history.canUndo, canRedo: history.canRedo });

  const onEvent = (event: EditorClientEvent) => {
    // The echo of the edit being submitted: mutate sets the store from submit's result.
    if (submitting && ((event.type === 'doc' && event.origin === 'local') || event.type === 'pending')) return;
    switch (event.type) {
      case 'doc': {
        const { doc: before, selection, users } = store.getState();
        // Carry the history past someone else's change before anything reads it. A view
        // rebuilt whole (a fresh sync, a refused edit) says not what changed: the
        // difference says it, so that no undo step writes back text others changed since.
        if (event.origin === 'remote' && event.ops) history.rebase(event.ops);
        else if (event.origin !== 'local' && event.origin !== 'remote') {
          if (before !== null && client.doc !== null && before !== client.doc) history.rebase(diff(before, client.doc));
        }
        // A restore by anyone starts everyone's undo afresh (SPEC H2): older steps were made on another page.
        const restore = event.origin === 'remote' ? event.patchOrigin : undefined;
        if (restore?.kind === 'restore') history.clear();
        // Someone else deleted what this person was working on: say who and what, and keep it to put back (SPEC H3).
        const gone =
          event.origin === 'remote' && before !== null && client.doc !== null && selection !== null
            ? deletedUnderYou(before, client.doc, selection)
            : null;
        onDoc();
        // The person who restored knows (the History panel told them); everyone else is told who did.
        if (restore && event.origin === 'remote' && event.senderId !== store.getState().me?.userId) {
          store.setState({
            notice: {
              code: 'version-restored',
              message: `${restore.userName} restored version ${restore.version}. Undo starts again from here.`,
            },
          });
        }
        if (gone) {
          const byUserId = event.origin === 'remote' ? (event.senderId ?? null) : null;
          store.setState({ deleted: { ...gone, byUserId, byName: authorName(users, byUserId) ?? restore?.userName ?? null } });
        }
        return;
      }
      case 'users':
        store.setState({ users: client.users, me: client.me });
        return;
      case 'presence':
        store.setState({ presence: presenceRecord(client) });
        return;
      case 'pointer':
        store.setState({ pointers: Object.fromEntries(client.pointers) });
        return;
      case 'view':
        store.setState({ views: Object.fromEntries(client.views) });
        return;
      case 'status': {
        const { notice } = store.getState();
        // A connection problem is over once connected again; other notices stay until replaced.
        const cleared = event.status === 'connected' && notice?.code === 'ticket';
        store.setState({ status: client.status, me: client.me, ...(cleared ? { notice: null } : {}) });
        return;
      }
      case 'pending':
        // An ack moves the version on without changing the view: take it here too.
        store.setState({ pendingCount: client.pendingCount, version: client.version });
        return;
      case 'role':
        store.setState({ role: event.role, readOnly: event.role === 'viewer' });
        return;
      case 'error':
        store.setState({ notice: event.error });
        return;
    }
  };

  const unsubscribe = client.subscribe(onEvent);
  // Whatever happened before we listened.
  store.setState(clientState(client));
  onDoc();
  return {
    submit(ops, view) {
      submitting = true;
      try {
        return client.submit(ops, { view });
      } finally {
        submitting = false;
      }
    },
    unsubscribe,
  };
}
