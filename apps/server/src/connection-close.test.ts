/**
 * What a connection wrote before it closed reaches the peer, and so does the
 * close code, even when the socket is cut right after (a server shutting down
 * terminates every socket once its rooms have closed them): frames corked for
 * the end of the turn are written out by `close` itself. A real WebSocket
 * server and client on a real port; the write side never touches its room.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { systemClock } from './clock.ts';
import { Connection } from './connection.ts';
import { defaultConfig } from './env.ts';
import { createLogger } from './log.ts';
import type { Room } from './room.ts';

let wss: WebSocketServer | undefined;
afterEach(() => new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve())));

async function pair(batch: boolean): Promise<{ connection: Connection; server: WebSocket; received: string[]; closed: Promise<number> }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  wss = server;
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const received: string[] = [];
  client.on('message', (data) => received.push(String(data)));
  const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve) => client.once('open', () => resolve()));
  const socket = await accepted;
  const connection = new Connection(socket, {} as Room, defaultConfig, systemClock, createLogger('silent'), batch);
  return { connection, server: socket, received, closed };
}

describe('closing a connection', () => {
  it.each([false, true])('delivers what was sent this turn and the close code when the socket is cut at once (batch %s)', async (batch) => {
    const { connection, server, received, closed } = await pair(batch);
    connection.send('{"n":1}');
    connection.send('{"n":2}');
    connection.close(1001, 'server shutting down');
    server.terminate();
    expect(await closed).toBe(1001);
    const messages = received.flatMap((text) => {
      const frame = JSON.parse(text) as { type?: string; payload?: { messages: unknown[] } };
      return frame.type === 'batch' ? (frame.payload?.messages ?? []) : [frame];
    });
    expect(messages).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
