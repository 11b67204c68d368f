import { ticketFor, upgradeStatus } from '@tandem/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectUnharmed, start } from './harness.ts';

let server: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  server = await start();
});
afterAll(() => server.close());

describe('malformed upgrades', () => {
  it('an upgrade to /ws/%E0%A4%A (a malformed %-escape) is refused with 404, and nothing crashes', async () => {
    const { ticket } = await ticketFor(server, 'page-1');
    expect(await upgradeStatus(`${server.ws}/ws/%E0%A4%A?ticket=${ticket}`)).toBe(404);
    expect(await upgradeStatus(`${server.ws}/ws/%?ticket=x`)).toBe(404);
    await expectUnharmed(server);
  });

  it('an HTTP route with a malformed %-escape answers 400', async () => {
    const res = await fetch(`${server.http}/api/pages/%E0%A4%A`);
    expect(res.status).toBe(400);
    await expectUnharmed(server);
  });
});
