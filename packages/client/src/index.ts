export { Backoff, type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';
export { CollabClient, type CollabClientOptions } from './client.ts';
export { type AckOutcome, DocumentState, type PendingEdit, type RemoteOutcome } from './document-state.ts';
export type { ClientError, CollabEvent, CollabListener, ConnectionStatus, DocOrigin } from './events.ts';
export { resolveBaseUrl, socketUrl, type WebSocketConstructor, type WebSocketLike } from './socket.ts';
export { type FetchLike, requestTicket, TicketError } from './tickets.ts';
