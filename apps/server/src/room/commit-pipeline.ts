/**
 * The room's write-behind: accepted entries are stored in order, those
 * accepted while a write is in flight together in the next one (group commit),
 * and what must be said about them (acks, fan-out) runs only once they are
 * stored, so nobody hears of a patch that a crash could still lose. When a
 * write fails the pipeline breaks for good and the room closes.
 *
 * While patches stream in (each accepted less than STREAMING × `gatherMs`
 * after the one before: fifty a second and more, by the server's default), a
 * batch is held open until `gatherMs` after its first entry, so that one
 * commit, one fsync and one frame per member carry several patches instead of
 * one each. A commit costs the server about as much as six patches do
 * (measured at 500 patches a second: some 0.6 ms of SQLite, fsync, thread
 * wake-ups and one frame per member, against 0.09 ms a patch), so while the
 * stream is dense enough that another patch is due before `gatherMaxMs`, a
 * batch that holds fewer than `gatherPatches` stays open past `gatherMs`, up
 * to `gatherMaxMs` or until the stream pauses (QUIET mean intervals without a
 * patch): at 500 patches a second that halves the commits (and the
 * server's work per patch falls by a third) for some 6 ms more latency, while
 * from 1,500 a second on the window fills within `gatherMs` and nothing
 * changes. A lone patch (someone editing by themselves) is stored at once, a
 * batch that waited behind a slower commit is not held any longer, and neither
 * is one that already holds a patch from every member who could send one
 * (`senders`): clients that wait for their ack before sending again
 * (@tandem/client) would otherwise wait out every window, and the room would
 * store no faster than one batch per window.
 *
 * A batch holds at most `maxBatch` entries: past saturation thousands wait,
 * and one commit of them all fanned out thousands of frames' worth in one
 * turn, stalling every other room on the event loop for that long, and
 * handing clients their acks in one burst, which came back as another.
 */
import type { Logger } from '../log.ts';
import { type AppendOptions, type LogEntry, type PageStorage, StorageConflictError } from '../storage/storage.ts';

export interface Delivery {
  run(): void;
  fail?(error: unknown): void;
  /** Does it over on a rebased page (the request again from the start); without it, the delivery is queued again as it is. */
  redo?(): void;
}

/** What was not stored when the store refused a batch: the entries and every delivery waiting, in order. */
export interface Unstored {
  entries: LogEntry[];
  deliveries: Delivery[];
}

export interface CommitHooks {
  /** What to store with a batch whose last entry is `last` (a title change, a snapshot). */
  prepare(last: LogEntry): AppendOptions;
  /** The batch and its options are stored. */
  committed(last: LogEntry, options: AppendOptions, entries: readonly LogEntry[]): void;
  /** Storing failed: the document in memory is ahead of storage. */
  broke(error: unknown): void;
  /**
   * Several processes share the store, and another one took these versions
   * first (StorageConflictError). The room rebuilds itself at the stored head
   * and hands each delivery back (`redo`, or `whenSaved` again); true to try
   * again, false to give up (the pipeline breaks). Absent: a conflict breaks it.
   */
  conflict?(unstored: Unstored): Promise<boolean>;
}

/** Patches accepted this many gather windows apart, or closer, are a stream (see above). */
const STREAMING = 5;
/** The weight of the newest interval in the running mean of the intervals between patches. */
const MEAN_WEIGHT = 1 / 8;
/** No patch for this many mean intervals: the stream has paused, and a batch held past `gatherMs` waits no longer. */
const QUIET = 3;
/** Entries stored in one batch at most, by default (see above). */
export const MAX_BATCH = 512;

/** A delivery, and how many entries must be stored (counted from the pipeline's start) before it runs. */
interface Waiting {
  delivery: Delivery;
  after: number;
}

export interface CommitPipelineOptions {
  /** Conflicts in a row before giving up (default 10); each retry waits a random 0–2^n × 5 ms (at most 200 ms). */
  conflictRetries?: number;
  /** How long a batch is held open for more while patches stream in (default 0: never). */
  gatherMs?: number;
  /** While the stream is dense, a batch with fewer than `gatherPatches` entries stays open up to this long (default gatherMs). */
  gatherMaxMs?: number;
  /** The entries a batch should carry before it closes, if the stream is dense enough to bring them by `gatherMaxMs` (default 0). */
  gatherPatches?: number;
  /** How many members could send a patch now; a batch with a patch from each of them is not held open. */
  senders?: () => number;
  /** Milliseconds, for the gather window (default performance.now). */
  now?: () => number;
  /** Entries in one batch at most (default MAX_BATCH). */
  maxBatch?: number;
}

