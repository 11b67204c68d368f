/**
 * Admission control for one room (SPEC L9). Every patch the room accepts waits
 * for its batch to be stored before it is acknowledged and fanned out; while it
 * waits, everyone else's base falls behind by one more version. Past a bound
 * the room says `overloaded` (with a hint of when to try again) instead of
 * letting that queue, the latency and the cost of transforming stale patches
 * grow without end. It also tells whether the room is busy: its log in memory
 * filled within the last half minute, so that a base older than the log means
 * the room outran the client, not that the client was away.
 */
import { ErrorCode, type ProtocolError } from '@tandem/protocol';
import type { Clock } from '../clock.ts';

/** The hint never asks for less than this (a retry sooner would find the same queue) nor more than the upper bound. */
const MIN_RETRY_MS = 20;
const MAX_RETRY_MS = 2_000;
/** A log that holds `busyLog` patches all from this recent a time is a busy room's. */
export const BUSY_WINDOW_MS = 30_000;

export interface AdmissionLimits {
  /** Patches accepted but not yet stored and acknowledged, at most. */
  backlog: number;
  /** Bytes of them (as their patches measure, L3), at most: what bounds the memory they hold. */
  backlogBytes: number;
  /** How long, at most, the oldest of them may have waited before a new patch is refused. */
  queueMs: number;
  /** Patches logged within BUSY_WINDOW_MS from which the room counts as busy. */
  busyLog: number;
}

/** The drain rate is counted over windows this long (the current one and the one before). */
const WINDOW_MS = 100;

export class Admission {
  /** When each waiting patch was accepted and its bytes, oldest first, from `head` on; and their bytes in all. */
  private waiting: number[] = [];
  private sizes: number[] = [];
  private head = 0;
  private bytes = 0;
  /** Patches settled in the current window and the one before it. */
  private windowStart = 0;
  private settledNow = 0;
  private settledBefore = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limits: AdmissionLimits,
  ) {}

  /** Patches accepted but not yet acknowledged. */
  get backlog(): number {
    return this.waiting.length - this.head;
  }

  /**
   * The refusal for a new patch now, or null when the room can take it: when
   * the oldest waiting patch has waited `queueMs`, or `backlog` patches (or
   * `backlogBytes` of them) wait.
   * The wait is what tells a room that stores slower than patches come from
   * one that took a burst in one turn (a load generator, or a whole office,
   * back from a pause): a burst is stored in the next commit, and refusing it
   * by its length alone turned a hiccup into a wave of refusals and retries.
   * The count bounds memory whatever the clock says.
   */
  check(): ProtocolError | null {
    const backlog = this.backlog;
    if (backlog >= this.limits.backlog) {
      return this.refusal(`the room has ${backlog} patches waiting to be stored; send this one again later`);
    }
    if (this.bytes >= this.limits.backlogBytes) {
      return this.refusal(`the room has ${this.bytes} bytes of patches waiting to be stored; send this one again later`);
    }
    const oldest = this.waiting[this.head];
    if (oldest === undefined) return null;
    const waited = this.clock.now() - oldest;
    if (waited < this.limits.queueMs) return null;
    return this.refusal(`the room's oldest patch has waited ${Math.round(waited)} ms to be stored; send this one again later`);
  }

  /**
   * The refusal for a patch whose base the room's log no longer holds, when that
   * is the room's doing; null otherwise. It is when the log holds `busyLog` patches
   * all logged within the window, and also when the log let go of a patch logged
   * within the window (`droppedTs`, when the newest patch it dropped was logged): a
   * log kept shorter than `busyLog` (by count or by bytes) is full long before it
   * holds that many, and holds less than the window; a base outside it says nothing
   * about the client having been away.
   */
  outran(log: { length: number; oldestTs: number | undefined; droppedTs: number | undefined }): ProtocolError | null {
    const now = this.clock.now();
    const busy = log.length >= this.limits.busyLog && log.oldestTs !== undefined && now - log.oldestTs < BUSY_WINDOW_MS;
    const short = log.droppedTs !== undefined && now - log.droppedTs < BUSY_WINDOW_MS;
    if (!busy && !short) return null;
    return this.refusal('the room moved on faster than this patch could follow; send it again on the latest version');
  }

  /** The refusal whatever the backlog (a member's own queue behind a look-up is full). */
  refusalNow(): ProtocolError {
    return this.refusal('too many of your patches are waiting; send this one again later');
  }

  /** A patch of `bytes` was accepted: it waits until `settled`. */
  accepted(bytes: number): void {
    this.waiting.push(this.clock.now());
    this.sizes.push(bytes);
    this.bytes += bytes;
  }

  /** The oldest waiting patch is stored and acknowledged. */
  settled(): void {
    if (this.head >= this.waiting.length) return;
    this.roll();
    this.settledNow++;
    this.bytes -= this.sizes[this.head] ?? 0;
    this.head++;
    // Compacted now and then, so the arrays never hold more than twice the backlog.
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
  }

  /**
   * The hint: half of how long the room takes to store its backlog, at the rate
   * it has stored lately (or, while it has stored nothing lately, half of how
   * long its oldest patch has waited). A refused client then comes back while
   * the room still has work queued, so that the room does not go idle waiting
   * for it, yet after half of what was ahead of it has gone. A hint of the whole
   * drain time (and, earlier, of the backlog and every refusal besides) had
   * every refused client come back after the queue was empty: past saturation
   * the room then spent up to half its time idle, and acknowledged less than
   * it could. Nor is it longer than `queueMs`: a room that refuses once its
   * oldest patch has waited that long holds about what arrived in that time,
   * and stores it faster than its recent rate says (a batch grows with its
   * queue, and settles in lumps of up to 512): the rate over 200 ms of such
   * lumps said up to 2 s, and at 16,000 ops/s offered the room then sat 2.6 s
   * without a patch.
   */
  private refusal(message: string): ProtocolError {
    this.roll();
    const now = this.clock.now();
    const oldest = this.waiting[this.head];
    const waited = oldest === undefined ? 0 : now - oldest;
    const drained = Math.max(this.settledBefore, this.settledNow);
    const drainMs = drained === 0 ? waited : (this.backlog * WINDOW_MS) / drained;
    const most = Math.max(MIN_RETRY_MS, Math.min(MAX_RETRY_MS, this.limits.queueMs));
    const retryAfterMs = Math.round(Math.min(most, Math.max(MIN_RETRY_MS, drainMs / 2)));
    return { code: ErrorCode.Overloaded, message, retryAfterMs };
  }

  /** Starts a new counting window when the current one is over (a window with nothing in it counts as nothing). */
  private roll(): void {
    const now = this.clock.now();
    const since = now - this.windowStart;
    if (since < WINDOW_MS) return;
    const adjacent = since < 2 * WINDOW_MS;
    this.settledBefore = adjacent ? this.settledNow : 0;
    this.settledNow = 0;
    this.windowStart = now;
  }
}
