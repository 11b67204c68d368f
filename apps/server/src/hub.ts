/**
 * The Hub maps page ids to Rooms: it loads a room on the first join (and
 * registers it only once loaded, so two joiners share one), attaches each
 * socket to its room, and unloads a room a while after the last person leaves,
 * with a snapshot. The HTTP API reaches rooms through it too (renames, restores,
 * deletions), so that every change to a page goes through its one room.
 */
import { CloseCode, LIMITS, type PageDocument, type Role, SERVER_SENDER, starterDocument } from '@tandem/protocol';
import type { WebSocket } from 'ws';
import type { Clock } from './clock.ts';
import { Connection } from './connection.ts';
import type { Config } from './env.ts';
import type { Fanout } from './fanout.ts';
import type { Logger } from './log.ts';
import { frame, Room, RoomClosedError } from './room.ts';
import type { CreateResult, PageStorage, SharedLog } from './storage/storage.ts';
import type { Grant } from './tickets.ts';

export interface HubOptions {
  config: Config;
  storage: PageStorage;
  fanout: Fanout;
  clock: Clock;
  log: Logger;
  /** Set when other processes serve the same pages (see Room's `shared`). */
  shared?: SharedLog;
}

export class Hub {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room | null>>();
  private readonly idle = new Map<string, unknown>();
  private readonly connections = new Set<Connection>();
  /** Rooms an HTTP request is using: not unloaded meanwhile. */
  private readonly pins = new Map<string, number>();
  /** Pages being deleted: nobody joins them meanwhile. */
  private readonly deleting = new Set<string>();
  private closing = false;
  private polls = 0;
  private polling = false;

  constructor(private readonly options: HubOptions) {}

  /**
   * Creates the page with `doc` (the starter document by default) unless its id
   * is taken; 'deleted' when it belonged to a deleted page.
   */
  async ensurePage(pageId: string, doc: PageDocument = starterDocument()): Promise<CreateResult> {
    if (this.rooms.has(pageId) && !this.deleting.has(pageId)) return 'exists';
    const result = await this.options.storage.createIfMissing(pageId, doc);
    if (result === 'created') this.options.log.info('page created', { pageId });
    return result;
  }

  /** Puts an authenticated socket into its page's room; `since` asks for a catch-up from that version, `batch` for `batch` frames (SPEC M8). */
  async connect(socket: WebSocket, grant: Grant, since?: number, batch = false): Promise<void> {
    const { log, config, clock } = this.options;
    socket.pause();
    // A paused socket never reads the peer's answer to a close: resume it first.
    const refuse = (code: number, reason: string) => {
      socket.resume();
      socket.close(code, reason);
    };
    if (this.deleting.has(grant.pageId)) return refuse(CloseCode.PageDeleted, 'page deleted');
    const room = await this.room(grant.pageId).catch((error: unknown) => {
      log.error('room failed to load', { pageId: grant.pageId, error });
      return null;
    });
    if (!room) {
      const page = await this.options.storage.getPage(grant.pageId).catch(() => null);
      if (page?.deletedAt != null) refuse(CloseCode.PageDeleted, 'page deleted');
      else refuse(1011, 'page unavailable');
      return;
    }
    if (socket.readyState !== socket.OPEN) return this.scheduleUnload(room);
    this.cancelUnload(room.pageId);
    const connection = new Connection(socket, room, config, clock, log.child({ pageId: room.pageId, userId: grant.userId }), batch);
    connection.access = { pageId: room.pageId, userId: grant.userId, role: grant.role };
    try {
      room.join(connection, grant, since);
    } catch (error) {
      // Say, a page too big to send: this socket is refused, the room and everyone in it go on.
      log.error('join failed', { pageId: room.pageId, error });
      room.leave(connection);
      if (room.size === 0) this.scheduleUnload(room);
      return refuse(CloseCode.InternalError, 'page unavailable');
    }
    this.connections.add(connection);
    socket.resume();
    socket.once('close', () => {
      this.connections.delete(connection);
      room.leave(connection);
      if (room.size === 0) this.scheduleUnload(room);
    });
    socket.on('error', (error) => log.debug('socket error', { pageId: room.pageId, error }));
  }

