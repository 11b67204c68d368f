/**
 * A simulated network between CollabClients and one Room: each connection is a
 * link with its own random latency, FIFO in each direction as TCP is, that can be
 * cut at any moment (whatever is in flight on it is lost). The client side looks
 * like a WebSocket; the server side is a RoomClient fed through the same message
 * schema the real Connection uses.
 */
import type { WebSocketConstructor, WebSocketLike } from '@tandem/client';
import { ClientMessageSchema } from '@tandem/protocol';
import type { Room, RoomClient } from '@tandem/server';
import type { Random } from './random.ts';
import type { Scheduler } from './scheduler.ts';

export interface NetworkOptions {
  /** Latency of a link is drawn once from [minLatency, maxLatency] ms, then jitters a little per message. */
  minLatency: number;
  maxLatency: number;
  /** The share of reconnections whose `since` is dropped, forcing a full sync. */
  forceSyncRate: number;
}

type Listener = (event: unknown) => void;

/** One connection, seen from both ends. */
export class Link implements RoomClient {
  open = false;
  cut = false;
  private readonly listeners = new Map<string, Listener[]>();
  private lastToServer = 0;
  private lastToClient = 0;
  /** Frames the server sent on this link, for the checks. */
  readonly serverFrames: string[] = [];

  constructor(
    readonly network: Network,
    readonly who: string,
    readonly since: number | undefined,
    readonly latency: number,
  ) {}

  // ---- the client's end (WebSocketLike) ----

  get readyState(): number {
    return this.cut ? 3 : this.open ? 1 : 0;
  }

  addEventListener(type: string, listener: Listener): void {
    const list = this.listeners.get(type) ?? [];
    list.push(listener);
    this.listeners.set(type, list);
  }

  /** The client sends a frame: it reaches the room after the link's latency, unless the link is cut first. */
  clientSend(text: string): void {
    if (!this.open || this.cut) return;
    const at = this.arrival('server');
    this.network.scheduler.at(at, () => {
      if (!this.cut) this.network.deliverToRoom(this, text);
    });
  }

  clientClose(): void {
    if (this.cut) return;
    this.cutNow(1000);
  }

  // ---- the server's end (RoomClient) ----

  send(frame: string): void {
    if (this.cut) return;
    this.serverFrames.push(frame);
    const at = this.arrival('client');
    this.network.scheduler.at(at, () => {
      if (!this.cut) this.emit('message', { data: frame });
    });
  }

  close(code: number): void {
    this.cutNow(code);
  }

  /** Cuts the link: both ends learn of it now, and nothing in flight arrives. */
  cutNow(code = 1006): void {
    if (this.cut) return;
    this.cut = true;
    this.network.left(this);
    this.emit('close', { code });
  }

  emit(type: string, event: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  /** FIFO per direction: a message never overtakes an earlier one on the same link. */
  private arrival(direction: 'server' | 'client'): number {
    const now = this.network.scheduler.now();
    const jitter = this.network.random.int(Math.max(1, Math.floor(this.latency / 4)));
    const last = direction === 'server' ? this.lastToServer : this.lastToClient;
    const at = Math.max(now + this.latency + jitter, last);
    if (direction === 'server') this.lastToServer = at;
    else this.lastToClient = at;
    return at - now;
  }
}

export class Network {
  /** Open or opening links. */
  readonly links = new Set<Link>();
  /** Every link there ever was, for the checks. */
  readonly allLinks: Link[] = [];

  constructor(
    readonly scheduler: Scheduler,
    readonly random: Random,
    private readonly room: Room,
    private readonly options: NetworkOptions,
  ) {}

  /** A WebSocket constructor for one person's client. */
  socketFor(who: string): WebSocketConstructor {
    const network = this;
    return class SimSocket {
      readonly link: Link;
      constructor(url: string) {
        const since = new URL(url).searchParams.get('since');
        // Some reconnections lose `since` on the way: the room must answer with a full sync.
        const keep = since !== null && !network.random.chance(network.options.forceSyncRate);
        this.link = network.connect(who, keep ? Number(since) : undefined);
      }
      get readyState() {
        return this.link.readyState;
      }
      send(text: string) {
        this.link.clientSend(text);
      }
      close() {
        this.link.clientClose();
      }
      addEventListener(type: string, listener: Listener) {
        this.link.addEventListener(type, listener);
      }
    } as unknown as WebSocketConstructor & (new (url: string) => WebSocketLike);
  }

  connect(who: string, since: number | undefined): Link {
    const { minLatency, maxLatency } = this.options;
    const link = new Link(this, who, since, this.random.between(minLatency, maxLatency));
    this.links.add(link);
    this.allLinks.push(link);
    // The upgrade takes one trip; then the room greets the newcomer.
    this.scheduler.at(link.latency, () => {
      if (link.cut) return;
      link.open = true;
      link.emit('open', {});
      this.room.join(link, { userId: `${who}-${this.random.int(1e9)}`, userName: who }, link.since);
    });
    return link;
  }

  /** What the real Connection does with a frame, minus the socket: validate, then hand to the room. */
  deliverToRoom(link: Link, text: string): void {
    const parsed = ClientMessageSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`a client sent a malformed frame: ${text}`);
    const message = parsed.data;
    if (message.type === 'op-patch') this.room.submit(link, message.payload);
    else this.room.setPresence(link, message.payload);
  }

  left(link: Link): void {
    this.links.delete(link);
    if (link.open) this.room.leave(link);
  }

  /** Cuts a random open link. */
  cutRandom(): boolean {
    const open = [...this.links].filter((l) => l.open && !l.cut);
    if (open.length === 0) return false;
    this.random.pick(open).cutNow(1006);
    return true;
  }
}
