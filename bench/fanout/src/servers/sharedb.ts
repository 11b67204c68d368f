/**
 * ShareDB 7 with its default in-memory database and json0, over ws with
 * @teamwork/websocket-json-stream (as its examples do). GET /stats reports how
 * many ops it stored per phase, read from the stamp in each op.
 */
import { createRequire } from 'node:module';
import ShareDB from 'sharedb';
import { WebSocketServer } from 'ws';
import { parseStamp } from '../stamp.ts';
import { httpServer, port } from './serve.ts';

const require = createRequire(import.meta.url);
const WebSocketJSONStream = require('@teamwork/websocket-json-stream') as new (ws: unknown) => import('node:stream').Duplex;

const committed = { w: 0, m: 0 };
const backend = new ShareDB();
// afterWrite runs once per stored op; commit may run again when a submit is retried.
backend.use('afterWrite', (context, next) => {
  const ops = (context.op as { op?: { oi?: unknown }[] }).op ?? [];
  for (const component of ops) {
    const stamp = parseStamp(component.oi);
    if (stamp) committed[stamp.phase]++;
  }
  next();
});

const server = httpServer((req, res) => {
  if (req.url !== '/stats') return false;
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(committed));
  return true;
});
const wss = new WebSocketServer({ server });
wss.on('connection', (ws) => backend.listen(new WebSocketJSONStream(ws)));
server.listen(port(), '127.0.0.1');
