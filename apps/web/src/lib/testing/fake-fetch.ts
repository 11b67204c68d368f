/**
 * A stand-in for the server's HTTP API in DOM tests: routes by method and path
 * to handlers, records every call, and is installed as globalThis.fetch.
 *
 *   const api = fakeFetch({ 'GET /api/pages': () => json({ pages: [] }) });
 *   ... api.calls → [{ method: 'GET', path: '/api/pages', body: undefined }]
 *   api.restore();
 */
type Reply = { status: number; body?: unknown } | 'network-error';
type Handler = (call: FakeCall) => Reply | Promise<Reply>;

export interface FakeCall {
  method: string;
  path: string;
  body: unknown;
}

export const json = (body: unknown, status = 200): Reply => ({ status, body });
export const error = (status: number, code: string, message = code): Reply => ({ status, body: { error: { code, message } } });

export interface FakeFetch {
  readonly calls: FakeCall[];
  /** Adds or replaces a route (`'GET /api/pages'`). */
  on(route: string, handler: Handler): void;
  restore(): void;
}

export function fakeFetch(routes: Record<string, Handler> = {}): FakeFetch {
  const table = new Map(Object.entries(routes));
  const calls: FakeCall[] = [];
  const original = globalThis.fetch;
  const fetch = async (input: string, init: { method?: string; body?: string } = {}) => {
    const method = init.method ?? 'GET';
    const path = String(input);
    const call: FakeCall = { method, path, body: init.body === undefined ? undefined : JSON.parse(init.body) };
    calls.push(call);
    const handler = table.get(`${method} ${path}`);
    const reply: Reply = handler ? await handler(call) : error(404, 'not-found', `no route ${method} ${path}`);
    if (reply === 'network-error') throw new TypeError('Failed to fetch');
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    return { ok: reply.status >= 200 && reply.status < 300, status: reply.status, text: async () => text };
  };
  globalThis.fetch = fetch as unknown as typeof globalThis.fetch;
  return {
    calls,
    on: (route, handler) => void table.set(route, handler),
    restore: () => {
      globalThis.fetch = original;
    },
  };
}

/** Lets pending promises (and the renders they cause) run. */
export async function settle(act: (fn: () => Promise<void>) => Promise<void>): Promise<void> {
  for (let i = 0; i < 3; i++) await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
}
