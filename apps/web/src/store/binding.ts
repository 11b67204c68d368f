/**
 * Keeps the store in step with the collaboration client: the document (always
 * the client's own object), version, people, presence, connection status,
 * pending count and notices. Remote changes carry the history along, and a
 * selection or hover whose component is gone is cleared.
 */
import { diff, type PageDocument } from '@tandem/protocol';
import type { StoreApi } from 'zustand/vanilla';
import type { EditorClient, EditorClientEvent } from './client.ts';
import type { History } from './history.ts';
import { nodeOf } from './tree.ts';
import type { EditorState, EditorStore } from './types.ts';

export function presenceRecord(client: EditorClient): EditorState['presence'] {
  return Object.fromEntries(client.presence);
}

/** The part of the state the client owns, read from it. */
export function clientState(
  client: EditorClient,
): Pick<EditorState, 'doc' | 'version' | 'status' | 'pendingCount' | 'me' | 'users' | 'presence'> {
  return {
    doc: client.doc,
    version: client.version,
    status: client.status,
    pendingCount: client.pendingCount,
    me: client.me,
    users: client.users,
    presence: presenceRecord(client),
  };
}

/** A selection (or hover) that still names a component, else null. */
export function stillThere(doc: PageDocument | null, id: string | null): string | null {
  return id !== null && doc !== null && nodeOf(doc, id) ? id : null;
}

export function bindClient(store: StoreApi<EditorStore>, client: EditorClient, history: History): () => void {
  const onDoc = () => {
    const { selection, hover } = store.getState();
    const doc = client.doc;
    const keptSelection = stillThere(doc, selection);
    store.setState({
      doc,
      version: client.version,
      selection: keptSelection,
      hover: stillThere(doc, hover),
      canUndo: history.canUndo,
      canRedo: history.canRedo,
    });
    if (keptSelection !== selection) client.setSelection(null);
  };

  const onEvent = (event: EditorClientEvent) => {
    switch (event.type) {
      case 'doc':
        // Carry the history past someone else's change before anything reads it. A view
        // rebuilt whole (a fresh sync, a refused edit) says not what changed: the
        // difference says it, so that no undo step writes back text others changed since.
        if (event.origin === 'remote' && event.ops) history.rebase(event.ops);
        else if (event.origin !== 'local' && event.origin !== 'remote') {
          const before = store.getState().doc;
          if (before !== null && client.doc !== null && before !== client.doc) history.rebase(diff(before, client.doc));
        }
        onDoc();
        return;
      case 'users':
        store.setState({ users: client.users, me: client.me });
        return;
      case 'presence':
        store.setState({ presence: presenceRecord(client) });
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
      case 'error':
        store.setState({ notice: event.error });
        return;
    }
  };

  const unsubscribe = client.subscribe(onEvent);
  // Whatever happened before we listened.
  store.setState(clientState(client));
  onDoc();
  return unsubscribe;
}
