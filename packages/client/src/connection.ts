/**
 * The connection state machine of one client: a ticket, then a socket, then the
 * server's sync; and back, after a short, growing delay, whenever the socket
 * closes, the sync does not come in time, or the owner asks for a fresh sync.
 * It knows nothing of documents: each well-formed server message goes to its
 * owner, which says when it has synced (`synced()`) and what version to catch up
 * from (`since()`).
 *
 *   connecting ──ticket, socket──▶ (sync or catch-up) ──synced()──▶ connected
 *   connected ──socket closed, sync timeout, reconnect()──▶ reconnecting ──backoff──▶ (ticket, socket …)
 *   any ──window 'offline'──▶ offline ──'online'──▶ reconnecting
 *   closed: close(), a ticket refused for good (4xx), the page deleted (close 4404), or the person removed from it (4403)
 */
import { CloseCode, messagesOf, type Role, type ServerMessage, ServerFrameSchema } from '@tandem/protocol';
import { Backoff, type BackoffOptions } from './backoff.ts';
import type { ClientError, ConnectionStatus } from './events.ts';
import {
  type CloseEventLike,
  frameText,
  type MessageEventLike,
  resolveBaseUrl,
  SOCKET_OPEN,
  socketUrl,
  type WebSocketConstructor,
  type WebSocketLike,
} from './socket.ts';
import { type FetchLike, requestTicket, TicketError } from './tickets.ts';
import type { Timers } from './timers.ts';

export interface ConnectionOptions {
  baseUrl: string;
  pageId: string;
  userName: string;
  WebSocket: WebSocketConstructor | undefined;
  fetch: FetchLike | undefined;
  backoff?: BackoffOptions;
  syncTimeoutMs?: number;
  timers: Timers;
}

/** What the connection tells its owner (the client). */
export interface ConnectionOwner {
  /** The version to ask a catch-up from, or undefined for a full sync. */
  since(): number | undefined;
  /** A frame that is a well-formed server message. */
  message(message: ServerMessage): void;
  status(status: ConnectionStatus): void;
  error(error: ClientError): void;
  /** The connection in use is gone: abandoned, or closed by the socket (with its close code). Nothing sent on it will be answered. */
  lost(code?: number): void;
  /** The role the ticket carries (the server's `access` messages change it later). */
  role(role: Role): void;
}

interface EventTargetLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

export class Connection {
  private readonly backoff: Backoff;
  private currentStatus: ConnectionStatus = 'connecting';
  /** Set by the first sync: from then on a lost connection is `reconnecting`, not `connecting`. */
  private everSynced = false;
  private socket: WebSocketLike | null = null;
  /** Bumped whenever a connection is abandoned, so that its late events are ignored. */
  private generation = 0;
  private retryTimer: unknown = null;
  private syncTimer: unknown = null;
  private started: Promise<void> | null = null;
  private settleConnect: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private windowTarget: EventTargetLike | null = null;

  constructor(
    private readonly options: ConnectionOptions,
    private readonly owner: ConnectionOwner,
  ) {
    this.backoff = new Backoff(options.backoff);
  }

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /** Starts connecting; resolves on the first sync. Rejects if closed first or refused for good. */
  start(): Promise<void> {
    if (this.started) return this.started;
    this.started = new Promise<void>((resolve, reject) => {
      this.settleConnect = { resolve, reject };
    });
    if (this.currentStatus === 'closed') {
      this.failConnect(new Error('the client is closed'));
      return this.started;
    }
    if (!this.options.WebSocket || !this.options.fetch) {
      this.failConnect(new Error('no WebSocket or fetch available: pass them in the options'));
      this.setStatus('closed');
      return this.started;
    }
    this.watchWindow();
    if ((globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === false) this.setStatus('offline');
    else void this.open();
    return this.started;
  }

  /** Disconnects for good. */
  close(): void {
    if (this.currentStatus === 'closed') return;
    this.dropConnection(CloseCode.Normal);
    this.unwatchWindow();
    this.failConnect(new Error('the client was closed before it synced'));
    this.setStatus('closed');
  }

  /** The owner has the server's state (a sync or a catch-up): the connection is up. */
  synced(): void {
    this.clearTimers();
    this.everSynced = true;
    this.backoff.reset();
    this.setStatus('connected');
    const settle = this.settleConnect;
    this.settleConnect = null;
    settle?.resolve();
  }

  /** Drops the connection and gets a fresh sync over a new one, after a short, growing delay. */
  reconnect(): void {
    this.dropConnection();
    this.scheduleReconnect();
  }

  /** Sends a message if the socket is open; otherwise it is dropped (a reconnection resends what matters). */
  send(message: unknown): void {
    const socket = this.socket;
    if (socket === null || socket.readyState !== SOCKET_OPEN) return;
    try {
      socket.send(JSON.stringify(message));
    } catch {
      // The socket is closing; its close event brings the reconnection that resends.
    }
  }

  private async open(): Promise<void> {
    const generation = ++this.generation;
    this.clearTimers();
    const { baseUrl, pageId, userName } = this.options;
    let base: string;
    let ticket: string;
    try {
      base = resolveBaseUrl(baseUrl);
      const issued = await requestTicket(this.options.fetch as FetchLike, base, pageId, userName);
      ticket = issued.ticket;
      this.owner.role(issued.role);
    } catch (error) {
      if (generation !== this.generation) return;
      const retryable = error instanceof TicketError && error.retryable;
      this.owner.error({ code: 'ticket', message: (error as Error).message });
      if (retryable) this.scheduleReconnect();
      else {
        // A 4xx means the page id or name itself is refused: trying again will not help.
        this.failConnect(error as Error);
        this.unwatchWindow();
        this.setStatus('closed');
      }
      return;
    }
    if (generation !== this.generation) return;

    // With a document in hand, ask only for what was missed (a catch-up) rather than all of it.
    const socket = new (this.options.WebSocket as WebSocketConstructor)(socketUrl(base, pageId, ticket, this.owner.since(), true));
    this.socket = socket;
    const current = () => generation === this.generation;
    socket.addEventListener('message', (event) => {
      if (current()) this.onFrame((event as MessageEventLike).data);
    });
    socket.addEventListener('close', (event) => {
      if (current()) this.onSocketClosed((event as CloseEventLike).code);
    });
    // A close event always follows; the listener is there because ws throws on an unheard error.
    socket.addEventListener('error', () => {});
    this.syncTimer = this.options.timers.setTimeout(() => {
      if (current() && this.currentStatus !== 'connected') this.reconnect();
    }, this.options.syncTimeoutMs ?? 10_000);
  }

  /** Abandons the current connection (its events are ignored from now on). */
  private dropConnection(code: number = CloseCode.Normal): void {
    this.generation++;
    this.clearTimers();
    this.owner.lost();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      try {
        socket.close(code);
      } catch {
        // Closing a socket that never opened may throw; it is gone either way.
      }
    }
  }

