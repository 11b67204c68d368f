/**
 * One editing session per mounted page: a CollabClient (remote changes applied
 * purely by the protocol, unsent edits kept in localStorage) and the editor store bound to it.
 * Connects on mount, closes on unmount or when the page or name changes.
 *
 *   const store = useEditorSession(pageId, userName);
 *   if (!store) return <Loading />;
 *   return <EditorProvider store={store}>…</EditorProvider>;
 *
 * A page that cannot be opened at all (the server refused the id or the name)
 * sets the store's `fatal`.
 */
import { CollabClient, type FetchLike, localPendingStore, type PendingStore } from '@tandem/client';
import { redirectToSignIn } from '../lib/routes.ts';
import { createEditorStore, type EditorStoreApi } from '@tandem/editor';
import { useEffect, useState } from 'react';

function pendingStore(): PendingStore | undefined {
  try {
    return localPendingStore(window.localStorage);
  } catch {
    return undefined; // storage blocked: unsent edits live in memory only
  }
}

/** The ticket request, sending the person to sign in when their session is gone (401). */
const ticketFetch: FetchLike = async (url, init) => {
  const response = await globalThis.fetch(url, init);
  if (response.status === 401) redirectToSignIn();
  return response;
};

export function useEditorSession(pageId: string, userName: string): EditorStoreApi | null {
  const [store, setStore] = useState<EditorStoreApi | null>(null);

  useEffect(() => {
    const pending = pendingStore();
    const client = new CollabClient({
      baseUrl: '',
      pageId,
      userName,
      WebSocket: window.WebSocket,
      fetch: ticketFetch,
      ...(pending ? { pendingStore: pending } : {}),
    });
    const next = createEditorStore(client);
    let disposed = false;
    setStore(next);
    client.connect().catch((error: unknown) => {
      // Rejected because we closed it ourselves, or for good by the server (status closed).
      if (disposed || client.status !== 'closed') return;
      next.setState({ fatal: error instanceof Error ? error.message : String(error) });
    });
    return () => {
      disposed = true;
      next.destroy();
      client.close();
      setStore((current) => (current === next ? null : current));
    };
  }, [pageId, userName]);

  return store;
}
