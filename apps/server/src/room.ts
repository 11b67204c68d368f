/**
 * A Room is one page while anyone has it open: the document, its version, the
 * people in it, and the one ordered path by which a patch is checked, applied,
 * stored, acknowledged and fanned out. Everything here runs on the event loop
 * in arrival order, so the room itself is the page's sequencer.
 */
import { randomUUID } from 'node:crypto';
import {
  applyDocumentPatch,
  ErrorCode,
  type Operation,
  type PageDocument,
  type ProtocolError,
  parsePatch,
  SERVER_SENDER,
  type ServerMessage,
  type ServerMessageType,
  type ServerPayload,
  transform,
  type User,
} from '@tandem/protocol';
import type { Clock } from './clock.ts';
import type { Fanout } from './fanout.ts';
import type { Logger } from './log.ts';
import { titleOf } from './storage/rows.ts';
import type { LogEntry, PageStorage, StoredPage } from './storage/storage.ts';

/** The room's view of one connection: something it can send frames to and close. */
export interface RoomClient {
  send(frame: string): void;
  close(code: number, reason: string): void;
}

export interface RoomOptions {
  storage: PageStorage;
  fanout: Fanout;
  clock: Clock;
  log: Logger;
  /** Accepted patches kept in memory for duplicate detection (and later, transformation). */
  recentLogSize?: number;
  /**
   * How many opIds to remember for exactly-once, at least the log's length: a client
   * that lost an ack and comes back after a full sync re-sends by opId, and must be
   * acknowledged, not applied again. Default 10,000. Older ones are looked up in
   * the store (`findOp`).
   */
  opIdRetention?: number;
  /** A snapshot is stored with the patch that takes the page this many versions past the last one. Default 100. */
  snapshotEvery?: number;
}

/** Who a change made through the HTTP API is attributed to. */
export interface Author {
  userId: string;
  userName: string;
}

/** What a server-made change did: the patch everyone in the room received, and its version. */
export interface ServerChange {
  version: number;
  opId: string | null;
  patches: Operation[];
}

/** A server-made change the document refused (its invariants, SPEC D1–D9). */
export class ChangeRejectedError extends Error {
  override readonly name = 'ChangeRejectedError';
  constructor(readonly error: ProtocolError) {
    super(error.message);
  }
}

/** The room stopped taking changes: the page was deleted, the server is stopping, or storage failed. */
export class RoomClosedError extends Error {
  override readonly name = 'RoomClosedError';
}

interface Delivery {
  run(): void;
  fail?(error: unknown): void;
}

interface Member {
  user: User;
  selection: string[] | null;
  /** The version this member's `sync` showed: patches up to it are not sent again. */
  syncedVersion: number;
}

export interface SubmitRequest {
  patches: unknown;
  version: number;
  opId: string;
}

/** Distinct, readable on white; each account gets one at sign-up (in turn), kept on every page. */
export const PRESENCE_COLORS = [
  '#e5484d',
  '#0090ff',
  '#30a46c',
  '#f76b15',
  '#8e4ec6',
  '#d6409f',
  '#12a594',
  '#ffb224',
  '#3e63dd',
  '#ad7f58',
];

export function frame<T extends ServerMessageType>(type: T, senderId: string, payload: ServerPayload<T>, ts: number): string {
  return JSON.stringify({ type, senderId, payload, ts } as ServerMessage);
}

export class Room {
  private doc: PageDocument;
  private version: number;
  private readonly members = new Map<RoomClient, Member>();
  private readonly recent: LogEntry[];
  /** opId → the version it was acknowledged with, oldest first (a Map keeps insertion order). */
  private readonly opVersions = new Map<string, number>();
  private readonly opIdRetention: number;
  private readonly recentLogSize: number;
  /** Accepted entries not yet stored, and what to send once they are, in order. */
  private unsaved: LogEntry[] = [];
  private outbox: Delivery[] = [];
  private flushing = false;
  private broken = false;
  /** No longer taking patches: the page is being deleted or the server is stopping. */
  private closing = false;
  private settleWaiters: (() => void)[] = [];
  /** Members whose patch waits for a look-up in the store, with what they sent meanwhile, in order. */
  private readonly held = new Map<RoomClient, SubmitRequest[]>();
  private readonly snapshotEvery: number;
  private snapshotVersion: number;
  private title: string;

  private constructor(
    readonly pageId: string,
    stored: Pick<StoredPage, 'doc' | 'version' | 'log'> & Partial<Pick<StoredPage, 'snapshotVersion'>>,
    private readonly options: RoomOptions,
  ) {
    this.doc = stored.doc;
    this.version = stored.version;
    this.recentLogSize = options.recentLogSize ?? 1000;
    this.opIdRetention = Math.max(options.opIdRetention ?? 10_000, this.recentLogSize);
    this.snapshotEvery = Math.max(1, options.snapshotEvery ?? 100);
    this.snapshotVersion = stored.snapshotVersion ?? stored.version;
    this.title = titleOf(stored.doc);
    this.recent = stored.log.slice(-this.recentLogSize);
    for (const entry of this.recent) this.opVersions.set(entry.opId, entry.version);
  }

