import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from './clock.ts';
import { type RunningServer, startTestServer, ticketFor, upgradeStatus } from './testing.ts';
import { TicketStore } from './tickets.ts';

function manualClock(start = 1_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    setTimeout: () => 0,
    clearTimeout: () => {},
    advance: (ms) => {
      now += ms;
    },
  };
}

const grant = (pageId: string, name: string) => ({ pageId, userId: `u-${name}`, userName: name, role: 'editor' as const, color: '#000' });

describe('TicketStore', () => {
  it('issues unguessable tickets of 256 bits, each for the grant it was asked for', () => {
    const store = new TicketStore(60_000, manualClock());
    const a = store.issue(grant('p', 'A'));
    const b = store.issue(grant('p', 'A'));
    expect(Buffer.from(a.ticket, 'base64url')).toHaveLength(32);
    expect(a.ticket).not.toBe(b.ticket);
    expect(a).toMatchObject({ userId: 'u-A', role: 'editor' });
  });

  it('redeems a ticket once, for its own page only', () => {
    const store = new TicketStore(60_000, manualClock());
    const { ticket } = store.issue(grant('page-1', 'Ada'));
    expect(store.redeem(ticket, 'page-1')).toEqual(grant('page-1', 'Ada'));
    expect(store.redeem(ticket, 'page-1')).toBeNull();
    const other = store.issue(grant('page-1', 'Ada'));
    expect(store.redeem(other.ticket, 'page-2')).toBeNull();
    expect(store.redeem(other.ticket, 'page-1')).toBeNull();
  });

  it('refuses a ticket after it expires and sweeps expired ones', () => {
    const clock = manualClock();
    const store = new TicketStore(60_000, clock);
    const { ticket, expiresAt } = store.issue(grant('p', 'A'));
    expect(expiresAt).toBe(clock.now() + 60_000);
    clock.advance(60_000);
    expect(store.redeem(ticket, 'p')).toBeNull();
    store.issue(grant('p', 'B'));
    clock.advance(60_001);
    store.issue(grant('p', 'C'));
    expect(store.size).toBe(1);
  });
});

describe('WebSocket upgrade', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { ticketTtlMs: 300 } });
  });
  afterAll(() => server.close());

  const url = (pageId: string, ticket?: string) => `${server.ws}/ws/${pageId}${ticket === undefined ? '' : `?ticket=${ticket}`}`;

  it('accepts a fresh ticket for its page', async () => {
    const { ticket } = await ticketFor(server, 'up-ok');
    expect(await upgradeStatus(url('up-ok', ticket))).toBe(101);
  });

  it('rejects a missing ticket with 401', async () => {
    expect(await upgradeStatus(url('up-missing'))).toBe(401);
  });

  it('rejects an unknown ticket with 401', async () => {
    expect(await upgradeStatus(url('up-unknown', 'x'.repeat(43)))).toBe(401);
  });

  it('rejects a reused ticket with 401', async () => {
    const { ticket } = await ticketFor(server, 'up-reuse');
    expect(await upgradeStatus(url('up-reuse', ticket))).toBe(101);
    expect(await upgradeStatus(url('up-reuse', ticket))).toBe(401);
  });

  it('rejects an expired ticket with 401', async () => {
    const { ticket } = await ticketFor(server, 'up-expired');
    await new Promise((r) => setTimeout(r, 400));
    expect(await upgradeStatus(url('up-expired', ticket))).toBe(401);
  });

  it("rejects another page's ticket with 401", async () => {
    const { ticket } = await ticketFor(server, 'up-page-a');
    expect(await upgradeStatus(url('up-page-b', ticket))).toBe(401);
  });

  it('answers 404 for a socket path that is not a page', async () => {
    const { ticket } = await ticketFor(server, 'up-path');
    expect(await upgradeStatus(`${server.ws}/ws/bad%20id?ticket=${ticket}`)).toBe(404);
    expect(await upgradeStatus(`${server.ws}/elsewhere?ticket=${ticket}`)).toBe(404);
  });
});
