/**
 * The same kind of run through real sockets to the real server: real ws
 * connections, real timers, sockets killed at random. Fewer and shorter runs
 * than the simulation; they cover the wire path it stands in for.
 */
import { CollabClient, type WebSocketConstructor } from '@tandem/client';
import { signedInFetch, startTestServer } from '@tandem/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ActionKind, ActionMaker } from './actions.ts';
import { Random } from './random.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const ACTIONS: ActionKind[] = ['add', 'delete', 'move', 'reorder', 'duplicate', 'prop', 'prop'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('over real sockets', () => {
  it.each([1, 2, 3, 4, 5])(
    'seed %i: three people editing with dropped connections end with the server’s document',
    async (seed) => {
      const random = new Random(seed);
      const pageId = `wire-${seed}-${Date.now()}`;
      const sockets: WebSocket[] = [];
      const Tracked = class extends WebSocket {
        constructor(url: string) {
          super(url);
          sockets.push(this);
        }
      } as unknown as WebSocketConstructor;
      const clients = [0, 1, 2].map(
        (i) =>
          new CollabClient({
            baseUrl: server.http,
            pageId,
            userName: `w${i}`,
            WebSocket: Tracked,
            backoff: { initialMs: 10, maxMs: 100 },
            fetch: signedInFetch(server, pageId, `w${i}`),
          }),
      );
      await Promise.all(clients.map((c) => c.connect()));
      const makers = clients.map((_, i) => new ActionMaker(random, `w${seed}x${i}y`));
      for (let step = 0; step < 60; step++) {
        const i = random.int(clients.length);
        const client = clients[i] as CollabClient;
        if (client.doc) {
          const ops = (makers[i] as ActionMaker).make(client.doc, random.pick(ACTIONS));
          if (ops.length > 0) client.submit(ops);
        }
        const open = sockets.filter((s) => s.readyState === WebSocket.OPEN);
        if (random.chance(0.05) && open.length > 0) random.pick(open).terminate();
        await sleep(random.int(8));
      }
      // Quiescence: everyone connected, nothing pending, everyone at the server's version.
      const deadline = Date.now() + 10_000;
      const done = () => {
        const version = server.server.hub.snapshot(pageId)?.version;
        return clients.every((c) => c.status === 'connected' && c.pendingCount === 0 && c.version === version);
      };
      while (!done() && Date.now() < deadline) await sleep(20);
      const truth = server.server.hub.snapshot(pageId);
      expect(truth?.version).toBeGreaterThan(5);
      for (const client of clients) {
        expect(client.status).toBe('connected');
        expect(client.pendingCount).toBe(0);
        expect(client.doc).toEqual(truth?.doc);
      }
      for (const client of clients) client.close();
    },
    20_000,
  );
});
