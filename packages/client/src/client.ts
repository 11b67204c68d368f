/**
 * CollabClient: one person's live connection to one page. It keeps the page's
 * document, applies the user's edits at once and sends them one at a time,
 * follows everyone else's, and reconnects by itself. Framework-free: the web app
 * and Node tests use it alike.
 *
 * Two halves meet here: the connection state machine (`connection.ts`: ticket,
 * socket, sync timeout, backoff, online/offline, status) and the edits'
 * lifecycle (`edit-lifecycle.ts`: submit, send, ack, refuse, re-send, over the
 * pure `DocumentState`). This file routes the server's messages between them
 * and keeps who is on the page and what they have selected.
 */
import {
  LIMITS,
  type Operation,
  type PageDocument,
  type Pointer,
  type PresenceUpdate,
  parsePatch,
  type Role,
  type ServerMessage,
  type ServerPayload,
  type User,
  type View,
} from '@tandem/protocol';
import type { BackoffOptions } from './backoff.ts';
import { Connection } from './connection.ts';
import { EditLifecycle } from './edit-lifecycle.ts';
import type { CollabEvent, CollabListener, ConnectionStatus, SubmitResult } from './events.ts';
import type { PendingStore } from './pending-store.ts';
import type { WebSocketConstructor } from './socket.ts';
import type { FetchLike } from './tickets.ts';
import { newOpId } from './op-id.ts';
import { PresenceThrottle } from './presence-throttle.ts';
import { realTimers, type Timers } from './timers.ts';

export type { Timers } from './timers.ts';

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
  /**
   * The shortest time between two sends. An edit goes at once when none is in
   * flight; edits made while one is in flight, or within the interval, go together
   * as one patch. Default 10 ms (`DEFAULT_SEND_INTERVAL_MS`).
   */
  sendIntervalMs?: number;
  /** Keeps unsent edits across page loads (the browser's localStorage), so that nothing typed offline is lost. */
  pendingStore?: PendingStore;
  /** Timers and clock; simulations pass virtual ones. */
  timers?: Timers;
}

declare function queueMicrotask(callback: () => void): void;

export class CollabClient {
  private readonly options: CollabClientOptions;
  private readonly timers: Timers;
  private readonly listeners = new Set<CollabListener>();

  private readonly connection: Connection;
  private readonly edits: EditLifecycle;
  private userList: readonly User[] = [];
  private self: User | null = null;
  private readonly remotePresence = new Map<string, readonly string[] | null>();
  private selection: string[] | null = null;
  /** Others' pointers (M7), only those on the canvas, and what their canvases show. */
  private readonly remotePointers = new Map<string, NonNullable<Pointer>>();
  private readonly remoteViews = new Map<string, View>();
  private view: View | null = null;
  private readonly presenceOut: PresenceThrottle;
  private currentRole: Role | null = null;

  constructor(options: CollabClientOptions) {
    this.options = options;
    this.timers = options.timers ?? realTimers;
    const g = globalThis as { WebSocket?: WebSocketConstructor; fetch?: FetchLike };
    this.connection = new Connection(
      {
        baseUrl: options.baseUrl,
        pageId: options.pageId,
        userName: options.userName,
        WebSocket: options.WebSocket ?? g.WebSocket,
        // Called through a closure: the browser's fetch throws when called with another `this`.
        fetch: options.fetch ?? (g.fetch ? (url, init) => (g.fetch as FetchLike)(url, init) : undefined),
        backoff: options.backoff,
        syncTimeoutMs: options.syncTimeoutMs,
        timers: this.timers,
      },
      {
        since: () => this.edits.since(),
        message: (message) => {
          this.onMessage(message);
          this.edits.reportPending();
        },
        status: (status) => this.emit({ type: 'status', status }),
        error: (error) => this.emit({ type: 'error', error }),
        lost: (code) => this.edits.lost(code),
        role: (role) => this.setRole(role),
      },
    );
    // One pace for all of this person's presence, so a moving pointer never meets the server's limit (L6).
    this.presenceOut = new PresenceThrottle(LIMITS.presenceIntervalMs, this.timers, (update) => this.send('presence', update));
    this.edits = new EditLifecycle(
      {
        pageId: options.pageId,
        sendIntervalMs: options.sendIntervalMs,
        pendingStore: options.pendingStore,
        timers: this.timers,
      },
      {
        connected: () => this.connection.status === 'connected',
        sendPatch: (payload) => this.send('op-patch', payload),
        resync: () => this.connection.reconnect(),
        emit: (event) => this.emit(event),
      },
    );
  }

  // ---- state ---------------------------------------------------------------------

  /** The document as this user sees it (server's plus own pending edits); null before the first sync. */
  get doc(): PageDocument | null {
    return this.edits.doc;
  }

  /** The server's version that `doc` builds on; -1 before the first sync. */
  get version(): number {
    return this.edits.version;
  }

  /** Everyone on the page, this user included. */
  get users(): readonly User[] {
    return this.userList;
  }

  /** This connection's own user; null before the first sync. A reconnection gets a new one. */
  get me(): User | null {
    return this.self;
  }

  /** The person's role on the page (null before the first ticket): a viewer's edits are refused (`forbidden`). */
  get role(): Role | null {
    return this.currentRole;
  }

  private setRole(role: Role): void {
    if (role === this.currentRole) return;
    this.currentRole = role;
    this.emit({ type: 'role', role });
  }

  get status(): ConnectionStatus {
    return this.connection.status;
  }

  /** Local edits the server has not accepted yet, the one in flight included. */
  get pendingCount(): number {
    return this.edits.pendingCount;
  }