  /**
   * The room for a stored page, or null when the page does not exist. A page that
   * had to be rebuilt around bad data, or migrated from an older format, is
   * reported and gets a fresh snapshot at once.
   */
  static async load(pageId: string, options: RoomOptions): Promise<Room | null> {
    const { storage, log } = options;
    const stored = await storage.load(pageId, { logLimit: options.recentLogSize ?? 1000 });
    if (!stored) return null;
    if (stored.problems?.length) {
      log.error('page rebuilt around unreadable data', {
        pageId,
        version: stored.version,
        from: stored.snapshotVersion,
        problems: stored.problems,
      });
    }
    if (stored.problems?.length || stored.upgraded) {
      await storage.writeSnapshot(pageId, stored.version, stored.doc).then(
        () => {
          stored.snapshotVersion = stored.version;
        },
        (error: unknown) => log.error('could not store a repaired snapshot', { pageId, error }),
      );
    }
    return new Room(pageId, stored, options);
  }

  get size(): number {
    return this.members.size;
  }

  get isBroken(): boolean {
    return this.broken;
  }

  /** True when nothing accepted is still waiting to be stored or delivered. */
  get isSettled(): boolean {
    return !this.flushing && this.outbox.length === 0;
  }

  /** Resolves once everything accepted so far is stored and delivered (or the room broke). */
  settled(): Promise<void> {
    if (this.isSettled) return Promise.resolve();
    return new Promise((resolve) => this.settleWaiters.push(resolve));
  }

  /** The current document and version (the document is the room's own: do not mutate it). */
  snapshot(): { doc: PageDocument; version: number } {
    return { doc: this.doc, version: this.version };
  }

  /**
   * Adds a member and tells it the page: a `catch-up` with the patches after
   * `since` when the log still holds them all, else a full `sync`.
   */
  join(client: RoomClient, who: { userId: string; userName: string; color?: string }, since?: number): User {
    const user: User = { userId: who.userId, userName: who.userName, color: who.color ?? this.pickColor() };
    // One person in two tabs is one person: one entry in `users`, one user-join, one user-leave.
    const already = this.hasUser(user.userId);
    const users = [...this.people(), ...(already ? [] : [user])];
    this.members.set(client, { user, selection: null, syncedVersion: this.version });
    const now = this.options.clock.now();
    const missed = since === undefined ? null : this.entriesAfter(since);
    if (missed) {
      const ops = missed.map(({ patches, version, opId, senderId }) => ({ patches, version, opId, senderId }));
      client.send(frame('catch-up', SERVER_SENDER, { ops, version: this.version, users, you: user }, now));
    } else {
      client.send(frame('sync', SERVER_SENDER, { schema: this.doc, version: this.version, users, you: user }, now));
    }
    // What others have selected, so the joiner sees it without waiting for them to move.
    for (const member of this.members.values()) {
      if (member.user.userId !== user.userId && member.selection !== null) {
        client.send(frame('presence', member.user.userId, { userId: member.user.userId, selection: member.selection }, now));
      }
    }
    if (!already) this.broadcast(frame('user-join', SERVER_SENDER, user, now), client);
    return user;
  }

  leave(client: RoomClient): void {
    const member = this.members.get(client);
    if (!member) return;
    this.members.delete(client);
    if (this.hasUser(member.user.userId)) return;
    this.broadcast(frame('user-leave', SERVER_SENDER, { userId: member.user.userId }, this.options.clock.now()), client);
  }

  setPresence(client: RoomClient, selection: string[] | null): void {
    const member = this.members.get(client);
    if (!member) return;
    member.selection = selection;
    const { userId } = member.user;
    this.broadcast(frame('presence', userId, { userId, selection }, this.options.clock.now()), client);
  }

