/**
 * The little of WebSocket that the client uses, typed so that both the browser's
 * WebSocket and the `ws` package's (which Node tests pass in) fit without the DOM
 * lib or Node's types.
 */
import { BATCH_PARAM } from '@tandem/protocol';

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  // The listener takes `unknown` so that the browser's and ws's differently typed
  // events both fit; the client narrows them (MessageEventLike, CloseEventLike).
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: unknown) => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** WebSocket.OPEN, the same in every implementation. */
export const SOCKET_OPEN = 1;

export interface MessageEventLike {
  data: unknown;
}
export interface CloseEventLike {
  code: number;
  reason?: string;
}

interface LocationLike {
  protocol: string;
  host: string;
}

/**
 * The base of every URL the client builds: `baseUrl` without a trailing slash,
 * or, when it is '' in a browser, the page's own origin.
 */
export function resolveBaseUrl(baseUrl: string, location: LocationLike | undefined = currentLocation()): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  if (trimmed !== '') return trimmed;
  if (location === undefined) throw new Error('baseUrl is required outside a browser');
  return `${location.protocol}//${location.host}`;
}

export function ticketUrl(base: string): string {
  return `${base}/api/tickets`;
}

/** `http(s)://host/…` → `ws(s)://host/…/ws/<pageId>?ticket=…[&since=V][&batch=1]` (`batch`: the client takes batch frames, SPEC M8). */
export function socketUrl(base: string, pageId: string, ticket: string, since?: number, batch = false): string {
  const wsBase = base.replace(/^http(s?):\/\//i, (_match, s: string) => `ws${s.toLowerCase()}://`);
  const resume = since === undefined ? '' : `&since=${since}`;
  const batched = batch ? `&${BATCH_PARAM}=1` : '';
  return `${wsBase}/ws/${encodeURIComponent(pageId)}?ticket=${encodeURIComponent(ticket)}${resume}${batched}`;
}

function currentLocation(): LocationLike | undefined {
  return (globalThis as { location?: LocationLike }).location;
}

/** A text frame's data as a string: browsers give strings, ws may give a Buffer. */
export function frameText(data: unknown): string | null {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data);
  return null;
}

// TextDecoder is global in browsers and in Node; declared here so the package needs neither lib.
declare class TextDecoder {
  decode(input: ArrayBuffer | ArrayBufferView): string;
}