  /**
   * Runs `work` with the page's room, loading it if nobody has it open; null when
   * the page does not exist. The room stays loaded while `work` runs.
   */
  async withRoom<T>(pageId: string, work: (room: Room) => Promise<T>): Promise<T | null> {
    if (this.deleting.has(pageId) || this.closing) throw new RoomClosedError(`page ${pageId} is closing`);
    this.pins.set(pageId, (this.pins.get(pageId) ?? 0) + 1);
    try {
      const room = await this.room(pageId);
      if (!room) return null;
      try {
        return await work(room);
      } finally {
        if (room.size === 0) this.scheduleUnload(room);
      }
    } finally {
      const left = (this.pins.get(pageId) ?? 1) - 1;
      if (left > 0) this.pins.set(pageId, left);
      else this.pins.delete(pageId);
    }
  }

  /**
   * Deletes a page: its room stops taking patches, stores what it accepted,
   * closes everyone's socket with 4404, and then the store forgets the page.
   * False when there was no such live page.
   */
  async deletePage(pageId: string): Promise<boolean> {
    this.deleting.add(pageId);
    try {
      const room = this.rooms.get(pageId) ?? (await this.loading.get(pageId)?.catch(() => null)) ?? null;
      if (room) {
        await room.drain();
        room.close(CloseCode.PageDeleted, 'page deleted');
        if (this.rooms.get(pageId) === room) this.rooms.delete(pageId);
        this.cancelUnload(pageId);
      }
      const deleted = await this.options.storage.deletePage(pageId);
      if (deleted) this.options.log.info('page deleted', { pageId });
      return deleted;
    } finally {
      this.deleting.delete(pageId);
    }
  }

  /**
   * A person's role on a page changed: from now on their sockets there may do
   * what the new role allows (and are told so with `access`), or, removed from
   * the page, are closed with 4403.
   */
  setAccess(pageId: string, userId: string, role: Role | null): void {
    for (const connection of this.connections) {
      if (connection.access.pageId !== pageId || connection.access.userId !== userId) continue;
      if (role === null) {
        connection.close(CloseCode.Forbidden, 'removed from the page');
        continue;
      }
      connection.access.role = role;
      connection.send(frame('access', SERVER_SENDER, { role }, this.options.clock.now()));
    }
  }

