/**
 * ShareDB with its official client (sharedb/lib/client): one json0 document per
 * room, each client replacing its own key. The client keeps one op in flight and
 * composes what queues behind it, so the server applies fewer ops than are sent;
 * GET /stats on the server says how many it committed.
 */
import { Connection } from 'sharedb/lib/client';
import type { Doc, Socket } from 'sharedb/lib/sharedb';
import WebSocket from 'ws';
import type { Recorder } from '../recorder.ts';
import { parseStamp } from '../stamp.ts';
import { closeSocket, startScript } from './script-server.ts';
import { type BenchClient, componentId, type Peer } from './types.ts';

const COLLECTION = 'pages';

function promised(run: (done: (error?: unknown) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => run((error) => (error ? reject(error) : resolve())));
}

export const sharedb: Peer = {
  name: 'sharedb',
  describe: () => 'ShareDB 7 (json0, in memory)',
  start: () => startScript('sharedb.ts'),
  async openRoom(server, room, authors, recorder: Recorder) {
    const sockets: WebSocket[] = [];
    const clients: BenchClient[] = [];
    const docs: Doc[] = [];
    for (const author of authors) {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}`);
      const connection = new Connection(ws as unknown as Socket);
      const doc = connection.get(COLLECTION, room);
      await promised((done) => doc.subscribe(done));
      if (!doc.type) await promised((done) => doc.create({}, done));
      doc.on('op batch', (ops: { oi?: unknown }[], source: unknown) => {
        if (source) return; // our own op, applied locally
        const now = performance.now();
        for (const component of ops) {
          const stamp = parseStamp(component.oi);
          if (stamp) recorder.delivered(stamp, now);
        }
      });
      const key = componentId(author);
      let previous: string | undefined;
      sockets.push(ws);
      docs.push(doc);
      clients.push({
        author,
        send(stamp) {
          const op = previous === undefined ? { p: [key], oi: stamp } : { p: [key], od: previous, oi: stamp };
          previous = stamp;
          doc.submitOp([op], {}, (error?: { code?: unknown }) => {
            if (error) recorder.failed(author, String(error.code ?? 'error'));
            else recorder.acked(author);
          });
        },
      });
    }
    return { clients, close: async () => void (await Promise.all(sockets.map(closeSocket))) };
  },
  async appliedMeasured(server) {
    const response = await fetch(`http://127.0.0.1:${server.port}/stats`, { signal: AbortSignal.timeout(5000) });
    return ((await response.json()) as { m: number }).m;
  },
};
