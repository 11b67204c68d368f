/**
 * The one HTTP answer a component test needs from the server, without a server:
 * `answerFetch` makes every fetch answer `status` with `body` (JSON) and records
 * what was sent in `fetchCalls`; `restoreFetch` puts the real fetch back.
 */
export interface FetchCall {
  url: string;
  method?: string;
  body: unknown;
}

export const fetchCalls: FetchCall[] = [];
const original = globalThis.fetch;

export function answerFetch(status: number, body: unknown): void {
  fetchCalls.length = 0;
  globalThis.fetch = (async (url: string, init: RequestInit = {}) => {
    fetchCalls.push({ url, method: init.method, body: init.body });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

export function restoreFetch(): void {
  globalThis.fetch = original;
}
