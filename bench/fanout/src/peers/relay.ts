/** The raw relay's client: sends the stamp as a text frame; its own echo is its ack. */
import WebSocket from 'ws';
import type { Recorder } from '../recorder.ts';
import { parseStamp } from '../stamp.ts';
import { closeSocket, startScript } from './script-server.ts';
import type { BenchClient, Peer } from './types.ts';

export const relay: Peer = {
  name: 'relay',
  describe: () => 'raw ws relay (forwards frames unparsed)',
  start: () => startScript('relay.ts'),
  async openRoom(server, room, authors, recorder: Recorder) {
    const sockets: WebSocket[] = [];
    const clients: BenchClient[] = [];
    for (const author of authors) {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/${room}`);
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      ws.on('message', (data) => {
        const now = performance.now();
        const stamp = parseStamp(String(data));
        if (!stamp) return recorder.error('bad-frame');
        if (stamp.author === author) recorder.acked(author);
        else recorder.delivered(stamp, now);
      });
      sockets.push(ws);
      clients.push({ author, send: (stamp) => ws.send(stamp) });
    }
    return { clients, close: async () => void (await Promise.all(sockets.map(closeSocket))) };
  },
};
