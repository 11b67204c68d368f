import { type Session, signUp, ticketFor } from '@tandem/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { expectUnharmed, start } from './harness.ts';

let server: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  server = await start();
});
afterAll(() => server.close());

/** The HTTP status of an upgrade sent with `origin`. */
async function upgradeWithOrigin(origin: string | undefined): Promise<number> {
  const { ticket } = await ticketFor(server, 'origin');
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${server.ws}/ws/origin?ticket=${ticket}`, origin === undefined ? {} : { origin });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('error', (error) => {
      if (!String(error.message).includes('Unexpected server response')) reject(error);
    });
  });
}

/** Signed in, so that only the Origin decides (a visitor's browser would carry the cookie too). */
let me: Session;
const post = async (origin?: string) => {
  me ??= await signUp(server, 'Visitor');
  return fetch(`${server.http}/api/pages`, {
    method: 'POST',
    headers: { ...me.headers, ...(origin ? { origin } : {}) },
    body: JSON.stringify({ title: 'From somewhere' }),
  });
};

describe('foreign Origin', () => {
  it('an upgrade from a foreign Origin (https://evil.example, null) is refused with 403', async () => {
    expect(await upgradeWithOrigin('https://evil.example')).toBe(403);
    expect(await upgradeWithOrigin('null')).toBe(403);
    expect(await upgradeWithOrigin(server.http)).toBe(101);
    expect(await upgradeWithOrigin('http://localhost:5173')).toBe(101);
    expect(await upgradeWithOrigin(undefined)).toBe(101);
    await expectUnharmed(server);
  });

  it('a state-changing request from a foreign Origin is refused with 403; reads and Origin-less requests are not', async () => {
    const foreign = await post('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe('forbidden-origin');
    const ticket = await fetch(`${server.http}/api/tickets`, {
      method: 'POST',
      headers: { ...me.headers, origin: 'https://evil.example' },
      body: JSON.stringify({ pageId: 'origin', userName: 'Evil' }),
    });
    expect(ticket.status).toBe(403);
    expect((await post(server.http)).status).toBe(201);
    expect((await post()).status).toBe(201);
    expect((await fetch(`${server.http}/api/pages`, { headers: { cookie: me.cookie, origin: 'https://evil.example' } })).status).toBe(200);
    await expectUnharmed(server);
  });

  it('every response carries the security headers', async () => {
    const res = await fetch(`${server.http}/healthz`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
    // Scripts only from the app's own files; inline styles are allowed for the generated page stylesheet (SPEC S13).
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('default-src')).toBe("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
