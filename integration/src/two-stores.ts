/**
 * People on one page of a real server (startTestServer, in-process on an ephemeral
 * port), each with a real CollabClient and their own editor store: the set-up of the
 * tests that follow edits from one store to another through the server.
 */
import { CollabClient, type WebSocketConstructor } from '@tandem/client';
import { createEditorStore, type EditorStoreApi } from '@tandem/editor';
import { type PageDocument, validateDocument } from '@tandem/protocol';
import { type RunningServer, signedInFetch, startTestServer } from '@tandem/server/testing';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import WebSocket from 'ws';

export interface Person {
  client: CollabClient;
  store: EditorStoreApi;
  /** Fetch as this person (signed in, with access to the page). */
  fetch: ReturnType<typeof signedInFetch>;
  state: () => ReturnType<EditorStoreApi['getState']>;
}

/** Starts the server for the file's tests, and closes each test's clients and stores after it. */
export function storesOnServer(pagePrefix: string) {
  let server: RunningServer | undefined;
  const open: Person[] = [];
  let pages = 0;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(() => {
    for (const { client, store } of open.splice(0)) {
      store.destroy();
      client.close();
    }
  });
  const running = () => {
    if (!server) throw new Error('the server starts in beforeAll');
    return server;
  };
  return {
    get server(): RunningServer {
      return running();
    },
    /** A page id no other test uses. */
    newPage: () => `${pagePrefix}-${process.pid}-${++pages}`,
    /** `userName` signs in, opens the page with their own store, and is connected. */
    async join(pageId: string, userName: string): Promise<Person> {
      const fetch = signedInFetch(running(), pageId, userName);
      const client = new CollabClient({
        baseUrl: running().http,
        pageId,
        userName,
        WebSocket: WebSocket as unknown as WebSocketConstructor,
        backoff: { initialMs: 20, maxMs: 200 },
        fetch,
      });
      const store = createEditorStore(client);
      const person = { client, store, fetch, state: () => store.getState() };
      open.push(person);
      await client.connect();
      return person;
    },
  };
}

export const docOf = (p: Person) => p.state().doc as PageDocument;

/** Both have sent everything and hold the same document, a valid one. */
export async function converged(a: Person, b: Person) {
  await vi.waitFor(
    () => {
      expect(a.state().pendingCount).toBe(0);
      expect(b.state().pendingCount).toBe(0);
      expect(docOf(b)).toEqual(docOf(a));
    },
    { timeout: 5000, interval: 10 },
  );
  expect(validateDocument(docOf(a))).toEqual([]);
}
