import type { ServerMessage, User } from '@tandem/protocol';
import { allow, requestTicket, type Session, signUp, until } from '@tandem/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { expectUnharmed, start } from './harness.ts';

let server: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  server = await start({ rateLimitBurst: 10_000 });
});
afterAll(() => server.close());

const SOCKETS = 500;

describe('join storm', () => {
  it(`${SOCKETS} sockets joining one page cost frames in proportion to the room, not its square`, async () => {
    let rosterFrames = 0;
    const sockets: WebSocket[] = [];
    const known: Map<string, User>[] = [];
    // The accounts first, so that the storm itself is only tickets and sockets, as before there were accounts.
    const people: Session[] = [];
    for (let n = 0; n < SOCKETS; n++) {
      const person = await signUp(server, `Storm ${n}`);
      await allow(server, 'storm', person.user.id);
      people.push(person);
    }
    for (let n = 0; n < SOCKETS; n++) {
      const { ticket } = await requestTicket(server.http, 'storm', people[n] as Session);
      const socket = new WebSocket(`${server.ws}/ws/storm?ticket=${ticket}`);
      const users = new Map<string, User>();
      known.push(users);
      socket.on('message', (data) => {
        const m = JSON.parse(data.toString()) as ServerMessage;
        if (m.type === 'sync') for (const u of m.payload.users) users.set(u.userId, u);
        if (m.type === 'user-join') {
          rosterFrames++;
          users.set(m.payload.userId, m.payload);
        }
        if (m.type === 'roster') {
          rosterFrames++;
          for (const u of m.payload.joined) users.set(u.userId, u);
          for (const id of m.payload.left) users.delete(id);
        }
      });
      sockets.push(socket);
    }
    // Everyone ends up knowing everyone: the batches carry every join.
    await until(() => known.every((users) => users.size === SOCKETS), 'every socket knows all the others', 30_000);
    // One user-join per member per join would be SOCKETS² / 2 = 125,000 frames.
    expect(rosterFrames).toBeLessThan(20 * SOCKETS);
    for (const socket of sockets) socket.close();
    await until(() => server.server.hub.connectionCount === 0, 'every socket is gone', 30_000);
    await expectUnharmed(server);
  }, 90_000);
});
