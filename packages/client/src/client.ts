/**
 * CollabClient: one person's live connection to one page. It keeps the page's
 * document, applies the user's edits at once and sends them one at a time,
 * follows everyone else's, and reconnects by itself. Framework-free: the web app
 * and Node tests use it alike.
 */
import {
  CloseCode,
  createId,
  type Operation,
  type PageDocument,
  parsePatch,
  type Role,
  type ServerMessage,
  ServerMessageSchema,
  type ServerPayload,
  type User,
} from '@tandem/protocol';
import { Backoff, type BackoffOptions } from './backoff.ts';
import { type Change, DocumentState, type PendingEdit, type ViewApplier } from './document-state.ts';
import type { ClientError, CollabEvent, CollabListener, ConnectionStatus, DocOrigin } from './events.ts';
import type { PendingStore } from './pending-store.ts';
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

export interface CollabClientOptions {
  /** Where the server is, e.g. `http://127.0.0.1:8080`; '' in a browser means the page's own origin. */
  baseUrl: string;
  pageId: string;
  userName: string;
  /** Defaults to `globalThis.WebSocket`; Node 20 has none, so pass `ws`'s. */
  WebSocket?: WebSocketConstructor;
  /** Defaults to `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Reconnection delays; by default 250 ms growing to 5 s, with jitter. */
  backoff?: BackoffOptions;
  /** A connection that has not synced this long after it was asked for is dropped and retried. Default 10 s. */
  syncTimeoutMs?: number;
  /** How the view absorbs remote changes; the web app passes immer's applyPatches. Default: the protocol's applyPatch. */
  applyView?: ViewApplier;
  /**
   * The shortest time between two sends. Edits made meanwhile go together as one
   * patch, so that typing costs one patch per interval, not per keystroke. Default 50 ms.
   */
  sendIntervalMs?: number;
  /** Keeps unsent edits across page loads (the browser's localStorage), so that nothing typed offline is lost. */
  pendingStore?: PendingStore;
  /** Timers and clock; simulations pass virtual ones. */
  timers?: Timers;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

interface EventTargetLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

// Timers are global in browsers and in Node; declared here so the package needs neither lib.
declare function setTimeout(callback: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare function queueMicrotask(callback: () => void): void;

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle),
  now: () => Date.now(),
};

export class CollabClient {
  private readonly options: CollabClientOptions;
  private readonly WebSocketImpl: WebSocketConstructor | undefined;
  private readonly fetchImpl: FetchLike | undefined;
  private readonly backoff: Backoff;
  private readonly timers: Timers;
  private sendTimer: unknown = null;
  private lastSendAt = Number.NEGATIVE_INFINITY;
  private readonly listeners = new Set<CollabListener>();
  /** Makes opIds unique in the page: this client's random id plus a counter. */
  private readonly clientId = createId('op');
  private opCounter = 0;

  private state: DocumentState | null = null;
  private userList: readonly User[] = [];
  private self: User | null = null;
  private readonly remotePresence = new Map<string, readonly string[] | null>();
  /** Set when our copy cannot be trusted (a gap, a divergence): the next connection asks for a full sync. */
  private needsFullSync = false;
  private selection: string[] | null = null;
  private currentStatus: ConnectionStatus = 'connecting';
  private currentRole: Role | null = null;
  private reportedPending = 0;

  private socket: WebSocketLike | null = null;
  /** Bumped whenever a connection is abandoned, so that its late events are ignored. */
  private generation = 0;
  private retryTimer: unknown = null;
  private syncTimer: unknown = null;
  private started: Promise<void> | null = null;
  private settleConnect: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private windowTarget: EventTargetLike | null = null;

  constructor(options: CollabClientOptions) {
    this.options = options;
    const g = globalThis as { WebSocket?: WebSocketConstructor; fetch?: FetchLike };
    this.WebSocketImpl = options.WebSocket ?? g.WebSocket;
    // Called through a closure: the browser's fetch throws when called with another `this`.
    this.fetchImpl = options.fetch ?? (g.fetch ? (url, init) => (g.fetch as FetchLike)(url, init) : undefined);
    this.backoff = new Backoff(options.backoff);
    this.timers = options.timers ?? realTimers;
  }

  // ---- state ---------------------------------------------------------------------

  /** The document as this user sees it (server's plus own pending edits); null before the first sync. */
  get doc(): PageDocument | null {
    return this.state?.view ?? null;
  }

  /** The server's version that `doc` builds on; -1 before the first sync. */
  get version(): number {
    return this.state?.version ?? -1;
  }

  /** Everyone on the page, this user included. */
  get users(): readonly User[] {
    return this.userList;
  }

  /** This connection's own user; null before the first sync. A reconnection gets a new one. */
  get me(): User | null {
    return this.self;
  }

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /** Local edits the server has not accepted yet, the one in flight included. */
  get pendingCount(): number {
    return this.state?.pending.length ?? 0;
  }

