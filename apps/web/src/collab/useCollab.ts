/**
 * One CollabClient per mounted page, exposed to React as a snapshot that is
 * replaced on every client event (the client's documents are immutable, so
 * components can compare by reference).
 */
import { type ClientError, CollabClient, type ConnectionStatus } from '@tandem/client';
import type { PageDocument, User } from '@tandem/protocol';
import { useEffect, useState } from 'react';

export interface CollabSnapshot {
  status: ConnectionStatus;
  doc: PageDocument | null;
  version: number;
  users: readonly User[];
  me: User | null;
  presence: ReadonlyMap<string, readonly string[] | null>;
  pendingCount: number;
  lastError: ClientError | null;
  /** Why the page cannot be opened at all (e.g. the server refused the page id). */
  fatal: string | null;
}

const initial: CollabSnapshot = {
  status: 'connecting',
  doc: null,
  version: -1,
  users: [],
  me: null,
  presence: new Map(),
  pendingCount: 0,
  lastError: null,
  fatal: null,
};

function snapshotOf(client: CollabClient, previous: CollabSnapshot): CollabSnapshot {
  return {
    ...previous,
    status: client.status,
    doc: client.doc,
    version: client.version,
    users: client.users,
    me: client.me,
    presence: new Map(client.presence),
    pendingCount: client.pendingCount,
  };
}

export function useCollab(pageId: string, userName: string): { client: CollabClient | null; snapshot: CollabSnapshot } {
  const [client, setClient] = useState<CollabClient | null>(null);
  const [snapshot, setSnapshot] = useState<CollabSnapshot>(initial);

  useEffect(() => {
    const next = new CollabClient({ baseUrl: '', pageId, userName, WebSocket: window.WebSocket });
    setClient(next);
    setSnapshot(initial);
    const unsubscribe = next.subscribe((event) => {
      setSnapshot((previous) => {
        const updated = snapshotOf(next, previous);
        if (event.type === 'error') return { ...updated, lastError: event.error };
        // A connection problem is over once connected again; other notices stay until replaced.
        if (event.type === 'status' && event.status === 'connected' && previous.lastError?.code === 'ticket') {
          return { ...updated, lastError: null };
        }
        return updated;
      });
    });
    next.connect().catch((error: unknown) => {
      if (next.status !== 'closed') return;
      setSnapshot((previous) => ({ ...snapshotOf(next, previous), fatal: error instanceof Error ? error.message : String(error) }));
    });
    return () => {
      unsubscribe();
      next.close();
    };
  }, [pageId, userName]);

  return { client, snapshot };
}
