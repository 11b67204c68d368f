/**
 * The pace of one person's presence (SPEC L6, M7): at most one message every
 * `intervalMs`, whatever the pointer does. The first change after a quiet spell
 * goes at once; changes made meanwhile are merged, field by field (the latest of
 * each wins), into the one message sent when the interval is up. Pure apart from
 * the timers it is given.
 */
import type { PresenceUpdate } from '@tandem/protocol';
import type { Timers } from './timers.ts';

export class PresenceThrottle {
  private pending: PresenceUpdate | null = null;
  private lastSent = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;

  constructor(
    private readonly intervalMs: number,
    private readonly timers: Timers,
    /** Sends one message. */
    private readonly send: (update: PresenceUpdate) => void,
  ) {}

  /** Queues a change of some fields; sends now or at the end of the interval. */
  update(change: PresenceUpdate): void {
    this.pending = { ...this.pending, ...change };
    if (this.timer !== null) return;
    const wait = this.lastSent + this.intervalMs - this.timers.now();
    if (wait <= 0) this.flush();
    else this.timer = this.timers.setTimeout(() => this.flush(), wait);
  }

  /** Forgets what is queued (the connection was lost; the full state goes again after the next join). */
  cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  private flush(): void {
    this.timer = null;
    const update = this.pending;
    this.pending = null;
    if (update === null) return;
    this.lastSent = this.timers.now();
    this.send(update);
  }
}