  /** Other users' selections by userId (null: nothing selected). */
  get presence(): ReadonlyMap<string, readonly string[] | null> {
    return this.remotePresence;
  }

  get pageId(): string {
    return this.options.pageId;
  }

  subscribe(listener: CollabListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  // ---- lifecycle -----------------------------------------------------------------

  /** Starts connecting; resolves on the first sync. Rejects if closed first or refused for good. */
  connect(): Promise<void> {
    if (this.started) return this.started;
    this.started = new Promise<void>((resolve, reject) => {
      this.settleConnect = { resolve, reject };
    });
    if (this.currentStatus === 'closed') {
      this.failConnect(new Error('the client is closed'));
      return this.started;
    }
    if (!this.WebSocketImpl || !this.fetchImpl) {
      this.failConnect(new Error('no WebSocket or fetch available: pass them in the options'));
      this.setStatus('closed');
      return this.started;
    }
    this.watchWindow();
    if ((globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === false) this.setStatus('offline');
    else void this.open();
    return this.started;
  }

  /** Disconnects for good. Unsent edits are lost. */
  close(): void {
    if (this.currentStatus === 'closed') return;
    this.dropConnection(CloseCode.Normal);
    this.unwatchWindow();
    this.failConnect(new Error('the client was closed before it synced'));
    this.setStatus('closed');
  }

  // ---- editing -------------------------------------------------------------------

  /**
   * Applies `ops` (RFC 6902) to the local document at once and queues them for the
   * server. `view`, when given, is the caller's own result of applying them to
   * `doc` (the editor's immer draft), adopted as it is. Returns false, changing
   * nothing, when they do not apply locally or before the first sync.
   */
  submit(ops: readonly Operation[], options: { view?: PageDocument } = {}): boolean {
    const state = this.state;
    if (state === null || this.currentStatus === 'closed') return false;
    const parsed = parsePatch(ops);
    if (!parsed.ok) return false;
    // An empty patch changes nothing; there is no need to bother the server with it.
    if (parsed.ops.length === 0) return true;
    const result = state.submit(`${this.clientId}-${++this.opCounter}`, parsed.ops, options.view);
    if (!result.ok) return false;
    this.emitDoc('local', parsed.ops);
    this.reportPending();
    this.flush();
    return true;
  }

  /** Tells the others what this user has selected; sent again after a reconnection. */
  setSelection(ids: readonly string[] | null): void {
    this.selection = ids === null ? null : [...ids];
    if (this.currentStatus === 'connected') this.send('presence', { selection: this.selection });
  }

  // ---- connection ----------------------------------------------------------------

  private async open(): Promise<void> {
    const generation = ++this.generation;
    this.clearTimers();
    const { baseUrl, pageId, userName } = this.options;
    let base: string;
    let ticket: string;
    try {
      base = resolveBaseUrl(baseUrl);
      const issued = await requestTicket(this.fetchImpl as FetchLike, base, pageId, userName);
      ticket = issued.ticket;
      this.setRole(issued.role);
    } catch (error) {
      if (generation !== this.generation) return;
      const retryable = error instanceof TicketError && error.retryable;
      this.emit({ type: 'error', error: { code: 'ticket', message: (error as Error).message } });
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
    const since = this.state !== null && !this.needsFullSync ? this.state.version : undefined;
    const socket = new (this.WebSocketImpl as WebSocketConstructor)(socketUrl(base, pageId, ticket, since));
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
    this.syncTimer = this.timers.setTimeout(() => {
      if (current() && this.currentStatus !== 'connected') this.reconnect();
    }, this.options.syncTimeoutMs ?? 10_000);
  }

  /** Abandons the current connection (its events are ignored from now on). */
  private dropConnection(code: number = CloseCode.Normal): void {
    this.generation++;
    this.clearTimers();
    this.state?.disconnected();
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

  /** Drops the connection and gets a fresh sync over a new one, after a short, growing delay. */
  private reconnect(): void {
    this.dropConnection();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.clearTimers();
    this.setStatus(this.self === null ? 'connecting' : 'reconnecting');
    const generation = this.generation;
    this.retryTimer = this.timers.setTimeout(() => {
      if (generation === this.generation) void this.open();
    }, this.backoff.next());
  }

  private onSocketClosed(code: number): void {
    this.socket = null;
    this.generation++;
    const inFlight = this.state?.inFlight ?? null;
    if (code === CloseCode.TooLarge && inFlight !== null) {
      // Sending it again would be refused again: give it up.
      this.rejectEdit(inFlight, { code: 'too-large', message: 'the edit is too large to send' });
      this.reportPending();
    }
    this.state?.disconnected();
    if (code === CloseCode.PageDeleted || code === CloseCode.Forbidden) {
      // The page is gone, or this person was removed from it: there is nothing to reconnect to.
      const [errorCode, message] =
        code === CloseCode.PageDeleted
          ? ['page-deleted', 'this page was deleted']
          : ['forbidden', 'you no longer have access to this page'];
      this.emit({ type: 'error', error: { code: errorCode, message } });
      this.unwatchWindow();
      this.failConnect(new Error(message));
      this.setStatus('closed');
      return;
    }
    this.scheduleReconnect();
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    if (this.syncTimer !== null) this.timers.clearTimeout(this.syncTimer);
    if (this.sendTimer !== null) this.timers.clearTimeout(this.sendTimer);
    this.retryTimer = null;
    this.syncTimer = null;
    this.sendTimer = null;
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
    this.setStatus(this.self === null ? 'connecting' : 'reconnecting');
    void this.open();
  };

  // ---- frames --------------------------------------------------------------------

  private onFrame(data: unknown): void {
    const text = frameText(data);
    let json: unknown;
    try {
      json = text === null ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = ServerMessageSchema.safeParse(json);
    if (!parsed.success) {
      this.emit({ type: 'error', error: { code: 'bad-frame', message: 'the server sent a frame that is not the protocol' } });
      return;
    }
    this.onMessage(parsed.data);
    this.reportPending();
  }

  private onMessage(message: ServerMessage): void {
    switch (message.type) {
      case 'sync':
        this.onSync(message.payload);
        return;
      case 'catch-up':
        this.onCatchUp(message.payload);
        return;
      case 'user-join':
        this.userList = [...this.userList.filter((u) => u.userId !== message.payload.userId), message.payload];
        this.emit({ type: 'users', users: this.userList });
        return;
      case 'user-leave':
        this.onUserLeave(message.payload.userId);
        return;
      case 'op-patch':
        this.onRemotePatch(message.payload);
        return;
      case 'ack':
        this.onAck(message.payload);
        return;
      case 'presence':
        if (message.payload.userId === this.self?.userId) return;
        this.remotePresence.set(message.payload.userId, message.payload.selection);
        this.emit({ type: 'presence', userId: message.payload.userId, selection: message.payload.selection });
        return;
      case 'error':
        this.onServerError(message.payload);
        return;
      case 'access':
        this.setRole(message.payload.role);
        return;
    }
  }

  private setRole(role: Role): void {
    if (role === this.currentRole) return;
    this.currentRole = role;
    this.emit({ type: 'role', role });
  }

  /** The person's role on the page (null before the first ticket): a viewer's edits are refused (`forbidden`). */
  get role(): Role | null {
    return this.currentRole;
  }

  private onSync(payload: ServerPayload<'sync'>): void {
    let dropped: PendingEdit[] = [];
    if (this.state === null) {
      this.state = new DocumentState(payload.schema, payload.version, this.options.applyView);
      // Edits kept from an earlier visit (say, typed offline before the tab closed) go on top.
      const kept = this.options.pendingStore?.load(this.options.pageId) ?? [];
      if (kept.length > 0) dropped = this.state.restore(kept);
    } else dropped = this.state.reset(payload.schema, payload.version);
    this.needsFullSync = false;
    this.joined(payload.users, payload.you);
    this.emitDoc('sync');
    this.reportDropped(dropped);
    this.afterJoin();
  }

  private onCatchUp(payload: ServerPayload<'catch-up'>): void {
    const state = this.state;
    if (state === null) return this.reconnectForSync();
    const change = state.catchUp(payload.ops);
    if (change.outcome === 'gap' || change.outcome === 'failed' || state.version !== payload.version) return this.reconnectForSync();
    this.joined(payload.users, payload.you);
    this.emitChange(change, 'remote');
    this.afterJoin();
  }

  /** Who is here, after a sync or a catch-up. */
  private joined(users: readonly User[], you: User): void {
    this.clearTimers();
    this.self = you;
    this.userList = users.some((u) => u.userId === you.userId) ? users : [...users, you];
    this.remotePresence.clear();
    this.backoff.reset();
    this.setStatus('connected');
    this.emit({ type: 'users', users: this.userList });
  }

  private afterJoin(): void {
    if (this.selection !== null) this.send('presence', { selection: this.selection });
    this.flush();
    const settle = this.settleConnect;
    this.settleConnect = null;
    settle?.resolve();
  }

  /** Our copy cannot be trusted: start over from a full sync. */
  private reconnectForSync(): void {
    this.needsFullSync = true;
    this.reconnect();
  }

  private onUserLeave(userId: string): void {
    this.userList = this.userList.filter((u) => u.userId !== userId);
    this.emit({ type: 'users', users: this.userList });
    if (this.remotePresence.delete(userId)) this.emit({ type: 'presence', userId, selection: null });
  }

  private onRemotePatch(payload: ServerPayload<'op-patch'>): void {
    const state = this.state;
    if (state === null) return;
    // Our own edit coming back as a patch rather than an ack: treat it as the ack.
    if (state.inFlight?.opId === payload.opId) {
      this.onAck({ opId: payload.opId, version: payload.version });
      return;
    }
    const change = state.applyRemote(payload.patches, payload.version);
    // A missed version, or a document that no longer matches the server's: don't guess, re-sync.
    if (change.outcome === 'gap' || change.outcome === 'failed') return this.reconnectForSync();
    this.emitChange(change, 'remote');
  }

  private onAck(payload: ServerPayload<'ack'>): void {
    const state = this.state;
    if (state === null) return;
    const change = state.ack(payload.opId, payload.version);
    if (change.outcome !== 'applied') return this.reconnectForSync();
    this.emitChange(change, 'remote');
    this.flush();
  }

  private onServerError(payload: ServerPayload<'error'>): void {
    const edit = payload.opId === undefined ? undefined : this.state?.pending.find((e) => e.opId === payload.opId);
    if (edit === undefined) {
      this.emit({ type: 'error', error: payload });
      return;
    }
    if (payload.code === 'bad-version') {
      // Our idea of the version is off: only a full sync settles it.
      this.rejectEdit(edit, payload);
      return this.reconnectForSync();
    }
    // The server refused this edit (say, it would break the page after someone
    // else's change): it is dropped, the view recomputed, and the rest go on.
    this.rejectEdit(edit, payload);
    this.flush();
  }

  private rejectEdit(edit: PendingEdit, error: ClientError): void {
    const state = this.state;
    if (state === null) return;
    const dropped = state.reject(edit.opId);
    this.emit({ type: 'error', error: { ...error, opId: edit.opId } });
    this.emitDoc('rejected');
    this.reportDropped(dropped);
  }

  /** Tells listeners what a change did to the view. */
  private emitChange(change: Change<string>, origin: DocOrigin): void {
    if (change.delta === null) this.emitDoc('rejected');
    else if (change.delta.length > 0) this.emitDoc(origin, change.delta);
    this.reportDropped(change.dropped);
  }

  private reportDropped(dropped: readonly PendingEdit[]): void {
    for (const edit of dropped) {
      this.emit({
        type: 'error',
        error: { code: 'edit-dropped', message: 'a local edit no longer applied after other changes and was discarded', opId: edit.opId },
      });
    }
  }

  // ---- sending -------------------------------------------------------------------

  /**
   * Sends the next queued edit if none is in flight, at most once per send
   * interval: what is typed meanwhile waits in the queue and goes as one patch.
   */
  private flush(): void {
    if (this.currentStatus !== 'connected' || this.state === null || this.sendTimer !== null) return;
    if (this.state.inFlight !== null || this.state.pending.length === 0) return;
    const wait = this.lastSendAt + (this.options.sendIntervalMs ?? 50) - this.timers.now();
    if (wait > 0) {
      this.sendTimer = this.timers.setTimeout(() => {
        this.sendTimer = null;
        this.flush();
      }, wait);
      return;
    }
    const next = this.state.takeNext();
    if (next === null) return;
    this.lastSendAt = this.timers.now();
    this.send('op-patch', { patches: next.edit.ops, version: next.baseVersion, opId: next.edit.opId });
  }

  private send(type: 'op-patch' | 'presence', payload: unknown): void {
    const socket = this.socket;
    if (socket === null || socket.readyState !== SOCKET_OPEN) return;
    try {
      socket.send(JSON.stringify({ type, senderId: this.self?.userId ?? '', payload, ts: this.timers.now() }));
    } catch {
      // The socket is closing; its close event brings the reconnection that resends.
    }
  }

  // ---- events --------------------------------------------------------------------

  private setStatus(status: ConnectionStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    this.emit({ type: 'status', status });
  }

  private reportPending(): void {
    if (this.state !== null) this.options.pendingStore?.save(this.options.pageId, this.state.pending);
    const count = this.pendingCount;
    if (count === this.reportedPending) return;
    this.reportedPending = count;
    this.emit({ type: 'pending', count });
  }

  private emitDoc(origin: DocOrigin, ops?: Operation[]): void {
    if (this.state === null) return;
    this.emit(
      ops
        ? { type: 'doc', doc: this.state.view, version: this.state.version, origin, ops }
        : { type: 'doc', doc: this.state.view, version: this.state.version, origin },
    );
  }

  private emit(event: CollabEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        // A listener's bug must not leave the client half-updated: report it apart.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  private failConnect(error: Error): void {
    const settle = this.settleConnect;
    this.settleConnect = null;
    settle?.reject(error);
  }
}
