/**
 * A Room is one page while anyone has it open: the document, the people in it
 * (room/membership.ts), the order of its patches (room/sequencer.ts), the
 * write-behind that stores them (room/commit-pipeline.ts), and the one path by
 * which a patch is checked, applied, stored, acknowledged and fanned out.
 * Everything here runs on the event loop in arrival order, so the room itself
 * is the page's sequencer. This file is the room's lifecycle and that path.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  applyDocumentPatch,
  ErrorCode,
  jsonSize,
  LIMITS,
  type Operation,
  type PageDocument,
  type PatchBudget,
  type PatchOrigin,
  type ProtocolError,
  parsePatch,
  SERVER_SENDER,
  type ServerPayload,
  transform,
  type User,
  withinDepth,
} from '@tandem/protocol';
import type { Clock } from './clock.ts';
import type { Fanout } from './fanout.ts';
import type { Logger } from './log.ts';
import { CommitPipeline } from './room/commit-pipeline.ts';
import { DocumentBudget } from './room/document-budget.ts';
import { frame, Membership, type RoomClient } from './room/membership.ts';
import { Sequencer } from './room/sequencer.ts';
import type { StoredLabel } from './storage/labels.ts';
import { titleOf } from './storage/rows.ts';
import type { LogEntry, PageStorage, StoredPage } from './storage/storage.ts';

export { frame, type RoomClient } from './room/membership.ts';

/** The budgets a room holds patches to (SPEC L3–L5); each defaults to `LIMITS`. */
export interface RoomLimits extends PatchBudget {
  /** Operations of a stale patch times the operations logged since its base (L5). */
  transformWork: number;
  /** Bytes of log entries kept in memory for transformation and `since` catch-up. */
  recentLogBytes: number;
}

export interface RoomOptions {
  storage: PageStorage;
  fanout: Fanout;
  clock: Clock;
  log: Logger;
  /** Accepted patches kept in memory for duplicate detection and transformation (default 1,000; see also `limits.recentLogBytes`). */
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
  /**
   * How long after a person who edited leaves their session ends: a version
   * labelled `session-end` is stored then, unless they came back meanwhile (a
   * reload, a network blip). Default 10 s.
   */
  sessionEndMs?: number;
  limits?: Partial<RoomLimits>;
}

export const DEFAULT_ROOM_LIMITS: RoomLimits = {
  patchBytes: LIMITS.patchBytes,
  documentBytes: LIMITS.documentBytes,
  components: LIMITS.components,
  transformWork: LIMITS.transformWork,
  recentLogBytes: 64 * 1024 * 1024,
};

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

export interface SubmitRequest {
  patches: unknown;
  version: number;
  opId: string;
}

export class Room {
  private doc: PageDocument;
  private readonly members: Membership;
  private readonly sequence: Sequencer;
  private readonly pipeline: CommitPipeline;
  private readonly limits: RoomLimits;
  private readonly budget: DocumentBudget;
  /** No longer taking patches: the page is being deleted or the server is stopping. */
  private closing = false;
  /** Members whose patch waits for a look-up in the store, with what they sent meanwhile, in order. */
  private readonly held = new Map<RoomClient, SubmitRequest[]>();
  private readonly snapshotEvery: number;
  private snapshotVersion: number;
  private title: string;
  /** Who edited the page since they joined (by userId): their leaving stores a `session-end` version. */
  private readonly editors = new Set<string>();

