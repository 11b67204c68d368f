/**
 * The floor: a WebSocket relay that forwards every frame of a room, unparsed,
 * to every socket of that room, the author's included (its copy is its ack).
 */
import { type WebSocket, WebSocketServer } from 'ws';
import { httpServer, port } from './serve.ts';

const rooms = new Map<string, Set<WebSocket>>();
const server = httpServer();
const wss = new WebSocketServer({ server });
wss.on('connection', (ws, req) => {
  const name = req.url ?? '/';
  const members = rooms.get(name) ?? new Set<WebSocket>();
  rooms.set(name, members);
  members.add(ws);
  ws.on('message', (data, isBinary) => {
    for (const member of members) member.send(data, { binary: isBinary });
  });
  ws.on('close', () => members.delete(ws));
});
server.listen(port(), '127.0.0.1');
