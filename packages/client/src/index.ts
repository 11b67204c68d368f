export { Backoff, type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';
export { CollabClient, type CollabClientOptions, type Timers } from './client.ts';
export { type AckOutcome, type Change, DocumentState, type PendingEdit, type RemoteOutcome } from './document-state.ts';
export { DEFAULT_SEND_INTERVAL_MS, MAX_BAD_VERSION_RESENDS } from './edit-lifecycle.ts';
export type { ClientError, CollabEvent, CollabListener, ConnectionStatus, DocOrigin, SubmitResult } from './events.ts';
export { localPendingStore, type PendingStore } from './pending-store.ts';
export { resolveBaseUrl, socketUrl, type WebSocketConstructor, type WebSocketLike } from './socket.ts';
export { type FetchLike, requestTicket, TicketError } from './tickets.ts';