  private constructor(
    readonly pageId: string,
    stored: Pick<StoredPage, 'doc' | 'version' | 'log'> & Partial<Pick<StoredPage, 'snapshotVersion'>>,
    private readonly options: RoomOptions,
  ) {
    this.doc = stored.doc;
    this.limits = { ...DEFAULT_ROOM_LIMITS, ...options.limits };
    const recentLogSize = options.recentLogSize ?? 1000;
    this.sequence = new Sequencer(stored.version, stored.log, {
      recentLogSize,
      recentLogBytes: this.limits.recentLogBytes,
      opIdRetention: Math.max(options.opIdRetention ?? 10_000, recentLogSize),
    });
    this.members = new Membership(options.clock);
    this.snapshotEvery = Math.max(1, options.snapshotEvery ?? 100);
    this.snapshotVersion = stored.snapshotVersion ?? stored.version;
    this.title = titleOf(stored.doc);
    this.budget = new DocumentBudget(stored.doc, this.limits);
    this.pipeline = new CommitPipeline(pageId, options.storage, options.log, {
      prepare: (last) => {
        // The document is at `last.version` right now (entries accepted later are not in it yet).
        const title = titleOf(this.doc);
        const snapshot = last.version - this.snapshotVersion >= this.snapshotEvery ? this.doc : undefined;
        return { ...(title !== this.title ? { title } : {}), ...(snapshot ? { snapshot } : {}) };
      },
      committed: (last, stored) => {
        if (stored.title !== undefined) this.title = stored.title;
        if (stored.snapshot) this.snapshotVersion = last.version;
      },
      // The document in memory is now ahead of storage: stop serving it, so that
      // everyone reconnects to what was really stored and re-sends what was not.
      broke: () => this.close(1011, 'storage failure'),
    });
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
    return this.pipeline.isBroken;
  }

  /** True when nothing accepted is still waiting to be stored or delivered. */
  get isSettled(): boolean {
    return this.pipeline.isSettled;
  }

  /** Resolves once everything accepted so far is stored and delivered (or the room broke). */
  settled(): Promise<void> {
    return this.pipeline.settled();
  }

  /** The current document and version (the document is the room's own: do not mutate it). */
  snapshot(): { doc: PageDocument; version: number } {
    return { doc: this.doc, version: this.sequence.version };
  }

  /**
   * Adds a member and tells it the page: a `catch-up` with the patches after
   * `since` when the log still holds them all, else a full `sync`. The member
   * counts only once that frame is built, so a join that fails leaves no ghost.
   */
  join(client: RoomClient, who: { userId: string; userName: string; color?: string }, since?: number): User {
    const user = this.members.newUser(who);
    // A person already here in another tab is listed once.
    const users = this.members.hasUser(user.userId) ? this.members.users() : [...this.members.users(), user];
    const version = this.sequence.version;
    const now = this.options.clock.now();
    const missed = since === undefined ? null : this.sequence.entriesAfter(since);
    const first = missed
      ? frame(
          'catch-up',
          SERVER_SENDER,
          { ops: missed.map(({ patches, version, opId, senderId }) => ({ patches, version, opId, senderId })), version, users, you: user },
          now,
        )
      : frame('sync', SERVER_SENDER, { schema: this.doc, version, users, you: user }, now);
    client.send(first);
    // What others have selected, so the joiner sees it without waiting for them to move.
    for (const [, member] of this.members.entries()) {
      if (member.selection !== null && member.user.userId !== user.userId) {
        client.send(frame('presence', member.user.userId, { userId: member.user.userId, selection: member.selection }, now));
      }
    }
    this.members.add(client, { user, selection: null, syncedVersion: version });
    return user;
  }

  /**
   * Removes a member. When that was the person's last socket here and they edited
   * the page in this session, their session ends `sessionEndMs` later unless they
   * come back: the page then is stored as a version labelled `session-end` with
   * their name (SPEC H1).
   */
  leave(client: RoomClient): void {
    const user = this.members.get(client)?.user;
    this.members.remove(client);
    if (!user || this.members.hasUser(user.userId) || !this.editors.has(user.userId)) return;
    this.options.clock.setTimeout(() => this.endSession(user), this.options.sessionEndMs ?? 10_000);
  }

  /** A person who edited left `sessionEndMs` ago: unless they are back, the page as it is now ends their session (SPEC H1). */
  private endSession(user: User): void {
    if (this.members.hasUser(user.userId) || this.pipeline.isBroken || this.closing) return;
    if (!this.editors.delete(user.userId)) return;
    this.checkpoint()
      .then(() => this.label(this.snapshotVersion, { kind: 'session-end', userId: user.userId, userName: user.userName }))
      .catch((error: unknown) => this.options.log.warn('could not store a session-end version', { pageId: this.pageId, error }));
  }

