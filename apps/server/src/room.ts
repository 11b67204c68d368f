/**
 * A Room is one page while anyone has it open: the document, the people in it
 * (room/membership.ts), the order of its patches (room/sequencer.ts), the
 * write-behind that stores them (room/commit-pipeline.ts), and the one path by
 * which a patch is checked, applied, stored, acknowledged and fanned out.
 * Everything here runs on the event loop in arrival order, so the room itself
 * is the page's sequencer. This file is the room's lifecycle and that path.
 */
import { randomUUID } from 'node:crypto';
import {
  applyDocumentPatch,
  applyPatch,
  CloseCode,
  ErrorCode,
  jsonSize,
  LIMITS,
  type Operation,
  type PageDocument,
  type PatchBudget,
  type PatchOrigin,
  type PresenceUpdate,
  type ProtocolError,
  parsePatch,
  SERVER_SENDER,
  type ServerPayload,
  transformPastPatches,
  type User,
  withinDepth,
} from '@tandem/protocol';
import type { Clock } from './clock.ts';
import type { Fanout } from './fanout.ts';
import type { Logger } from './log.ts';
import { Admission } from './room/admission.ts';
import { CommitPipeline, type Unstored } from './room/commit-pipeline.ts';
import { DocumentBudget } from './room/document-budget.ts';
import { frame, Membership, type RoomClient } from './room/membership.ts';
import { ANNOUNCE_MS, RemoteRoster } from './room/remote-roster.ts';
import { Sequencer } from './room/sequencer.ts';
import type { StoredLabel } from './storage/labels.ts';
import { titleOf } from './storage/rows.ts';
import type { LogEntry, PageStorage, SharedLog, StoredPage } from './storage/storage.ts';

export { frame, type RoomClient } from './room/membership.ts';

/** The budgets a room holds patches to (SPEC L3–L5); each defaults to `LIMITS`. */
export interface RoomLimits extends PatchBudget {
  /** Operations of a stale patch times the operations logged since its base (L5). */
  transformWork: number;
  /** Bytes of log entries kept in memory for transformation and `since` catch-up. */
  recentLogBytes: number;
  /** Patches accepted but not yet stored and acknowledged; more are `overloaded` (L9). */
  backlog: number;
  /** Bytes of them; at as many, a new patch is `overloaded` too (L9). */
  backlogBytes: number;
  /** Milliseconds the oldest of them may have waited; past it a new patch is `overloaded` too (L9). */
  queueMs: number;
  /** Patches logged in the last 30 s from which a base older than the log is `overloaded`, not `bad-version` (L9). */
  busyLog: number;
}

export interface RoomOptions {
  storage: PageStorage;
  fanout: Fanout;
  clock: Clock;
  log: Logger;
  /**
   * Accepted patches kept in memory for transformation and `since` catch-up
   * (default 10,000; see also `limits.recentLogBytes`). Past saturation a base
   * falls behind by the room's rate times the client's lag, and a base older than
   * the log is refused; the log's index (T17) makes a long one cost nothing per
   * patch, so it holds more than half a second even at 16,000 patches a second.
   * At most STORE_READ_LIMIT of them are read from the store at a time (a load, a
   * catch-up, a rebase).
   */
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
   * Set when other processes serve the page too (PostgreSQL and Redis): the
   * store's log, for patches they stored. Versions are then taken optimistically
   * (the store refuses a taken one; the room rebases and tries again), and their
   * patches reach this room through `fanout`, or from the store on a gap.
   */
  shared?: SharedLog;
  /**
   * How long after a person who edited leaves their session ends: a version
   * labelled `session-end` is stored then, unless they came back meanwhile (a
   * reload, a network blip). Default 10 s.
   */
  sessionEndMs?: number;
  /**
   * While patches stream in, how long a batch of them is held open before it is
   * stored, so that one commit and one frame per member carry several (see
   * CommitPipeline). Default 0: stored at once; the server's default is 4 ms
   * (`COMMIT_GATHER_MS`).
   */
  commitGatherMs?: number;
  /** While the stream is dense, a batch of fewer than `commitGatherPatches` stays open up to this long (default commitGatherMs). */
  commitGatherMaxMs?: number;
  commitGatherPatches?: number;
  /** Patches stored in one batch at most (default MAX_BATCH, 512; see CommitPipeline). */
  commitMaxBatch?: number;
  limits?: Partial<RoomLimits>;
}

/** Log entries a room keeps in memory by default (`recentLogSize`). */
const DEFAULT_RECENT_LOG = 10_000;
/** Log entries read from the store at a time: a page's load reads the newest this many. */
const STORE_READ_LIMIT = 1000;

/** How many log entries a room reads from the store at a time: never more than it keeps. */
function storeReadsFor(options: Pick<RoomOptions, 'recentLogSize'>): number {
  return Math.min(options.recentLogSize ?? DEFAULT_RECENT_LOG, STORE_READ_LIMIT);
}