  private scheduleReconnect(): void {
    this.clearTimers();
    this.setStatus(this.everSynced ? 'reconnecting' : 'connecting');
    const generation = this.generation;
    this.retryTimer = this.options.timers.setTimeout(() => {
      if (generation === this.generation) void this.open();
    }, this.backoff.next());
  }

  private onSocketClosed(code: number): void {
    this.socket = null;
    this.generation++;
    this.owner.lost(code);
    if (code === CloseCode.PageDeleted || code === CloseCode.Forbidden) {
      // The page is gone, or this person was removed from it: there is nothing to reconnect to.
      const [errorCode, message] =
        code === CloseCode.PageDeleted ? ['page-deleted', 'this page was deleted'] : ['forbidden', 'you no longer have access to this page'];
      this.owner.error({ code: errorCode, message });
      this.unwatchWindow();
      this.failConnect(new Error(message));
      this.setStatus('closed');
      return;
    }
    this.scheduleReconnect();
  }

  private onFrame(data: unknown): void {
    const text = frameText(data);
    let json: unknown;
    try {
      json = text === null ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = ServerFrameSchema.safeParse(json);
    if (!parsed.success) {
      this.owner.error({ code: 'bad-frame', message: 'the server sent a frame that is not the protocol' });
      return;
    }
    // A batch (SPEC M8) is its messages one by one; one of them may end this connection, and the rest with it.
    const generation = this.generation;
    for (const message of messagesOf(parsed.data)) {
      if (generation !== this.generation) return;
      this.owner.message(message);
    }
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) this.options.timers.clearTimeout(this.retryTimer);
    if (this.syncTimer !== null) this.options.timers.clearTimeout(this.syncTimer);
    this.retryTimer = null;
    this.syncTimer = null;
  }

  /** Browsers keep a socket open when the network goes (and tests' setOffline does too): follow the events. */
  private watchWindow(): void {
    const win = (globalThis as { window?: EventTargetLike }).window;
    if (!win || this.windowTarget) return;
    this.windowTarget = win;
    win.addEventListener('offline', this.onOffline);
    win.addEventListener('online', this.onOnline);
  }

  private unwatchWindow(): void {
    this.windowTarget?.removeEventListener('offline', this.onOffline);
    this.windowTarget?.removeEventListener('online', this.onOnline);
    this.windowTarget = null;
  }

  private readonly onOffline = (): void => {
    if (this.currentStatus === 'closed') return;
    this.dropConnection();
    this.setStatus('offline');
  };

  private readonly onOnline = (): void => {
    if (this.currentStatus !== 'offline') return;
    this.backoff.reset();
    this.setStatus(this.everSynced ? 'reconnecting' : 'connecting');
    void this.open();
  };

  private setStatus(status: ConnectionStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    this.owner.status(status);
  }

  private failConnect(error: Error): void {
    const settle = this.settleConnect;
    this.settleConnect = null;
    settle?.reject(error);
  }
}