  /**
   * Records what made the stored version `version` (SPEC H1). A label that cannot
   * be stored is reported and leaves the version unlabelled: it never fails the
   * change it describes.
   */
  async label(version: number, label: Omit<StoredLabel, 'ts'>): Promise<void> {
    try {
      await this.options.storage.labelVersion(this.pageId, version, { ...label, ts: this.options.clock.now() });
    } catch (error) {
      this.options.log.warn('could not label a version', { pageId: this.pageId, version, kind: label.kind, error });
    }
  }

  setPresence(client: RoomClient, selection: string[] | null): void {
    const member = this.members.get(client);
    if (!member) return;
    member.selection = selection;
    const { userId } = member.user;
    this.members.broadcast(frame('presence', userId, { userId, selection }, this.options.clock.now()), client);
  }

  /**
   * The one path by which a page changes. All version arithmetic is here:
   * a known opId is acknowledged again with its version (exactly once, and across
   * restarts: one older than the log in memory is looked up in the store), but
   * only to its author (or to the same patch re-sent after a reconnection); a base
   * version ahead of ours, or older than the log we keep, is refused; one behind
   * is transformed past every patch applied since, within the transform budget.
   * The patch's cost is judged before it applies (SPEC L3, L4). What is applied
   * is logged and fanned out in canonical form (add, remove, replace).
   */
  submit(client: RoomClient, request: SubmitRequest): void {
    const member = this.members.get(client);
    if (!member || this.pipeline.isBroken || this.closing) return;
    // A look-up for this member's earlier patch is in flight: keep its order.
    const held = this.held.get(client);
    if (held) {
      held.push(request);
      return;
    }
    const { opId } = request;
    // Bounded depth before parsePatch's recursive schema sees a value (SPEC L1).
    if (!withinDepth(request.patches, LIMITS.jsonDepth + 2)) {
      return this.reject(client, { code: ErrorCode.InvalidPatch, message: `a value nests deeper than ${LIMITS.jsonDepth} levels` }, opId);
    }
    // Too far behind to transform: refused before anything costs in proportion to the patch.
    const tooMuch = this.transformWork(request);
    if (tooMuch !== null) return this.reject(client, tooMuch, opId);
    const parsed = parsePatch(request.patches);
    if (!parsed.ok) return this.reject(client, parsed.error, opId);

    const digest = digestOf(parsed.ops);
    const seen = this.sequence.findOp(opId);
    if (seen !== undefined) {
      // Exactly once, for its author only: someone else's patch under a known opId must not make it vanish.
      if (seen.author === null || seen.author === member.user.userId || seen.digest === digest) {
        return this.pipeline.whenSaved({ run: () => this.ack(client, opId, seen.version) });
      }
      return this.reject(client, { code: ErrorCode.OpIdConflict, message: `opId ${opId} was already used by someone else` }, opId);
    }
    const current = this.sequence.version;
    if (request.version > current) {
      return this.reject(client, { code: ErrorCode.BadVersion, message: `base version ${request.version} is ahead of ${current}` }, opId);
    }
    const concurrent = this.sequence.entriesAfter(request.version);
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
      this.sequence.rememberOp(opId, { version: current, author: member.user.userId, digest });
      return this.pipeline.whenSaved({ run: () => this.ack(client, opId, current) });
    }
    const cost = this.budget.judge(this.doc, ops);
    if (!cost.ok) return this.reject(client, cost.error, opId);