export const DEFAULT_ROOM_LIMITS: RoomLimits = {
  patchBytes: LIMITS.patchBytes,
  documentBytes: LIMITS.documentBytes,
  components: LIMITS.components,
  transformWork: LIMITS.transformWork,
  recentLogBytes: 64 * 1024 * 1024,
  backlog: LIMITS.roomBacklog,
  backlogBytes: LIMITS.roomBacklogBytes,
  queueMs: LIMITS.roomQueueMs,
  busyLog: LIMITS.busyLog,
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
  private sequence: Sequencer;
  private readonly sequencerOptions: ConstructorParameters<typeof Sequencer>[2];
  private readonly pipeline: CommitPipeline;
  private readonly limits: RoomLimits;
  private budget: DocumentBudget;
  private readonly admission: Admission;
  /** No longer taking patches: the page is being deleted or the server is stopping. */
  private closing = false;
  /** Members whose patch waits for a look-up in the store, with what they sent meanwhile, in order. */
  private readonly held = new Map<RoomClient, SubmitRequest[]>();
  private readonly snapshotEvery: number;
  /** Log entries read from the store at a time (a catch-up, a rebase). */
  private readonly storeReads: number;
  private snapshotVersion: number;
  private title: string;
  /**
   * The page as stored: what joiners and readers are shown and what a checkpoint
   * stores. What is accepted but not yet stored may still fail to be (the room
   * then closes and everyone goes back to what was) or, with other processes, be
   * redone at other versions (a rebase): someone who joined in between must not
   * hold it. Its own copy, never sharing objects with `doc`; keeping it costs one
   * more application of each patch, once stored.
   */
  private committedDoc: PageDocument;
  private committedVersion: number;
  /**
   * Server changes that must have a snapshot at exactly their version (a restore,
   * whose history entry names it): taken of the stored copy when the entry is
   * stored, since patches accepted after it may share its batch.
   */
  private readonly exactSnapshots = new WeakMap<LogEntry, Promise<void> | null>();
  /** The version of the last snapshot asked for on its own (`storeSnapshot`), stored or not yet. */
  private snapshotAsked = Number.NEGATIVE_INFINITY;
  /** With other processes: their patches heard of (fan-out, the store) but not applied yet, by version. */
  private readonly remote = new Map<number, LogEntry>();
  /** The newest version the store is known to have. */
  private remoteHead = 0;
  private catchingUp = false;
  private integrateQueued = false;
  /** Rebuilding at the store's head after a conflict: what arrives meanwhile waits here, in order. */
  private rebasing: (() => void)[] | null = null;
  /** The page moved on too far to follow (its log compacted past us): the hub loads it again. */
  private stale = false;
  /** People on other processes. */
  private readonly remoteUsers = new RemoteRoster();
  private lastAnnounce = 0;
  private unsubscribe: () => void = () => {};
  /** Who edited the page since they joined (by userId): their leaving stores a `session-end` version. */
  private readonly editors = new Set<string>();
  /** Editors who left, whose session ends on their timer or when the room unloads, whichever is first. */
  private readonly leftEditors = new Map<string, User>();
  private unloaded = false;

  private constructor(
    readonly pageId: string,
    stored: Pick<StoredPage, 'doc' | 'version' | 'log'> & Partial<Pick<StoredPage, 'snapshotVersion'>>,
    private readonly options: RoomOptions,
  ) {
    this.doc = stored.doc;
    this.limits = { ...DEFAULT_ROOM_LIMITS, ...options.limits };
    const recentLogSize = options.recentLogSize ?? DEFAULT_RECENT_LOG;
    this.storeReads = storeReadsFor(options);
    this.sequencerOptions = {
      recentLogSize,
      recentLogBytes: this.limits.recentLogBytes,
      opIdRetention: Math.max(options.opIdRetention ?? 10_000, recentLogSize),
      authorsFromLog: options.shared !== undefined,
    };
    this.sequence = new Sequencer(stored.version, stored.log, this.sequencerOptions);
    this.remoteHead = stored.version;
    this.committedVersion = stored.version;
    this.committedDoc = structuredClone(stored.doc);
    this.members = new Membership(options.clock, options.shared ? (text) => options.fanout.publish(pageId, text) : undefined);
    this.snapshotEvery = Math.max(1, options.snapshotEvery ?? 100);
    this.snapshotVersion = stored.snapshotVersion ?? stored.version;
    this.title = titleOf(stored.doc);
    this.budget = new DocumentBudget(stored.doc, this.limits);
    this.admission = new Admission(options.clock, this.limits);
    this.pipeline = new CommitPipeline(pageId, options.storage, options.log, {
      prepare: (last) => {
        // The document is at `last.version` only when nothing was accepted after it. Past saturation a batch is
        // cut at `commitMaxBatch` with more waiting, all of it already applied here: the document (and its title)
        // is then ahead of the batch, and stored as the batch's snapshot it would hold patches that the log
        // after it holds again (a restart would apply them twice). A snapshot due then is taken in `committed`.
        if (last.version !== this.sequence.version) {
          // The stored copy's title (the previous batch's) at least is never ahead; the snapshot follows once stored.
          const title = titleOf(this.committedDoc);
          return title !== this.title ? { title } : {};
        }
        const title = titleOf(this.doc);
        const snapshot = last.version - this.snapshotVersion >= this.snapshotEvery ? this.doc : undefined;
        return { ...(title !== this.title ? { title } : {}), ...(snapshot ? { snapshot } : {}) };
      },
      committed: (last, stored, entries) => {
        for (const entry of entries) this.commit(entry);
        if (stored.title !== undefined) this.title = stored.title;
        if (stored.snapshot) this.snapshotVersion = last.version;
        // A room that stays saturated cuts every batch: its snapshots are taken of the stored copy, now at `last`.
        else if (last.version - Math.max(this.snapshotVersion, this.snapshotAsked) >= this.snapshotEvery && !this.isBroken) {
          this.snapshotAsked = last.version;
          void this.storeSnapshot(last.version);
        }
      },
      // The document in memory is now ahead of storage: stop serving it, so that
      // everyone reconnects to what was really stored and re-sends what was not.
      broke: () => this.close(1011, 'storage failure'),
      ...(options.shared ? { conflict: (unstored: Unstored) => this.rebase(unstored) } : {}),
    }, {
      gatherMs: options.commitGatherMs ?? 0,
      gatherMaxMs: options.commitGatherMaxMs ?? options.commitGatherMs ?? 0,
      gatherPatches: options.commitGatherPatches ?? 0,
      maxBatch: options.commitMaxBatch,
      // Viewers count too (the room does not know roles): a room with viewers waits out its windows, at most gatherMaxMs each.
      senders: () => this.members.size,
    });
    if (options.shared) {
      this.unsubscribe = options.fanout.subscribe(pageId, (text, origin) => this.onRemote(text, origin));
      options.fanout.publish(pageId, HELLO);
    }
  }

  /**
   * The room for a stored page, or null when the page does not exist. A page that
   * had to be rebuilt around bad data, or migrated from an older format, is
   * reported and gets a fresh snapshot at once.
   */
  static async load(pageId: string, options: RoomOptions): Promise<Room | null> {
    const { storage, log } = options;
    const stored = await storage.load(pageId, { logLimit: storeReadsFor(options) });
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
    return this.pipeline.isBroken || this.stale;
  }

  /** True when nothing accepted is still waiting to be stored or delivered. */
  get isSettled(): boolean {
    return this.pipeline.isSettled;
  }

  /** Resolves once everything accepted so far is stored and delivered (or the room broke). */
  settled(): Promise<void> {
    return this.pipeline.settled();
  }

  /** The document and version as stored (the document is the room's own: do not mutate it). */
  snapshot(): { doc: PageDocument; version: number } {
    return { doc: this.committedDoc, version: this.committedVersion };
  }

  /**
   * Adds a member and tells it the page: a `catch-up` with the patches after
   * `since` when the log still holds them all, else a full `sync`. The member
   * counts only once that frame is built, so a join that fails leaves no ghost.
   */
  join(client: RoomClient, who: { userId: string; userName: string; color?: string }, since?: number): User {
    const user = this.members.newUser(who);
    // A person already here in another tab is listed once; so is one here and on another process.
    const local = this.members.hasUser(user.userId) ? this.members.users() : [...this.members.users(), user];
    const users = [...local, ...this.remoteUsers.list().filter((u) => !local.some((l) => l.userId === u.userId))];
    // A joiner is shown the page as stored; what follows reaches it once stored (`syncedVersion`).
    const { doc, version } = this.snapshot();
    const now = this.options.clock.now();
    const missed = since === undefined || since > version ? null : this.sequence.entriesAfter(since)?.filter((e) => e.version <= version);
    const first = missed
      ? frame(
          'catch-up',
          SERVER_SENDER,
          { ops: missed.map(({ patches, version, opId, senderId }) => ({ patches, version, opId, senderId })), version, users, you: user },
          now,
        )
      : frame('sync', SERVER_SENDER, { schema: doc, version, users, you: user }, now);
    client.send(first);
    // What others have selected and look at, so the joiner sees it (and can follow them) without waiting for them to move.
    for (const [, member] of this.members.entries()) {
      if (member.user.userId === user.userId) continue;
      const { userId } = member.user;
      if (member.selection === null && member.view === null) continue;
      const payload: ServerPayload<'presence'> = { userId };
      if (member.selection !== null) payload.selection = member.selection;
      if (member.view !== null) payload.view = member.view;
      client.send(frame('presence', userId, payload, now));
    }
    this.members.add(client, { user, selection: null, view: null, syncedVersion: version, acceptedAtJoin: this.sequence.version });
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
    this.leftEditors.set(user.userId, user);
    this.options.clock.setTimeout(() => this.endSession(user), this.options.sessionEndMs ?? 10_000);
  }

  /** A person who edited left `sessionEndMs` ago: unless they are back, the page as it is now ends their session (SPEC H1). */
  private endSession(user: User): void {
    if (this.members.hasUser(user.userId) || this.isBroken || this.closing || this.unloaded) return;
    this.leftEditors.delete(user.userId);
    if (!this.editors.delete(user.userId)) return;
    this.checkpoint()
      .then((version) => (this.isBroken ? undefined : this.label(version, { kind: 'session-end', userId: user.userId, userName: user.userName })))
      .catch((error: unknown) => this.options.log.warn('could not store a session-end version', { pageId: this.pageId, error }));
  }

  /**
   * The hub drops the room (nobody has been here for ROOM_IDLE_MS): what it holds
   * becomes a snapshot, and the session of everyone who edited and left ends now
   * rather than when their timer would have fired, on a room that is gone by then
   * (someone back on the page meanwhile is in a new room, and keeps their session).
   */
  async unload(): Promise<void> {
    this.unloaded = true;
    this.dispose();
    const version = await this.checkpoint();
    if (this.isBroken) return;
    const ended = [...this.leftEditors.values()].filter((user) => this.editors.delete(user.userId));
    this.leftEditors.clear();
    for (const user of ended) await this.label(version, { kind: 'session-end', userId: user.userId, userName: user.userName });
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

  /**
   * Relays a presence update to the others, with only the fields it had (M7). The
   * selection and view are kept in memory for joiners; a pointer is only relayed:
   * none of it is ever stored.
   */
  setPresence(client: RoomClient, update: PresenceUpdate): void {
    const member = this.members.get(client);
    if (!member) return;
    if (update.selection !== undefined) member.selection = update.selection;
    if (update.view !== undefined) member.view = update.view;
    const { userId } = member.user;
    const payload: ServerPayload<'presence'> = { userId };
    if (update.selection !== undefined) payload.selection = update.selection;
    if (update.pointer !== undefined) payload.pointer = update.pointer;
    if (update.view !== undefined) payload.view = update.view;
    const text = frame('presence', userId, payload, this.options.clock.now());
    this.members.broadcast(text, client);
    if (this.options.shared) this.options.fanout.publish(this.pageId, text);
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
    if (!member || this.isBroken || this.closing) return;
    if (this.rebasing) return void this.rebasing.push(() => this.submit(client, request));
    // A look-up for this member's earlier patch is in flight: keep its order.
    const held = this.held.get(client);
    const { opId } = request;
    if (held) {
      // Bounded like the room's own queue, so one member cannot pile up patches behind a look-up.
      if (held.length >= this.limits.backlog) return this.reject(client, this.admission.refusalNow(), opId);
      held.push(request);
      return;
    }
    // L9: past the backlog a new patch is refused at once, before it costs anything; a known opId is still acknowledged (L8).
    // A base older than the log goes to the look-up first: its opId may be one the store knows and memory forgot,
    // and `overloaded` must mean "not applied" (a client re-bases a re-sent edit it refuses, T16.2).
    const overloaded = this.admission.check();
    if (overloaded !== null && this.sequence.findOp(opId) === undefined && this.sequence.holds(request.version)) {
      return this.reject(client, overloaded, opId);
    }
    // Bounded depth before parsePatch's recursive schema sees a value (SPEC L1).
    if (!withinDepth(request.patches, LIMITS.jsonDepth + 2)) {
      return this.reject(client, { code: ErrorCode.InvalidPatch, message: `a value nests deeper than ${LIMITS.jsonDepth} levels` }, opId);
    }
    const parsed = parsePatch(request.patches);
    if (!parsed.ok) return this.reject(client, parsed.error, opId);

    const digest = digestOf(parsed.ops);
    const seen = this.sequence.findOp(opId);
    if (seen !== undefined) {
      // Exactly once, for its author only: someone else's patch under a known opId must not make it vanish.
      if (seen.author === null || seen.author === member.user.userId || seen.digest === digest) {
        const logged = this.sequence.isLogged(opId);
        return this.pipeline.whenSaved({ run: () => this.ackAgain(client, opId, seen.version, logged), redo: () => this.submit(client, request) });
      }
      return this.reject(client, { code: ErrorCode.OpIdConflict, message: `opId ${opId} was already used by someone else` }, opId);
    }
    const current = this.sequence.version;
    if (request.version > current) {
      return this.reject(client, { code: ErrorCode.BadVersion, message: `base version ${request.version} is ahead of ${current}` }, opId);
    }
    // T17: only the logged patches that share a subtree with this one (the log's index finds them), one by one.
    const concurrent = this.sequence.relatedAfter(request.version, parsed.ops);
    // Older than the log in memory: if it was applied, the store knows its opId.
    if (concurrent === null) return this.lookUp(client, request);
    const tooMuch = this.transformWork(parsed.ops.length, concurrent);
    if (tooMuch !== null) return this.reject(client, tooMuch, opId);
    const ops =
      concurrent.length === 0
        ? parsed.ops
        : transformPastPatches(
            parsed.ops,
            concurrent.map((e) => e.patches),
          );
    if (ops.length === 0) {
      // Nothing is left of it (say, an edit inside what someone else deleted): done, as of now.
      this.sequence.rememberOp(opId, { version: current, author: member.user.userId, digest });
      return this.pipeline.whenSaved({ run: () => this.ack(client, opId, current), redo: () => this.submit(client, request) });
    }
    const cost = this.budget.judge(this.doc, ops);
    if (!cost.ok) return this.reject(client, cost.error, opId);

    const result = applyDocumentPatch(this.doc, ops, { inPlace: true, record: true });
    if (!result.ok) return this.reject(client, result.error, opId);
    this.budget.grew(cost.cost);
    const entry = this.accept(result.doc, opId, member.user, result.applied ?? ops, cost.cost.bytes, digest);
    this.admission.accepted(cost.cost.bytes);
    this.pipeline.whenSaved(
      {
        run: () => {
          this.admission.settled();
          this.deliver(client, entry);
        },
        // Another process stored this version first: the room rebuilt at the stored head and takes the request again.
        redo: () => {
          this.admission.settled();
          this.submit(client, request);
        },
      },
      entry,
      client,
    );
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
    return new Promise((resolve, reject) => this.applyChange(author, change, options, resolve, reject));
  }

  private applyChange(
    author: Author,
    change: (doc: PageDocument) => Operation[],
    options: { snapshot?: boolean; origin?: PatchOrigin },
    resolve: (change: ServerChange) => void,
    reject: (error: unknown) => void,
  ): void {
    {
      if (this.isBroken || this.closing) return reject(new RoomClosedError(`page ${this.pageId} is closed`));
      if (this.rebasing) return void this.rebasing.push(() => this.applyChange(author, change, options, resolve, reject));
      const redo = () => this.applyChange(author, change, options, resolve, reject);
      const ops = change(this.doc);
      if (ops.length === 0) {
        const version = this.sequence.version;
        return this.pipeline.whenSaved({ run: () => resolve({ version, opId: null, patches: [] }), fail: reject, redo });
      }
      const result = applyDocumentPatch(this.doc, ops, { inPlace: true, record: true });
      if (!result.ok) return reject(new ChangeRejectedError(result.error));
      const applied = result.applied ?? ops;
      const bytes = jsonSize(applied);
      // A server change (a restore) brings back what the page already held once: measured afterwards, not refused.
      this.budget.remeasure(this.doc);
      const entry = this.accept(result.doc, `server-${randomUUID()}`, author, applied, bytes, null);
      if (options.origin) entry.origin = options.origin;
      if (options.snapshot) this.exactSnapshots.set(entry, null);
      this.pipeline.whenSaved(
        {
          run: () => {
            this.deliver(null, entry);
            const done = { version: entry.version, opId: entry.opId, patches: entry.patches };
            const snapshot = this.exactSnapshots.get(entry);
            if (snapshot) void snapshot.then(() => resolve(done));
            else resolve(done);
          },
          fail: reject,
          redo,
        },
        entry,
      );
    }
  }

  /**
   * Stores a snapshot of the page as stored, unless the latest one is already at
   * this version: for a room going idle, a server stopping, a restore about to
   * change everything. Waits for what is being stored first, and resolves with
   * the version that has a snapshot now (what a label of "the page as it is"
   * names: patches stored meanwhile are past it). A room that broke or went stale
   * stores nothing: its copy may not be what the store holds.
   */
  async checkpoint(): Promise<number> {
    await this.settled();
    const version = this.committedVersion;
    // The latest snapshot is never past what is stored, so one at or after `version` is at it.
    if (this.isBroken || version <= this.snapshotVersion) return version;
    await this.options.storage.writeSnapshot(this.pageId, version, this.committedDoc);
    this.snapshotVersion = Math.max(this.snapshotVersion, version);
    return version;
  }

  /** Stops taking patches (they will be sent again after a reconnection) and waits for the accepted ones to be stored. */
  async drain(): Promise<void> {
    this.closing = true;
    await this.settled();
  }

  /** Disconnects everyone, for shutdown or when the page is gone. */
  close(code: number, reason: string): void {
    // The others forget who was here (a process killed outright cannot say so: see the server README).
    if (this.options.shared && this.members.size > 0) {
      const left = this.members.users().map((u) => u.userId);
      this.options.fanout.publish(this.pageId, frame('roster', SERVER_SENDER, { joined: [], left }, this.options.clock.now()));
    }
    this.dispose();
    const clients = this.members.clients();
    this.members.clear();
    for (const client of clients) client.close(code, reason);
  }

  /** Stops hearing from other processes (the hub dropped the room). */
  dispose(): void {
    this.unsubscribe();
    this.unsubscribe = () => {};
  }

  /**
   * The hub's poll (every CLUSTER_POLL_MS), with other processes: this room's
   * people are announced again now and then, and those of a process gone
   * silent (killed outright) are forgotten, with a `roster` to the members here.
   */
  tick(): void {
    const now = this.options.clock.now();
    if (this.members.size > 0 && now - this.lastAnnounce >= ANNOUNCE_MS) {
      this.lastAnnounce = now;
      this.options.fanout.publish(this.pageId, this.rosterFrame());
    }
    const gone = this.remoteUsers.expire(now).filter((id) => !this.members.hasUser(id));
    if (gone.length > 0) this.members.broadcast(frame('roster', SERVER_SENDER, { joined: [], left: gone }, now));
  }

  /** The store has the page at `version` (the hub's poll, while Redis is unhealthy and now and then besides). */
  storedHead(version: number): void {
    if (version <= this.remoteHead) return;
    this.remoteHead = version;
    this.integrate();
  }

  /**
   * A frame another process's room sent (fan-out): its stored patches are applied
   * here in version order (a gap is filled from the store); joins, leaves and
   * selections go to the members here as they are. Nothing from Redis is trusted
   * to be complete: the store is the truth, and what is missing is read from it.
   */
  private onRemote(text: string, origin: string): void {
    const now = this.options.clock.now();
    this.remoteUsers.heardFrom(origin, now);
    if (text === HELLO) {
      // A process just opened the page: it learns who is here.
      if (this.members.size > 0) this.options.fanout.publish(this.pageId, this.rosterFrame());
      return;
    }
    let message: { type?: unknown; senderId?: unknown; payload?: unknown; ts?: unknown };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const payload = message.payload as Record<string, unknown> | null;
    if (payload === null || typeof payload !== 'object') return;
    switch (message.type) {
      case 'op-patch': {
        const { version, opId, patches } = payload;
        if (typeof version !== 'number' || typeof opId !== 'string' || !Array.isArray(patches)) return;
        const entry: LogEntry = {
          version,
          opId,
          patches: patches as Operation[],
          senderId: String(message.senderId),
          ts: Number(message.ts),
        };
        // A restore made on another process says so here too (SPEC H2).
        if (payload.origin !== undefined) entry.origin = payload.origin as PatchOrigin;
        if (version > this.sequence.version) this.remote.set(version, entry);
        this.remoteHead = Math.max(this.remoteHead, version);
        return this.integrate();
      }
      case 'user-join':
      case 'roster': {
        // Only what is news here: a roster repeated as a keep-alive says nothing to the members.
        const joined = this.remoteUsers.joined(
          origin,
          message.type === 'roster' ? ((payload.joined ?? []) as User[]) : [payload as unknown as User],
        );
        const left = this.remoteUsers.left(message.type === 'roster' ? ((payload.left ?? []) as string[]) : []);
        const fresh = joined.filter((u) => !this.members.hasUser(u.userId));
        const gone = left.filter((id) => !this.members.hasUser(id));
        if (fresh.length > 0 || gone.length > 0) this.members.broadcast(frame('roster', SERVER_SENDER, { joined: fresh, left: gone }, now));
        return;
      }
      case 'user-leave': {
        const userId = String(payload.userId);
        if (this.remoteUsers.left([userId]).length > 0 && !this.members.hasUser(userId)) this.members.broadcast(text);
        return;
      }
      case 'presence':
        this.members.broadcast(text);
        return;
    }
  }

  private rosterFrame(): string {
    return frame('roster', SERVER_SENDER, { joined: this.members.users(), left: [] }, this.options.clock.now());
  }

  /**
   * Applies the other processes' patches that follow ours, in order, when
   * nothing of ours is being stored (else after: a conflict rebases instead);
   * reads the store when there is a gap.
   */
  private integrate(): void {
    if (this.closing || this.isBroken) return;
    if (!this.pipeline.isSettled || this.rebasing) {
      if (this.integrateQueued) return;
      this.integrateQueued = true;
      void this.pipeline.settled().then(() => {
        this.integrateQueued = false;
        this.integrate();
      });
      return;
    }
    for (let next = this.remote.get(this.sequence.version + 1); next; next = this.remote.get(this.sequence.version + 1)) {
      this.remote.delete(next.version);
      if (!this.applyRemote(next)) return;
    }
    for (const version of this.remote.keys()) if (version <= this.sequence.version) this.remote.delete(version);
    if (this.remoteHead > this.sequence.version) void this.catchUp();
  }

  /** One stored patch of another process: applied, logged, sent to the members here. */
  private applyRemote(entry: LogEntry): boolean {
    const cost = this.budget.judge(this.doc, entry.patches);
    // A copy: the document changes in place later, and the logged entry must not change with it.
    const result = applyDocumentPatch(this.doc, structuredClone(entry.patches), { inPlace: true });
    if (!result.ok) {
      // Stored by another process, so it applied there: this copy has drifted. Start again from the store.
      this.options.log.error('a stored patch does not apply here; reloading the page', { pageId: this.pageId, version: entry.version });
      this.goStale();
      return false;
    }
    this.doc = result.doc;
    if (cost.ok) this.budget.grew(cost.cost);
    else this.budget.remeasure(this.doc);
    this.sequence.append(entry, jsonSize(entry.patches), entry.senderId, null);
    this.commit(entry);
    this.sendToMembers(entry);
    return true;
  }

  /** A stored entry, into the stored copy of the page (its own copy of the values). */
  private commit(entry: LogEntry): void {
    if (entry.version <= this.committedVersion) return;
    this.committedVersion = entry.version;
    const result = applyPatch(this.committedDoc, structuredClone(entry.patches), { inPlace: true });
    if (result.ok) this.committedDoc = result.doc;
    else {
      // The copy no longer is what the store holds: serving it, or storing it as a snapshot, would spread that.
      this.options.log.error('a stored patch does not apply to the stored copy', { pageId: this.pageId, version: entry.version });
      this.goStale();
      return;
    }
    if (this.exactSnapshots.has(entry)) this.exactSnapshots.set(entry, this.storeSnapshot(entry.version));
  }

  /**
   * The stored copy, as the snapshot of `version` (which it is at right now: each
   * backend serializes it before this returns), in a transaction of its own. A
   * snapshot that cannot be stored costs only that version's place in the history.
   */
  private storeSnapshot(version: number): Promise<void> {
    return this.options.storage.writeSnapshot(this.pageId, version, this.committedDoc).then(
      () => {
        this.snapshotVersion = Math.max(this.snapshotVersion, version);
      },
      (error: unknown) => this.options.log.warn('could not store a snapshot', { pageId: this.pageId, version, error }),
    );
  }

  /** Reads the patches after ours from the store (a gap in the fan-out, or a poll that found the page ahead). */
  private async catchUp(): Promise<void> {
    const { shared } = this.options;
    if (!shared || this.catchingUp) return;
    this.catchingUp = true;
    const from = this.sequence.version;
    try {
      const entries = await shared.entriesAfter(this.pageId, from, this.storeReads);
      if (entries === null) return this.goStale();
      for (const entry of entries) if (entry.version > this.sequence.version) this.remote.set(entry.version, entry);
      // The store had less than we were told (a deleted page, say): do not ask again until told again.
      if (entries.length < this.storeReads) this.remoteHead = Math.min(this.remoteHead, entries.at(-1)?.version ?? from);
    } catch (error) {
      this.options.log.warn('catching up from the store failed; the next poll tries again', { pageId: this.pageId, error });
      this.remoteHead = this.sequence.version;
      return;
    } finally {
      this.catchingUp = false;
    }
    this.integrate();
  }

  /**
   * Another process stored these versions first. Nobody has heard of our
   * unstored patches, so they are done again, from their requests, on the page
   * as the store has it: the room takes the stored head (the other processes'
   * patches go to the members here), then every request is submitted again in
   * its order. False when the page cannot be read (the pipeline gives up).
   */
  private async rebase(unstored: Unstored): Promise<boolean> {
    const shared = this.options.shared as SharedLog;
    this.rebasing = [];
    const base = this.committedVersion;
    try {
      const entries = await shared.entriesAfter(this.pageId, base, this.storeReads);
      if (entries === null) {
        // The page is gone, or its log compacted past us: everyone here reconnects to a fresh room.
        this.goStale();
        this.releaseRebasing();
        return false;
      }
      this.sequence.truncate(base);
      for (const entry of entries) {
        this.sequence.append(entry, jsonSize(entry.patches), entry.senderId, null);
        this.commit(entry);
      }
      this.doc = structuredClone(this.committedDoc);
      this.budget = new DocumentBudget(this.doc, this.limits);
      this.title = titleOf(this.doc);
      this.remoteHead = Math.max(this.remoteHead, this.committedVersion);
      for (const entry of entries) this.sendToMembers(entry);
      this.options.log.debug('rebased after a conflict', {
        pageId: this.pageId,
        from: base,
        to: this.committedVersion,
        redo: unstored.deliveries.length,
      });
    } catch (error) {
      this.options.log.error('rebase failed', { pageId: this.pageId, error });
      this.releaseRebasing();
      return false;
    }
    const waiting = this.rebasing;
    this.rebasing = null;
    for (const delivery of unstored.deliveries) {
      if (delivery.redo) delivery.redo();
      else this.pipeline.whenSaved(delivery);
    }
    for (const next of waiting) next();
    return true;
  }

  /**
   * A rebase that gave up: what waited for it runs now, on a room that is broken
   * (the pipeline gives up) or stale, so a server change waiting there is refused
   * rather than left hanging, with its HTTP request.
   */
  private releaseRebasing(): void {
    const waiting = this.rebasing ?? [];
    this.rebasing = null;
    for (const next of waiting) next();
  }

  /** This copy cannot follow the store any more: everyone here reconnects (with `since`) to a room loaded afresh. */
  private goStale(): void {
    this.stale = true;
    this.close(CloseCode.GoingAway, 'page reloaded');
  }

  /** A stored patch to every member here that has not seen it. */
  private sendToMembers(entry: LogEntry): void {
    const text = frame('op-patch', entry.senderId, { patches: entry.patches, version: entry.version, opId: entry.opId }, entry.ts);
    for (const [client, member] of this.members.entries()) if (member.syncedVersion < entry.version) client.send(text);
  }

  /**
   * SPEC L5: a new patch whose operations times the operations it must be carried
   * past (those logged since its base in its subtrees, T17) exceed the budget is
   * `bad-version` (the client re-syncs). How far behind it is costs nothing by
   * itself: the log's index skips the rest.
   */
  private transformWork(ops: number, related: readonly LogEntry[]): ProtocolError | null {
    let logged = 0;
    for (const entry of related) logged += entry.patches.length;
    const work = ops * logged;
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
    const { shared, storage } = this.options;
    this.held.set(client, []);
    // With other processes, the stored sender is the author: someone else's opId is refused across processes too.
    const found: Promise<{ version: number; senderId: string | null } | null> = shared
      ? shared.findOpAuthor(this.pageId, opId)
      : storage.findOp(this.pageId, opId).then((version) => (version === null ? null : { version, senderId: null }));
    found
      .catch((error: unknown) => {
        this.options.log.warn('opId look-up failed', { pageId: this.pageId, opId, error });
        return null;
      })
      .then((stored) => {
        const later = this.held.get(client) ?? [];
        this.held.delete(client);
        const member = this.members.get(client);
        if (!member) return;
        if (stored !== null && stored.senderId !== null && stored.senderId !== member.user.userId) {
          this.reject(client, { code: ErrorCode.OpIdConflict, message: `opId ${opId} was already used by someone else` }, opId);
        } else if (stored !== null) {
          const { version } = stored;
          this.sequence.rememberOp(opId, { version, author: stored.senderId, digest: null });
          this.pipeline.whenSaved({ run: () => this.ack(client, opId, version) });
        } else {
          // In a busy room the client fell behind because the room outran it: a fresher base, not a re-sync (L9).
          this.reject(
            client,
            this.admission.outran({
              length: this.sequence.logLength,
              oldestTs: this.sequence.oldestTs,
              droppedTs: this.sequence.lastDroppedTs,
            }) ?? {
              code: ErrorCode.BadVersion,
              message: `base version ${request.version} is older than the history kept`,
            },
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

  /**
   * The ack of an opId already applied, sent again (its author back on a new
   * connection, say). Not when its entry was accepted before the member joined
   * and stored after: it reached the member as an `op-patch` (SPEC M9), which the
   * client took as the ack, and a second ack would be one it does not expect (it
   * re-syncs).
   */
  private ackAgain(client: RoomClient, opId: string, version: number, logged: boolean): void {
    const member = this.members.get(client);
    if (!member) return;
    const sentAsPatch = logged && version > member.syncedVersion && version <= (member.acceptedAtJoin ?? member.syncedVersion);
    if (!sentAsPatch) this.ack(client, opId, version);
  }

  private ack(client: RoomClient, opId: string, version: number): void {
    client.send(frame('ack', SERVER_SENDER, { opId, version }, this.options.clock.now()));
  }

  private reject(client: RoomClient, error: ProtocolError, opId?: string): void {
    client.send(frame('error', SERVER_SENDER, { ...error, ...(opId === undefined ? {} : { opId }) }, this.options.clock.now()));
  }
}

/** What a room that opens a page shared with other processes says to them, so that they tell it who is there. */
const HELLO = '{"type":"hello"}';

/**
 * What identifies a patch as its author sent it: the same patch re-sent after
 * a reconnection has the same digest. Two 32-bit multiplicative hashes of its
 * JSON, not a cryptographic one: the digest only decides whether a known opId
 * re-sent under another account is acknowledged (the same patch) or refused
 * (`op-id-conflict`), and either answer leaves everyone's edits as they are, so
 * a forged collision gains its sender nothing. sha256 here cost some 4 % of the
 * event loop at 500 patches a second.
 */
function digestOf(ops: readonly Operation[]): string {
  const text = JSON.stringify(ops);
  let a = 0x9e3779b9 ^ text.length;
  let b = 0x85ebca6b ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
  }
  a = Math.imul(a ^ (a >>> 15), 0x2c1b3c6d) ^ Math.imul(b ^ (b >>> 13), 0x297a2d39);
  b = Math.imul(b ^ (b >>> 16), 0x85ebca6b) ^ Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}
