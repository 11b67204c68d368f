/**
 * Who is in a room: each member's user, colour and selection, and how the
 * others hear of joins, leaves and selections. In a small room each join and
 * leave is its own `user-join` / `user-leave`; in a big one they are batched
 * into one `roster` frame per member every few milliseconds, so that a storm
 * of N joins costs frames in proportion to its duration, not to N².
 * One person (one account) in several tabs is one person: listed once, one
 * join when their first socket comes, one leave when their last one goes, in
 * the colour of their account.
 */
import { SERVER_SENDER, type ServerMessage, type ServerMessageType, type ServerPayload, type User, type View } from '@tandem/protocol';
import type { Clock } from '../clock.ts';

/** The room's view of one connection: something it can send frames to and close. */
export interface RoomClient {
  send(frame: string): void;
  close(code: number, reason: string): void;
}

export interface Member {
  user: User;
  selection: string[] | null;
  /** What this member's canvas shows (M7), for joiners who follow them; in memory only. */
  view: View | null;
  /** The version this member's `sync` showed: patches up to it are not sent again. */
  syncedVersion: number;
  /**
   * The latest version accepted when it joined (stored or not): a patch of a
   * version after `syncedVersion` and up to this one was sent before it came, so
   * it reaches this member as an `op-patch` once stored (SPEC M9), never as its ack.
   */
  acceptedAtJoin?: number;
}

export function frame<T extends ServerMessageType>(type: T, senderId: string, payload: ServerPayload<T>, ts: number): string {
  return JSON.stringify({ type, senderId, payload, ts } as ServerMessage);
}

/** Distinct and readable on white; each account gets one at sign-up (in turn), kept on every page. */
export const COLORS = ['#e5484d', '#0090ff', '#30a46c', '#f76b15', '#8e4ec6', '#d6409f', '#12a594', '#ffb224', '#3e63dd', '#ad7f58'];
export const PRESENCE_COLORS = COLORS;

/** From this many members on, joins and leaves are batched into `roster` frames. */
export const ROSTER_BATCH_FROM = 32;

/** Which colour an id prefers: FNV-1a over its UTF-16 units, so the same id always picks the same one. */
export function colorIndexFor(userId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) hash = Math.imul(hash ^ userId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % COLORS.length;
}

export class Membership {
  private readonly members = new Map<RoomClient, Member>();
  private readonly colorCounts = new Map<string, number>();
  private joined: User[] = [];
  private left: string[] = [];
  private rosterTimer: unknown = null;

  /** `relay` also hears every join, leave and roster, for members on other processes (the room's fan-out). */
  constructor(
    private readonly clock: Clock,
    private readonly relay: (text: string) => void = () => {},
  ) {}

  get size(): number {
    return this.members.size;
  }

  get(client: RoomClient): Member | undefined {
    return this.members.get(client);
  }

  has(client: RoomClient): boolean {
    return this.members.has(client);
  }

  entries(): IterableIterator<[RoomClient, Member]> {
    return this.members.entries();
  }

  clients(): RoomClient[] {
    return [...this.members.keys()];
  }

  /** Everyone's user, once each (a person in several tabs by their first), in order of joining. */
  users(): User[] {
    const seen = new Map<string, User>();
    for (const { user } of this.members.values()) if (!seen.has(user.userId)) seen.set(user.userId, user);
    return [...seen.values()];
  }

  /** Whether `userId` has a socket here already (another tab). */
  hasUser(userId: string): boolean {
    for (const { user } of this.members.values()) if (user.userId === userId) return true;
    return false;
  }

  /**
   * A user for someone about to join: the account's colour when the grant has one
   * (kept on every page and across reloads). Otherwise (tests of the room alone)
   * the colour its userId picks (issue 11, bug 5), or, when someone in the room
   * already wears it, the next free one after it, so two people still differ.
   */
  newUser(who: { userId: string; userName: string; color?: string }): User {
    if (who.color !== undefined) return { userId: who.userId, userName: who.userName, color: who.color };
    const start = colorIndexFor(who.userId);
    let color = COLORS[start] as string;
    for (let step = 0; step < COLORS.length; step++) {
      const candidate = COLORS[(start + step) % COLORS.length] as string;
      if (!this.colorCounts.has(candidate)) {
        color = candidate;
        break;
      }
    }
    return { userId: who.userId, userName: who.userName, color };
  }

  /** Adds a member (after it was sent the page) and tells the others. */
  add(client: RoomClient, member: Member): void {
    const another = this.hasUser(member.user.userId);
    this.members.set(client, member);
    this.colorCounts.set(member.user.color, (this.colorCounts.get(member.user.color) ?? 0) + 1);
    if (another) return;
    if (this.batching()) {
      this.joined.push(member.user);
      this.scheduleRoster();
    } else this.announce(frame('user-join', SERVER_SENDER, member.user, this.clock.now()), client);
  }

  remove(client: RoomClient): Member | undefined {
    const member = this.members.get(client);
    if (!member) return undefined;
    this.members.delete(client);
    const left = (this.colorCounts.get(member.user.color) ?? 1) - 1;
    if (left > 0) this.colorCounts.set(member.user.color, left);
    else this.colorCounts.delete(member.user.color);
    if (this.hasUser(member.user.userId)) return member;
    if (this.batching()) {
      this.left.push(member.user.userId);
      this.scheduleRoster();
    } else this.announce(frame('user-leave', SERVER_SENDER, { userId: member.user.userId }, this.clock.now()), client);
    return member;
  }

  /** Forgets everyone without telling anybody (the room is closing them all). */
  clear(): void {
    this.members.clear();
    this.colorCounts.clear();
    this.joined = [];
    this.left = [];
    if (this.rosterTimer !== null) this.clock.clearTimeout(this.rosterTimer);
    this.rosterTimer = null;
  }

  broadcast(text: string, except?: RoomClient): void {
    for (const client of this.members.keys()) if (client !== except) client.send(text);
  }

  private batching(): boolean {
    return this.rosterTimer !== null || this.members.size >= ROSTER_BATCH_FROM;
  }

  /** The batch goes out after a pause that grows with the room (2 ms per member, at most a second). */
  private scheduleRoster(): void {
    if (this.rosterTimer !== null) return;
    const wait = Math.min(1000, 2 * this.members.size);
    this.rosterTimer = this.clock.setTimeout(() => {
      this.rosterTimer = null;
      this.sendRoster();
    }, wait);
  }

  private sendRoster(): void {
    if (this.joined.length === 0 && this.left.length === 0) return;
    const joined = this.joined;
    const left = this.left;
    this.joined = [];
    this.left = [];
    const text = frame('roster', SERVER_SENDER, { joined, left }, this.clock.now());
    // Whoever joined in this batch already saw, in its sync, everyone before it; the rest of the batch is new to it too.
    this.announce(text);
  }

  /** A join, leave or roster: to the members here, and to those on other processes. */
  private announce(text: string, except?: RoomClient): void {
    this.broadcast(text, except);
    this.relay(text);
  }
}
