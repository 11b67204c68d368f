import { describe, expect, test } from 'vitest';
import { type FetchLike, requestTicket, TicketError } from './tickets.ts';

const respond =
  (status: number, body: unknown): FetchLike =>
  async () => ({ ok: status >= 200 && status < 300, status, json: async () => body });

describe('requestTicket', () => {
  test('posts the page and name and returns the ticket', async () => {
    const calls: { url: string; body: string }[] = [];
    const fetchFn: FetchLike = async (url, init) => {
      calls.push({ url, body: init.body });
      return { ok: true, status: 201, json: async () => ({ ticket: 't', userId: 'u', expiresAt: 1, role: 'editor' }) };
    };
    await expect(requestTicket(fetchFn, 'http://h', 'p1', 'Ann')).resolves.toEqual({
      ticket: 't',
      userId: 'u',
      expiresAt: 1,
      role: 'editor',
    });
    expect(calls).toEqual([{ url: 'http://h/api/tickets', body: JSON.stringify({ pageId: 'p1', userName: 'Ann' }) }]);
  });

  test('a refused request is final, a failing server or network is worth retrying', async () => {
    const refused = await requestTicket(
      respond(400, { error: { code: 'bad-request', message: 'pageId: bad' } }),
      'http://h',
      '!',
      'A',
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TicketError);
    expect(refused).toMatchObject({ status: 400, retryable: false, message: 'ticket refused (400): pageId: bad' });
    await expect(requestTicket(respond(503, null), 'http://h', 'p', 'A')).rejects.toMatchObject({ status: 503, retryable: true });
    await expect(requestTicket(respond(429, {}), 'http://h', 'p', 'A')).rejects.toMatchObject({ retryable: true });
    const down: FetchLike = async () => {
      throw new Error('ECONNREFUSED');
    };
    await expect(requestTicket(down, 'http://h', 'p', 'A')).rejects.toMatchObject({ status: 0, retryable: true });
    await expect(requestTicket(respond(201, { nope: true }), 'http://h', 'p', 'A')).rejects.toMatchObject({ retryable: true });
  });
});