  /**
   * The one path by which a page changes. All version arithmetic is here:
   * a known opId is acknowledged again with its version (exactly once, and across
   * restarts: one older than the log in memory is looked up in the store); a base
   * version ahead of ours, or older than the log we keep, is refused; one behind
   * is transformed past every patch applied since. What is applied is logged and
   * fanned out in canonical form (add, remove, replace).
   */
  submit(client: RoomClient, request: SubmitRequest): void {
    const member = this.members.get(client);
    if (!member || this.broken || this.closing) return;
    // A look-up for this member's earlier patch is in flight: keep its order.
    const held = this.held.get(client);
    if (held) {
      held.push(request);
      return;
    }
    const { opId } = request;
    const parsed = parsePatch(request.patches);
    if (!parsed.ok) return this.reject(client, parsed.error, opId);

    const seen = this.opVersions.get(opId);
    if (seen !== undefined) return this.whenSaved({ run: () => this.ack(client, opId, seen) });
    if (request.version > this.version) {
      return this.reject(
        client,
        { code: ErrorCode.BadVersion, message: `base version ${request.version} is ahead of ${this.version}` },
        opId,
      );
    }
    const concurrent = this.entriesAfter(request.version);
    // Older than the log in memory: if it was applied, the store knows its opId.
    if (concurrent === null) return this.lookUp(client, request);
    const ops =
      concurrent.length === 0
        ? parsed.ops
        : transform(
            parsed.ops,
            concurrent.flatMap((e) => e.patches),
          );
    if (ops.length === 0) {
      // Nothing is left of it (say, an edit inside what someone else deleted): done, as of now.
      const version = this.version;
      this.rememberNoOp(opId, version);
      return this.whenSaved({ run: () => this.ack(client, opId, version) });
    }

    const result = applyDocumentPatch(this.doc, ops, { inPlace: true, record: true });
    if (!result.ok) return this.reject(client, result.error, opId);
    const entry = this.accept(result.doc, opId, member.user, result.applied ?? ops);
    this.whenSaved({ run: () => this.deliver(client, entry) }, entry);
  }

  /**
   * A change made by the server itself (a rename, a restore through the HTTP API),
   * on the same path as everyone's patches: `change` computes the operations from
   * the current document, they apply at the current version, are stored, and go
   * to everyone in the room as an ordinary `op-patch`. Resolves once stored and
   * sent; rejects with ChangeRejectedError or RoomClosedError.
   */
  change(author: Author, change: (doc: PageDocument) => Operation[], options: { snapshot?: boolean } = {}): Promise<ServerChange> {
    return new Promise((resolve, reject) => {
      if (this.broken || this.closing) return reject(new RoomClosedError(`page ${this.pageId} is closed`));
      const ops = change(this.doc);
      if (ops.length === 0) {
        const version = this.version;
        return this.whenSaved({ run: () => resolve({ version, opId: null, patches: [] }), fail: reject });
      }
      const result = applyDocumentPatch(this.doc, ops, { inPlace: true, record: true });
      if (!result.ok) return reject(new ChangeRejectedError(result.error));
      const entry = this.accept(result.doc, `server-${randomUUID()}`, author, result.applied ?? ops);
      if (options.snapshot) this.snapshotVersion = -Infinity;
      this.whenSaved(
        {
          run: () => {
            this.deliver(null, entry);
            resolve({ version: entry.version, opId: entry.opId, patches: entry.patches });
          },
          fail: reject,
        },
        entry,
      );
    });
  }

  /**
   * Stores a snapshot of the page as it is now, unless the latest one is already
   * at this version: for a room going idle, a server stopping, a restore about to
   * change everything. Waits for what is being stored first.
   */
  async checkpoint(): Promise<void> {
    await this.settled();
    if (this.broken || this.version <= this.snapshotVersion) return;
    const version = this.version;
    await this.options.storage.writeSnapshot(this.pageId, version, this.doc);
    this.snapshotVersion = Math.max(this.snapshotVersion, version);
  }

  /** Stops taking patches (they will be sent again after a reconnection) and waits for the accepted ones to be stored. */
  async drain(): Promise<void> {
    this.closing = true;
    await this.settled();
  }

  /** Disconnects everyone, for shutdown or when the page is gone. */
  close(code: number, reason: string): void {
    for (const client of [...this.members.keys()]) client.close(code, reason);
    this.members.clear();
  }

  private accept(doc: PageDocument, opId: string, author: Author, patches: Operation[]): LogEntry {
    this.doc = doc;
    this.version += 1;
    const entry: LogEntry = {
      version: this.version,
      opId,
      senderId: author.userId,
      userName: author.userName,
      patches,
      ts: this.options.clock.now(),
    };
    this.remember(entry);
    return entry;
  }

  /**
   * A patch whose base is older than the log in memory (a client back after a
   * long time, or after a restart): when its opId is in the store it was applied,
   * and is acknowledged with its version; otherwise it is too old to transform.
   * The member's later patches wait, so its order holds.
   */
  private lookUp(client: RoomClient, request: SubmitRequest): void {
    const { opId } = request;
    this.held.set(client, []);
    this.options.storage
      .findOp(this.pageId, opId)
      .catch((error: unknown) => {
        this.options.log.warn('opId look-up failed', { pageId: this.pageId, opId, error });
        return null;
      })
      .then((version) => {
        const later = this.held.get(client) ?? [];
        this.held.delete(client);
        if (!this.members.has(client)) return;
        if (version !== null) {
          this.rememberOpId(opId, version);
          this.whenSaved({ run: () => this.ack(client, opId, version) });
        } else {
          this.reject(
            client,
            { code: ErrorCode.BadVersion, message: `base version ${request.version} is older than the history kept` },
            opId,
          );
        }
        for (const next of later) this.submit(client, next);
      });
  }