  /** Other users' selections by userId (null: nothing selected). */
  get presence(): ReadonlyMap<string, readonly string[] | null> {
    return this.remotePresence;
  }

  /** Other users' pointers on the canvas by userId (M7); someone whose pointer is off it is not listed. */
  get pointers(): ReadonlyMap<string, NonNullable<Pointer>> {
    return this.remotePointers;
  }

  /** What other users' canvases show by userId (M7): viewport and scroll, for following them. */
  get views(): ReadonlyMap<string, View> {
    return this.remoteViews;
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
    return this.connection.start();
  }

  /** Disconnects for good. Unsent edits are lost. */
  close(): void {
    this.connection.close();
  }

  // ---- editing -------------------------------------------------------------------

  /**
   * Applies `ops` (RFC 6902) to the local document at once and queues them for the
   * server. `view`, when given, is the caller's own result of applying them to
   * `doc` (the editor's immer draft), adopted once it passes the document's
   * checks (the only place a local edit is validated). Returns the new state, or
   * why nothing changed: they do not apply locally, or it is before the first sync.
   * Listeners hear the same change as a `local` doc event and a `pending` event.
   */
  submit(ops: readonly Operation[], options: { view?: PageDocument } = {}): SubmitResult {
    if (this.status === 'closed') return { ok: false, error: { code: 'closed', message: 'the client is closed' } };
    const parsed = parsePatch(ops);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    return this.edits.submit(newOpId(), parsed.ops, options.view);
  }

  /** Tells the others what this user has selected; sent again after a reconnection. */
  setSelection(ids: readonly string[] | null): void {
    this.selection = ids === null ? null : [...ids];
    if (this.status === 'connected') this.presenceOut.update({ selection: this.selection });
  }

  /**
   * Tells the others where this user's pointer is (null: off the canvas). Sent at
   * most every `LIMITS.presenceIntervalMs`, the moves in between coalesced; never
   * kept nor sent again after a reconnection.
   */
  setPointer(pointer: Pointer): void {
    if (this.status === 'connected') this.presenceOut.update({ pointer });
  }

  /** Tells the others what this user's canvas shows (for following them); sent again after a reconnection. */
  setView(view: View): void {
    this.view = { ...view };
    if (this.status === 'connected') this.presenceOut.update({ view: this.view });
  }

  // ---- messages ------------------------------------------------------------------

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
      case 'roster': // joins and leaves of a big room, batched
        this.userList = [...this.userList.filter((u) => !message.payload.joined.some((j) => j.userId === u.userId)), ...message.payload.joined];
        for (const userId of message.payload.left) this.onUserLeave(userId);
        if (message.payload.left.length === 0) this.emit({ type: 'users', users: this.userList });
        return;
      case 'op-patch':
        this.edits.remotePatch(message.payload, message.senderId);
        return;
      case 'ack':
        this.edits.ack(message.payload);
        return;
      case 'presence':
        if (message.payload.userId === this.self?.userId) return;
        this.onPresence(message.payload);
        return;
      case 'error':
        this.edits.serverError(message.payload);
        return;
      case 'access':
        this.setRole(message.payload.role);
        return;
    }
  }

  /** A presence update carries only what changed (M7): each field present is news. */
  private onPresence(payload: ServerPayload<'presence'>): void {
    const { userId, selection, pointer, view } = payload;
    if (selection !== undefined) {
      this.remotePresence.set(userId, selection);
      this.emit({ type: 'presence', userId, selection });
    }
    if (view !== undefined) {
      this.remoteViews.set(userId, view);
      this.emit({ type: 'view', userId, view });
    }
    if (pointer !== undefined) {
      if (pointer === null) this.remotePointers.delete(userId);
      else this.remotePointers.set(userId, pointer);
      this.emit({ type: 'pointer', userId, pointer });
    }
  }

  private onSync(payload: ServerPayload<'sync'>): void {
    const dropped = this.edits.sync(payload.schema, payload.version);
    this.joined(payload.users, payload.you);
    this.edits.showSynced(dropped);
    this.afterJoin();
  }

  private onCatchUp(payload: ServerPayload<'catch-up'>): void {
    const change = this.edits.catchUp(payload);
    if (change === null) return;
    this.joined(payload.users, payload.you);
    this.edits.showChange(change, 'remote');
    this.afterJoin();
  }

  /** Who is here, after a sync or a catch-up. */
  private joined(users: readonly User[], you: User): void {
    this.self = you;
    this.userList = users.some((u) => u.userId === you.userId) ? users : [...users, you];
    this.remotePresence.clear();
    this.remotePointers.clear();
    this.remoteViews.clear();
    this.presenceOut.cancel();
    this.connection.synced();
    this.emit({ type: 'users', users: this.userList });
  }

  private afterJoin(): void {
    const again: PresenceUpdate = {};
    if (this.selection !== null) again.selection = this.selection;
    if (this.view !== null) again.view = this.view;
    if (again.selection !== undefined || again.view !== undefined) this.presenceOut.update(again);
    this.edits.flush();
  }

  private onUserLeave(userId: string): void {
    this.userList = this.userList.filter((u) => u.userId !== userId);
    this.emit({ type: 'users', users: this.userList });
    if (this.remotePresence.delete(userId)) this.emit({ type: 'presence', userId, selection: null });
    if (this.remotePointers.delete(userId)) this.emit({ type: 'pointer', userId, pointer: null });
    this.remoteViews.delete(userId);
  }

  // ---- out -----------------------------------------------------------------------

  private send(type: 'op-patch' | 'presence', payload: unknown): void {
    this.connection.send({ type, senderId: this.self?.userId ?? '', payload, ts: this.timers.now() });
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
}
