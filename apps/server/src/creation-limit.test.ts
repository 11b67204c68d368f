/**
 * Pages created per address per minute (issue 8): the limiter on its own with a
 * clock of the test's, then through a real server — `POST /api/pages` and a
 * ticket for a new id answer 429 `rate-limited` with `Retry-After`, create
 * nothing, and leave existing pages open to everyone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressKey, CreationLimiter } from './creation-limit.ts';
import { allow, type RunningServer, requestTicket, type Session, signUp, startTestServer } from './testing.ts';

describe('CreationLimiter', () => {
  it('allows perMinute at once, then one more each 60/perMinute seconds, saying when', () => {
    let now = 1_000_000;
    const limiter = new CreationLimiter(3, () => now);
    for (let i = 0; i < 3; i++) expect(limiter.take('10.0.0.1').ok).toBe(true);
    expect(limiter.take('10.0.0.1')).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(limiter.take('10.0.0.2').ok).toBe(true); // another address has its own budget
    now += 10_000;
    expect(limiter.take('10.0.0.1')).toEqual({ ok: false, retryAfterSeconds: 10 });
    now += 10_000;
    expect(limiter.take('10.0.0.1').ok).toBe(true);
    expect(limiter.take('10.0.0.1').ok).toBe(false);
  });

  it('forgets addresses a minute after their last page, so memory follows the last minute only', () => {
    let now = 0;
    const limiter = new CreationLimiter(5, () => now);
    for (let i = 0; i < 1000; i++) limiter.take(`10.0.${i >> 8}.${i & 255}`);
    expect(limiter.size).toBe(1000);
    now += 61_000;
    limiter.take('10.9.9.9');
    expect(limiter.size).toBe(1);
  });

  it('is off at 0', () => {
    const limiter = new CreationLimiter(0);
    for (let i = 0; i < 1000; i++) expect(limiter.take('10.0.0.1').ok).toBe(true);
  });

  it('keys IPv4 (also IPv4-mapped) by address and IPv6 by its /64', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});

describe('page creation through the API', () => {
  let server: RunningServer;
  let mallory: Session;
  beforeAll(async () => {
    server = await startTestServer({ config: { pagesPerMinute: 3 } });
    mallory = await signUp(server, 'Mallory');
  });
  afterAll(() => server.close());

  const create = (title: string) =>
    fetch(`${server.http}/api/pages`, {
      method: 'POST',
      headers: mallory.headers,
      body: JSON.stringify({ title }),
    });
  const ticket = (pageId: string) =>
    fetch(`${server.http}/api/tickets`, {
      method: 'POST',
      headers: mallory.headers,
      body: JSON.stringify({ pageId }),
    });

  it('answers 429 rate-limited with Retry-After past the budget for POST /api/pages, creating nothing; tickets never create pages', async () => {
    expect((await create('one')).status).toBe(201);
    expect((await create('two')).status).toBe(201);
    // [A5] A ticket for an id that does not exist is 404 and creates nothing (so it costs nothing either).
    expect((await ticket('made-by-ticket')).status).toBe(404);
    expect((await create('three')).status).toBe(201);
    const before = await server.server.storage.listPages();

    const refused = await create('four');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(20);
    expect(await refused.json()).toEqual({ error: { code: 'rate-limited', message: expect.any(String) } });
    expect((await ticket('never-made')).status).toBe(404);

    expect(await server.server.storage.getPage('never-made')).toBeNull();
    expect((await server.server.storage.listPages()).map((p) => p.id)).toEqual(before.map((p) => p.id));
    // Joining a page that exists creates nothing and is never limited.
    const [existing] = before;
    await allow(server, existing?.id as string, mallory.user.id);
    for (let i = 0; i < 5; i++)
      expect((await requestTicket(server.http, existing?.id as string, mallory)).ticket).toEqual(expect.any(String));
  });
});
