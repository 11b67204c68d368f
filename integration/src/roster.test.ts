/**
 * In a big room the server batches joins and leaves into `roster` frames; the
 * client's user list must follow them exactly as it follows user-join/leave.
 */

import { CollabClient } from '@tandem/client';
import { createLogger, createServer, type TandemServer } from '@tandem/server';
import { signedInFetch } from '@tandem/server/testing';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import WebSocket from 'ws';

let server: TandemServer;
let baseUrl: string;
beforeAll(async () => {
  server = createServer({ log: createLogger('silent'), config: { port: 0, host: '127.0.0.1', passwordCost: 1024 } });
  baseUrl = `http://127.0.0.1:${await server.listen()}`;
});
afterAll(() => server.close());

async function rawMember(pageId: string, userName: string): Promise<WebSocket> {
  const res = await signedInFetch(
    server,
    pageId,
    userName,
  )(`${baseUrl}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pageId }),
  });
  const { ticket } = (await res.json()) as { ticket: string };
  const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/ws/${pageId}?ticket=${ticket}`);
  await new Promise((resolve) => socket.once('message', resolve));
  return socket;
}

test('follows batched joins and leaves (roster) in a room of 40', { timeout: 20_000 }, async () => {
  const client = new CollabClient({
    baseUrl,
    pageId: 'roster',
    userName: 'Watcher',
    WebSocket: WebSocket as never,
    fetch: signedInFetch(server, 'roster', 'Watcher'),
  });
  await client.connect();
  const members: WebSocket[] = [];
  for (let n = 0; n < 40; n++) members.push(await rawMember('roster', `Member ${n}`));
  await vi.waitFor(() => expect(client.users).toHaveLength(41), { timeout: 5000 });
  for (const socket of members.slice(0, 10)) socket.close();
  await vi.waitFor(() => expect(client.users).toHaveLength(31), { timeout: 5000 });
  expect(client.users.map((u) => u.userName)).not.toContain('Member 0');
  expect(client.users.map((u) => u.userName)).toContain('Member 39');
  for (const socket of members.slice(10)) socket.close();
  client.close();
});
