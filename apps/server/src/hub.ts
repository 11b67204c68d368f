/**
 * The Hub maps page ids to Rooms: it loads a room on the first join (and
 * registers it only once loaded, so two joiners share one), attaches each
 * socket to its room, and unloads a room a while after the last person leaves.
 */
import { CloseCode, type PageDocument, starterDocument } from '@tandem/protocol';
import type { WebSocket } from 'ws';
import type { Clock } from './clock.ts';
import { Connection } from './connection.ts';
import type { Config } from './env.ts';
import type { Fanout } from './fanout.ts';
import type { Logger } from './log.ts';
import { Room } from './room.ts';
import type { PageStorage } from './storage.ts';
import type { Grant } from './tickets.ts';

export interface HubOptions {
  config: Config;
  storage: PageStorage;
  fanout: Fanout;
  clock: Clock;
  log: Logger;
}

export class Hub {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room | null>>();
  private readonly idle = new Map<string, unknown>();
  private readonly connections = new Set<Connection>();

  constructor(private readonly options: HubOptions) {}

  /** Creates the page with the starter document if it does not exist yet. */
  async ensurePage(pageId: string, doc: PageDocument = starterDocument()): Promise<void> {
    if (this.rooms.has(pageId)) return;
    if (await this.options.storage.createIfMissing(pageId, doc)) this.options.log.info('page created', { pageId });
  }

  /** Puts an authenticated socket into its page's room; `since` asks for a catch-up from that version. */
  async connect(socket: WebSocket, grant: Grant, since?: number): Promise<void> {
    const { log, config, clock } = this.options;
    socket.pause();
    const room = await this.room(grant.pageId).catch((error: unknown) => {
      log.error('room failed to load', { pageId: grant.pageId, error });
      return null;
    });
    if (!room) {
      socket.close(1011, 'page unavailable');
      return;
    }
    if (socket.readyState !== socket.OPEN) return this.scheduleUnload(room);
    this.cancelUnload(room.pageId);
    const connection = new Connection(socket, room, config, clock, log.child({ pageId: room.pageId, userId: grant.userId }));
    this.connections.add(connection);
    room.join(connection, grant, since);
    socket.resume();
    socket.once('close', () => {
      this.connections.delete(connection);
      room.leave(connection);
      if (room.size === 0) this.scheduleUnload(room);
    });
    socket.on('error', (error) => log.debug('socket error', { pageId: room.pageId, error }));
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

  /** Closes every room, telling clients the server is going away. */
  close(): void {
    for (const room of this.rooms.values()) room.close(CloseCode.GoingAway, 'server shutting down');
    for (const handle of this.idle.values()) this.options.clock.clearTimeout(handle);
    this.idle.clear();
    this.rooms.clear();
  }

  private async room(pageId: string): Promise<Room | null> {
    const loaded = this.rooms.get(pageId);
    if (loaded && !loaded.isBroken) return loaded;
    let pending = this.loading.get(pageId);
    if (!pending) {
      const { storage, fanout, clock, log } = this.options;
      pending = Room.load(pageId, { storage, fanout, clock, log }).finally(() => this.loading.delete(pageId));
      this.loading.set(pageId, pending);
      const room = await pending;
      if (room) this.rooms.set(pageId, room);
      return room;
    }
    return pending;
  }

  private scheduleUnload(room: Room): void {
    this.cancelUnload(room.pageId);
    const handle = this.options.clock.setTimeout(() => {
      this.idle.delete(room.pageId);
      if (room.size > 0) return;
      // A room still storing patches stays until they are stored, so that a reload cannot miss them.
      if (!room.isSettled) return this.scheduleUnload(room);
      if (this.rooms.get(room.pageId) === room) this.rooms.delete(room.pageId);
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