    const result = applyDocumentPatch(this.doc, ops, { inPlace: true, record: true });
    if (!result.ok) return this.reject(client, result.error, opId);
    this.budget.grew(cost.cost);
    const entry = this.accept(result.doc, opId, member.user, result.applied ?? ops, cost.cost.bytes, digest);
    this.pipeline.whenSaved({ run: () => this.deliver(client, entry) }, entry);
  }

  /**
   * A change made by the server itself (a rename, a restore through the HTTP API),
   * on the same path as everyone's patches: `change` computes the operations from
   * the current document, they apply at the current version, are stored, and go
   * to everyone in the room as an ordinary `op-patch`. Resolves once stored and
   * sent; rejects with ChangeRejectedError or RoomClosedError.
   */
  change(
    author: Author,
    change: (doc: PageDocument) => Operation[],
    options: { snapshot?: boolean; origin?: PatchOrigin } = {},
  ): Promise<ServerChange> {
    return new Promise((resolve, reject) => {
      if (this.pipeline.isBroken || this.closing) return reject(new RoomClosedError(`page ${this.pageId} is closed`));
      const ops = change(this.doc);
      if (ops.length === 0) {
        const version = this.sequence.version;
        return this.pipeline.whenSaved({ run: () => resolve({ version, opId: null, patches: [] }), fail: reject });
      }
      const result = applyDocumentPatch(this.doc, ops, { inPlace: true, record: true });
      if (!result.ok) return reject(new ChangeRejectedError(result.error));
      const applied = result.applied ?? ops;
      const bytes = jsonSize(applied);
      // A server change (a restore) brings back what the page already held once: measured afterwards, not refused.
      this.budget.remeasure(this.doc);
      const entry = this.accept(result.doc, `server-${randomUUID()}`, author, applied, bytes, null);
      if (options.origin) entry.origin = options.origin;
      if (options.snapshot) this.snapshotVersion = -Infinity;
      this.pipeline.whenSaved(
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
    const version = this.sequence.version;
    if (this.pipeline.isBroken || version <= this.snapshotVersion) return;
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
    const clients = this.members.clients();
    this.members.clear();
    for (const client of clients) client.close(code, reason);
  }

  /**
   * SPEC L5: a new patch whose operations times the operations logged since its
   * base exceed the budget is `bad-version` (the client re-syncs). A known opId is
   * left to exactly-once, and a base outside the log to the look-up.
   */
  private transformWork(request: SubmitRequest): ProtocolError | null {
    if (!Array.isArray(request.patches) || this.sequence.findOp(request.opId) !== undefined) return null;
    const concurrent = this.sequence.entriesAfter(request.version);
    if (concurrent === null) return null;
    const work = request.patches.length * this.sequence.opsAfter(concurrent);
    if (work <= this.limits.transformWork) return null;
    return { code: ErrorCode.BadVersion, message: `too far behind to transform (${work} > ${this.limits.transformWork}); re-sync` };
  }

  private accept(doc: PageDocument, opId: string, author: Author, patches: Operation[], bytes: number, digest: string | null): LogEntry {
    this.doc = doc;
    const entry: LogEntry = {
      version: this.sequence.version + 1,
      opId,
      senderId: author.userId,
      userName: author.userName,
      patches,
      ts: this.options.clock.now(),
    };
    this.sequence.append(entry, bytes, author.userId, digest);
    // People's own patches only: a rename or a restore through the API ends no session.
    if (digest !== null) this.editors.add(author.userId);
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
          this.sequence.rememberOp(opId, { version, author: null, digest: null });
          this.pipeline.whenSaved({ run: () => this.ack(client, opId, version) });
        } else {
          this.reject(
            client,
            { code: ErrorCode.BadVersion, message: `base version ${request.version} is older than the history kept` },
            opId,
          );
        }
        for (const next of later) this.submit(client, next);
      })
      .catch((error: unknown) => this.options.log.error('a held patch failed', { pageId: this.pageId, opId, error }));
  }

  private deliver(author: RoomClient | null, entry: LogEntry): void {
    if (author && this.members.has(author)) this.ack(author, entry.opId, entry.version);
    const message: ServerPayload<'op-patch'> = {
      patches: entry.patches as Operation[],
      version: entry.version,
      opId: entry.opId,
      ...(entry.origin ? { origin: entry.origin } : {}),
    };
    const text = frame('op-patch', entry.senderId, message, entry.ts);
    for (const [client, member] of this.members.entries()) {
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
}

/** What identifies a patch as its author sent it: the same patch re-sent after a reconnection has the same digest. */
function digestOf(ops: readonly Operation[]): string {
  return createHash('sha256').update(JSON.stringify(ops)).digest('base64url');
}