  /** One heartbeat: drop whoever missed the last ping, ping everyone else. */
  heartbeat(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        this.options.log.info('terminating a peer that missed its heartbeat');
        connection.terminate();
      } else connection.ping();
    }
  }

  /**
   * With other processes: compares each open room's version with the store's,
   * so that a room catches up even when Redis lost or never delivered a patch.
   * Called every CLUSTER_POLL_MS; reads the store on every call while the
   * fan-out is unhealthy, on every tenth while it is healthy.
   */
  async poll(): Promise<void> {
    const { shared, fanout } = this.options;
    if (!shared || this.polling || this.rooms.size === 0) return;
    for (const room of this.rooms.values()) room.tick();
    if (fanout.healthy?.() !== false && this.polls++ % 10 !== 0) return;
    this.polling = true;
    try {
      const asked = [...this.rooms.keys()];
      const heads = await shared.heads(asked);
      for (const [pageId, version] of heads) this.rooms.get(pageId)?.storedHead(version);
      // Not live any more: another process deleted the page. Its sockets here close as they would there.
      for (const pageId of asked) {
        const room = this.rooms.get(pageId);
        if (heads.has(pageId) || !room || this.deleting.has(pageId)) continue;
        this.rooms.delete(pageId);
        this.cancelUnload(pageId);
        room.close(CloseCode.PageDeleted, 'page deleted');
        this.options.log.info('page deleted by another process', { pageId });
      }
    } catch (error) {
      this.options.log.warn('polling the store failed', { error });
    } finally {
      this.polling = false;
    }
  }

  /** True when the page's room is loaded (so the page exists). */
  isLoaded(pageId: string): boolean {
    return this.rooms.has(pageId);
  }

  /**
   * A loaded, healthy room's document and version, for reads that should not
   * rebuild the page from the store; null when there is none. The document is
   * the room's own and changes with the next patch: serialize it at once.
   */
  liveDocument(pageId: string): { doc: PageDocument; version: number } | null {
    const room = this.rooms.get(pageId);
    if (!room || room.isBroken || this.deleting.has(pageId)) return null;
    return room.snapshot();
  }

  /** The document and version of a loaded page (for tests and tools); null when it is not loaded. */
  snapshot(pageId: string): { doc: PageDocument; version: number } | null {
    return this.rooms.get(pageId)?.snapshot() ?? null;
  }

  get roomCount(): number {
    return this.rooms.size;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * Shuts down gracefully: every room stops taking patches, stores what it
   * accepted (waiting at most `timeoutMs`) with a snapshot, then tells its
   * clients the server is going away (1001). They reconnect to the next server
   * and send again whatever was not acknowledged.
   */
  async close(timeoutMs = this.options.config.shutdownTimeoutMs): Promise<void> {
    this.closing = true;
    for (const handle of this.idle.values()) this.options.clock.clearTimeout(handle);
    this.idle.clear();
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const stored = Promise.all(
      rooms.map(async (room) => {
        await room.drain();
        await room
          .checkpoint()
          .catch((error: unknown) => this.options.log.warn('could not store a snapshot', { pageId: room.pageId, error }));
      }),
    );
    if ((await Promise.race([stored, deadline])) === 'timeout') {
      this.options.log.warn('shutdown did not finish storing in time', { timeoutMs });
    }
    clearTimeout(timer);
    for (const room of rooms) room.close(CloseCode.GoingAway, 'server shutting down');
  }

  private async room(pageId: string): Promise<Room | null> {
    const loaded = this.rooms.get(pageId);
    if (loaded && !loaded.isBroken) return loaded;
    let pending = this.loading.get(pageId);
    if (!pending) {
      const { storage, fanout, clock, log, config, shared } = this.options;
      const limits = {
        patchBytes: config.maxPatchBytes,
        documentBytes: config.maxDocumentBytes,
        components: config.maxComponents,
        transformWork: config.transformBudget,
        recentLogBytes: config.roomLogBytes,
        backlog: config.roomBacklog,
        backlogBytes: config.roomBacklogBytes,
        queueMs: config.roomQueueMs,
        busyLog: LIMITS.busyLog,
      };
      if (loaded) loaded.dispose();
      pending = Room.load(pageId, {
        storage,
        fanout,
        clock,
        log,
        snapshotEvery: config.snapshotEvery,
        sessionEndMs: config.sessionEndMs,
        commitGatherMs: config.commitGatherMs,
        commitGatherMaxMs: config.commitGatherMaxMs,
        commitGatherPatches: config.commitGatherPatches,
        limits,
        shared,
      }).finally(() =>
        this.loading.delete(pageId),
      );
      this.loading.set(pageId, pending);
      const room = await pending;
      if (room && !this.deleting.has(pageId) && !this.closing) this.rooms.set(pageId, room);
      return room;
    }
    return pending;
  }

  private scheduleUnload(room: Room): void {
    if (this.closing) return;
    this.cancelUnload(room.pageId);
    const handle = this.options.clock.setTimeout(() => {
      this.idle.delete(room.pageId);
      if (room.size > 0 || this.rooms.get(room.pageId) !== room) return;
      // A room still storing patches, or in use by a request, stays until it is done, so that a reload cannot miss them.
      if (!room.isSettled || this.pins.has(room.pageId)) return this.scheduleUnload(room);
      this.rooms.delete(room.pageId);
      // What the room holds becomes one snapshot, a point of the page's history and a short load next time.
      room.unload().catch((error: unknown) => this.options.log.warn('could not store a snapshot', { pageId: room.pageId, error }));
      this.options.log.debug('room unloaded', { pageId: room.pageId });
    }, this.options.config.roomIdleMs);
    this.idle.set(room.pageId, handle);
  }

  private cancelUnload(pageId: string): void {
    const handle = this.idle.get(pageId);
    if (handle === undefined) return;
    this.options.clock.clearTimeout(handle);
    this.idle.delete(pageId);
  }
}
