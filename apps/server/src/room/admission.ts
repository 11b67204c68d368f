/**
 * Admission control for one room (SPEC L9). Every patch the room accepts waits
 * for its batch to be stored before it is acknowledged and fanned out; while it
 * waits, everyone else's base falls behind by one more version. Past a bound
 * the room says `overloaded` (with a hint of when to try again) instead of
 * letting that queue, the latency and the cost of transforming stale patches
 * grow without end. It also tells whether the room is busy: applying patches
 * at a rate where a base older than its log means the room outran the client.
 */
import { ErrorCode, type ProtocolError } from '@tandem/protocol';
import type { Clock } from '../clock.ts';

/** The hint never asks for less than this (a retry sooner would find the same queue) nor more than the upper bound. */
const MIN_RETRY_MS = 20;
const MAX_RETRY_MS = 2_000;

export interface AdmissionLimits {
  /** Patches accepted but not yet stored and acknowledged, at most. */
  backlog: number;
  /** Patches per second from which the room counts as busy. */
  busyRate: number;
}

export class Admission {
  /** When each waiting patch was accepted, oldest first, from `head` on. */
  private waiting: number[] = [];
  private head = 0;
  /** Patches accepted in the current second and in the one before (a rate without a timer). */
  private second = 0;
  private thisSecond = 0;
  private lastSecond = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limits: AdmissionLimits,
  ) {}

  /** Patches accepted but not yet acknowledged. */
  get backlog(): number {
    return this.waiting.length - this.head;
  }

  /** The refusal for a new patch now, or null when the room can take it. */
  check(): ProtocolError | null {
    const backlog = this.backlog;
    if (backlog < this.limits.backlog) return null;
    return this.refusal(`the room has ${backlog} patches waiting to be stored; send this one again later`);
  }

  /** The refusal for a patch whose base the room no longer holds, when that is the room's doing; null otherwise. */
  outran(): ProtocolError | null {
    if (this.rate() < this.limits.busyRate) return null;
    return this.refusal('the room moved on faster than this patch could follow; send it again on the latest version');
  }

  /** The refusal whatever the backlog (a member's own queue behind a look-up is full). */
  refusalNow(): ProtocolError {
    return this.refusal('too many of your patches are waiting; send this one again later');
  }

  /** A patch was accepted: it waits until `settled`. */
  accepted(): void {
    const now = this.clock.now();
    this.waiting.push(now);
    this.tick(now);
    this.thisSecond++;
  }

  /** The oldest waiting patch is stored and acknowledged. */
  settled(): void {
    if (this.head >= this.waiting.length) return;
    this.head++;
    // Compacted now and then, so the array never holds more than twice the backlog.
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
  }

  /** Patches accepted per second: the fuller of the last complete second and the current one. */
  private rate(): number {
    this.tick(this.clock.now());
    return Math.max(this.lastSecond, this.thisSecond);
  }

  private tick(now: number): void {
    const second = Math.floor(now / 1000);
    if (second === this.second) return;
    this.lastSecond = second === this.second + 1 ? this.thisSecond : 0;
    this.thisSecond = 0;
    this.second = second;
  }

  /** How long the oldest waiting patch has waited is about how long the queue takes to drain. */
  private refusal(message: string): ProtocolError {
    const oldest = this.waiting[this.head];
    const waited = oldest === undefined ? 0 : this.clock.now() - oldest;
    const retryAfterMs = Math.round(Math.min(MAX_RETRY_MS, Math.max(MIN_RETRY_MS, waited)));
    return { code: ErrorCode.Overloaded, message, retryAfterMs };
  }
}
