/**
 * Hocuspocus with a lean client: the Hocuspocus wire format (document name,
 * message type, y-protocols sync) written with lib0, one Y.Doc per client that
 * only ever holds its own key, so each op is a genuine Yjs update. Receivers do
 * not apply others' updates (a provider would, 20x per op, and saturate the
 * load generator first): they find the stamps in the update's bytes, which
 * works for the merged updates the server broadcasts too. The server's
 * SyncStatus reply to each update is the ack.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Recorder } from '../recorder.ts';
import { scanStamps } from '../stamp.ts';
import { closeSocket, startScript } from './script-server.ts';
import { type BenchClient, componentId, type Peer, waitFor } from './types.ts';

// Hocuspocus message types (its MessageType enum) and auth sub-types.
const SYNC = 0;
const AUTH = 2;
const SYNC_REPLY = 4;
const SYNC_STATUS = 8;
const AUTH_TOKEN = 0;
const AUTH_AUTHENTICATED = 2;

function frame(documentName: string, type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

async function connect(port: number, room: string, author: number, recorder: Recorder): Promise<{ ws: WebSocket; client: BenchClient }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/${room}`);
  const ydoc = new Y.Doc();
  const map = ydoc.getMap<string>('components');
  const key = componentId(author);
  let authenticated = false;
  let synced = false;
  ws.on('message', (data: Buffer) => {
    const now = performance.now();
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const decoder = decoding.createDecoder(bytes);
    decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === SYNC || type === SYNC_REPLY) {
      const syncType = decoding.readVarUint(decoder);
      if (syncType === syncProtocol.messageYjsSyncStep2) synced = true;
      if (syncType === syncProtocol.messageYjsUpdate || syncType === syncProtocol.messageYjsSyncStep2) {
        scanStamps(bytes.subarray(decoder.pos), (stamp) => {
          if (stamp.author !== author) recorder.delivered(stamp, now);
        });
      }
    } else if (type === SYNC_STATUS) {
      if (decoding.readVarUint(decoder) === 1) recorder.acked(author);
      else recorder.failed(author, 'not-saved');
    } else if (type === AUTH) {
      if (decoding.readVarUint(decoder) === AUTH_AUTHENTICATED) authenticated = true;
      else recorder.error('permission-denied');
    }
  });
  ws.on('close', (code) => {
    if (synced) recorder.error(`close-${code}`);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(
    frame(room, AUTH, (encoder) => {
      encoding.writeVarUint(encoder, AUTH_TOKEN);
      encoding.writeVarString(encoder, '');
      encoding.writeVarString(encoder, 'bench');
    }),
  );
  ws.send(frame(room, SYNC, (encoder) => syncProtocol.writeSyncStep1(encoder, ydoc)));
  await waitFor(() => authenticated && synced, 10_000, 'Hocuspocus auth and sync');
  ydoc.on('update', (update: Uint8Array) => {
    ws.send(frame(room, SYNC, (encoder) => syncProtocol.writeUpdate(encoder, update)));
  });
  return { ws, client: { author, send: (stamp) => map.set(key, stamp) } };
}

export const hocuspocus: Peer = {
  name: 'hocuspocus',
  describe: () => 'Hocuspocus 4 (Yjs, in memory)',
  start: () => startScript('hocuspocus.ts', '/'),
  async openRoom(server, room, authors, recorder: Recorder) {
    const sockets: WebSocket[] = [];
    const clients: BenchClient[] = [];
    for (const author of authors) {
      const { ws, client } = await connect(server.port, room, author, recorder);
      sockets.push(ws);
      clients.push(client);
    }
    return { clients, close: async () => void (await Promise.all(sockets.map(closeSocket))) };
  },
};