export class CommitPipeline {
  private unsaved: LogEntry[] = [];
  private outbox: Waiting[] = [];
  /** Entries accepted and entries stored since the start: a delivery waits for `stored` to reach its `after`. */
  private accepted = 0;
  private stored = 0;
  private flushing = false;
  private failed = false;
  private settleWaiters: (() => void)[] = [];
  /** When the latest entry was accepted, and the first one still unsaved; and whether entries are streaming in. */
  private lastAcceptedAt = Number.NEGATIVE_INFINITY;
  private firstUnsavedAt = 0;
  private streaming = false;
  /** A running mean of the milliseconds between accepted entries. */
  private meanInterval = Number.POSITIVE_INFINITY;
  /** Who sent the unsaved entries (see `whenSaved`), and how to end the window early once that is everyone. */
  private unsavedFrom = new Set<unknown>();
  private endWindow: (() => void) | null = null;
  /** What ends the open window early, checked as each entry is accepted. */
  private windowDone: () => boolean = () => false;

  constructor(
    private readonly pageId: string,
    private readonly storage: PageStorage,
    private readonly log: Logger,
    private readonly hooks: CommitHooks,
    private readonly options: CommitPipelineOptions = {},
  ) {}

  get isBroken(): boolean {
    return this.failed;
  }

  /** True when nothing accepted is still waiting to be stored or delivered. */
  get isSettled(): boolean {
    return !this.flushing && this.outbox.length === 0;
  }

  /** Resolves once everything accepted so far is stored and delivered (or the pipeline broke). */
  settled(): Promise<void> {
    if (this.isSettled) return Promise.resolve();
    return new Promise((resolve) => this.settleWaiters.push(resolve));
  }

  /** Runs `delivery` once `entry` (and everything accepted before it) is stored; `from` is the member who sent it. */
  whenSaved(delivery: Delivery, entry?: LogEntry, from?: unknown): void {
    if (entry) this.accept(entry, from);
    this.outbox.push({ delivery, after: this.accepted });
    if (!this.flushing) void this.flush();
  }

  private accept(entry: LogEntry, from: unknown): void {
    const now = this.now();
    const gatherMs = this.options.gatherMs ?? 0;
    const interval = now - this.lastAcceptedAt;
    this.streaming = gatherMs > 0 && interval < STREAMING * gatherMs;
    // The first interval of a stream starts the mean; one that ends a stream (a pause) is not part of any.
    if (!this.streaming) this.meanInterval = Number.POSITIVE_INFINITY;
    else this.meanInterval = Number.isFinite(this.meanInterval) ? this.meanInterval + (interval - this.meanInterval) * MEAN_WEIGHT : interval;
    this.lastAcceptedAt = now;
    if (this.unsaved.length === 0) this.firstUnsavedAt = now;
    this.unsaved.push(entry);
    this.accepted++;
    if (from !== undefined) this.unsavedFrom.add(from);
    if (this.endWindow && this.windowDone()) this.endWindow();
  }

  /** The batch holds as many entries as a commit is worth (`gatherPatches`). */
  private full(): boolean {
    return this.unsaved.length >= (this.options.gatherPatches ?? 0);
  }

  /** Another entry is due before the longest window would end. */
  private dense(): boolean {
    const gatherMs = this.options.gatherMs ?? 0;
    return this.meanInterval < (this.options.gatherMaxMs ?? gatherMs) - gatherMs;
  }

  private everyoneSent(): boolean {
    const senders = this.options.senders?.();
    return senders !== undefined && this.unsavedFrom.size >= senders;
  }

  private now(): number {
    return this.options.now ? this.options.now() : performance.now();
  }

  /**
   * While entries stream in: until `gatherMs` after the first unsaved one was
   * accepted, and while the stream is dense, on (see `extend`). Undefined when
   * nothing is to be waited for.
   */
  private gather(): Promise<void> | undefined {
    if (!this.streaming || this.unsaved.length === 0 || this.everyoneSent()) return undefined;
    const gatherMs = this.options.gatherMs ?? 0;
    const window = this.hold(this.firstUnsavedAt + gatherMs - this.now(), () => this.everyoneSent());
    const longer = () => (this.dense() && !this.full() && !this.everyoneSent() ? this.extend() : undefined);
    return window ? window.then(longer) : longer();
  }