  private deliver(author: RoomClient | null, entry: LogEntry): void {
    if (author && this.members.has(author)) this.ack(author, entry.opId, entry.version);
    const message: ServerPayload<'op-patch'> = { patches: entry.patches as Operation[], version: entry.version, opId: entry.opId };
    const text = frame('op-patch', entry.senderId, message, entry.ts);
    for (const [client, member] of this.members) {
      if (client !== author && member.syncedVersion < entry.version) client.send(text);
    }
    this.options.fanout.publish(this.pageId, text);
  }

  private ack(client: RoomClient, opId: string, version: number): void {
    client.send(frame('ack', SERVER_SENDER, { opId, version }, this.options.clock.now()));
  }

  private reject(client: RoomClient, error: ProtocolError, opId?: string): void {
    client.send(frame('error', SERVER_SENDER, { ...error, ...(opId === undefined ? {} : { opId }) }, this.options.clock.now()));
  }

  private broadcast(text: string, except: RoomClient): void {
    for (const client of this.members.keys()) if (client !== except) client.send(text);
  }

  /** The logged entries after `version`, or null when the log no longer reaches back that far. */
  private entriesAfter(version: number): LogEntry[] | null {
    if (version > this.version || version < 0) return null;
    const count = this.version - version;
    if (count > this.recent.length) return null;
    return this.recent.slice(this.recent.length - count);
  }

  private rememberNoOp(opId: string, version: number): void {
    this.rememberOpId(opId, version);
  }

  private remember(entry: LogEntry): void {
    this.recent.push(entry);
    this.rememberOpId(entry.opId, entry.version);
    if (this.recent.length > this.recentLogSize) this.recent.shift();
  }

  private rememberOpId(opId: string, version: number): void {
    this.opVersions.set(opId, version);
    if (this.opVersions.size > this.opIdRetention) this.opVersions.delete(this.opVersions.keys().next().value as string);
  }

  /**
   * Runs `delivery` once `entry` (and everything accepted before it) is stored:
   * nobody hears of a patch that a crash could still lose. Entries accepted while
   * a write is in flight are stored together in the next one (group commit).
   */
  private whenSaved(delivery: Delivery, entry?: LogEntry): void {
    if (entry) this.unsaved.push(entry);
    this.outbox.push(delivery);
    if (!this.flushing) void this.flush();
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    let deliveries: Delivery[] = [];
    try {
      while (this.outbox.length > 0) {
        const entries = this.unsaved.splice(0);
        deliveries = this.outbox.splice(0);
        const last = entries.at(-1);
        if (last) {
          // The document is at `last.version` right now (entries accepted later are not in it yet).
          const title = titleOf(this.doc);
          const snapshot = last.version - this.snapshotVersion >= this.snapshotEvery ? this.doc : undefined;
          await this.options.storage.append(this.pageId, entries, {
            ...(title !== this.title ? { title } : {}),
            ...(snapshot ? { snapshot } : {}),
          });
          this.title = title;
          if (snapshot) this.snapshotVersion = last.version;
        }
        for (const delivery of deliveries) delivery.run();
        deliveries = [];
      }
    } catch (error) {
      // The document in memory is now ahead of storage: stop serving it, so that
      // everyone reconnects to what was really stored and re-sends what was not.
      this.broken = true;
      const failed = [...deliveries, ...this.outbox];
      this.unsaved = [];
      this.outbox = [];
      this.options.log.error('storage write failed; closing room', { pageId: this.pageId, error });
      for (const delivery of failed) delivery.fail?.(error);
      this.close(1011, 'storage failure');
    } finally {
      this.flushing = false;
      for (const resolve of this.settleWaiters.splice(0)) resolve();
    }
  }

  /** A colour for a grant without one (tests of the room alone): the first one nobody here has. */
  private pickColor(): string {
    const used = new Set([...this.members.values()].map((m) => m.user.color));
    return PRESENCE_COLORS.find((c) => !used.has(c)) ?? (PRESENCE_COLORS[this.members.size % PRESENCE_COLORS.length] as string);
  }

  private hasUser(userId: string): boolean {
    for (const member of this.members.values()) if (member.user.userId === userId) return true;
    return false;
  }

  /** Everyone here, once each (the first tab's entry for a person in several). */
  private people(): User[] {
    const seen = new Map<string, User>();
    for (const member of this.members.values()) if (!seen.has(member.user.userId)) seen.set(member.user.userId, member.user);
    return [...seen.values()];
  }
}
