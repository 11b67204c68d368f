import { startTestServer } from '@tandem/server/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

it('the server under attack answers /healthz', async () => {
  const res = await fetch(`${server.http}/healthz`);
  expect(res.status).toBe(200);
});