  /**
   * The window past `gatherMs`: until the batch is full, `gatherMaxMs` after
   * its first entry, or the stream pauses (QUIET mean intervals without an
   * entry), whichever comes first. A burst that ends with the batch not full
   * (a paste, the load generator's turn moving on to another room) is then
   * stored a few intervals after its last patch, not `gatherMaxMs` after its first.
   */
  private extend(): Promise<void> | undefined {
    const end = this.firstUnsavedAt + (this.options.gatherMaxMs ?? this.options.gatherMs ?? 0);
    // Entries accepted meanwhile move the pause on: the timer looks again when it fires, rather than being re-armed by each.
    const left = () => Math.min(end, this.lastAcceptedAt + QUIET * this.meanInterval) - this.now();
    return this.hold(left(), () => this.everyoneSent() || this.full(), left);
  }

  /**
   * Resolves after `wait` ms, or as soon as an accepted entry makes `done`
   * true; undefined if `wait` is (all but) over. With `again`, the timer asks
   * it when it fires, and waits that much more while it is a millisecond or more.
   */
  private hold(wait: number, done: () => boolean, again?: () => number): Promise<void> | undefined {
    // Under a millisecond is below what a timer can wait; a batch that waited behind a commit has waited enough.
    if (wait < 1) return undefined;
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout>;
      const arm = (ms: number) => {
        timer = setTimeout(() => {
          const more = again?.() ?? 0;
          if (more >= 1) arm(more);
          else this.endWindow?.();
        }, ms);
      };
      this.windowDone = done;
      this.endWindow = () => {
        clearTimeout(timer);
        this.endWindow = null;
        resolve();
      };
      arm(wait);
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    let deliveries: Delivery[] = [];
    let conflicts = 0;
    try {
      while (this.outbox.length > 0) {
        const gathering = this.gather();
        if (gathering) await gathering;
        const entries = this.unsaved.splice(0, this.options.maxBatch ?? MAX_BATCH);
        // What is left has waited long enough: the next batch takes it at once, with no window.
        this.unsavedFrom.clear();
        if (this.unsaved.length > 0) this.firstUnsavedAt = Number.NEGATIVE_INFINITY;
        const upTo = this.stored + entries.length;
        deliveries = this.takeDeliveries(upTo);
        const last = entries.at(-1);
        if (last) {
          const options = this.hooks.prepare(last);
          try {
            await this.storage.append(this.pageId, entries, options);
          } catch (error) {
            if (!(error instanceof StorageConflictError) || !this.hooks.conflict) throw error;
            if (++conflicts > (this.options.conflictRetries ?? 10)) throw error;
            // Jitter, so that processes racing for one hot page do not collide again in step.
            await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** conflicts)));
            // Nothing of it was stored, and nobody was told: it may be redone on top of the other process's patches.
            const unstored = { entries: [...entries, ...this.unsaved.splice(0)], deliveries: [...deliveries, ...this.takeDeliveries()] };
            this.unsavedFrom.clear();
            // Handed back, none of them counts: what the room redoes is accepted anew.
            this.accepted = this.stored;
            deliveries = unstored.deliveries;
            if (!(await this.hooks.conflict(unstored))) throw error;
            deliveries = [];
            continue;
          }
          conflicts = 0;
          this.stored = upTo;
          this.hooks.committed(last, options, entries);
        }
        for (const delivery of deliveries) this.run(delivery);
        deliveries = [];
      }
    } catch (error) {
      this.failed = true;
      const failed = [...deliveries, ...this.takeDeliveries()];
      this.unsaved = [];
      this.unsavedFrom.clear();
      this.log.error('storage write failed; closing room', { pageId: this.pageId, error });
      for (const delivery of failed) delivery.fail?.(error);
      this.hooks.broke(error);
    } finally {
      this.flushing = false;
      for (const resolve of this.settleWaiters.splice(0)) resolve();
    }
  }

  /** The deliveries waiting for no more than `upTo` entries to be stored (all of them by default), in order. */
  private takeDeliveries(upTo = Number.POSITIVE_INFINITY): Delivery[] {
    let n = 0;
    while (n < this.outbox.length && (this.outbox[n] as Waiting).after <= upTo) n++;
    return this.outbox.splice(0, n).map((w) => w.delivery);
  }

  /** One delivery; a throw in it (a bug) must not be mistaken for a storage failure. */
  private run(delivery: Delivery): void {
    try {
      delivery.run();
    } catch (error) {
      this.log.error('delivery failed', { pageId: this.pageId, error });
    }
  }
}
