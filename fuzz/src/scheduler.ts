/**
 * Virtual time: events run in time order (ties in the order they were scheduled),
 * and time jumps from one to the next, so a simulated minute takes milliseconds.
 */
export class Scheduler {
  private time = 0;
  private seq = 0;
  private queue: { at: number; seq: number; run: () => void; cancelled: boolean }[] = [];

  now(): number {
    return this.time;
  }

  at(delay: number, run: () => void): { cancelled: boolean } {
    const event = { at: this.time + Math.max(0, delay), seq: this.seq++, run, cancelled: false };
    // Insert in order; queues stay short, so a linear scan from the end is cheap.
    let i = this.queue.length;
    while (i > 0 && this.compare(this.queue[i - 1] as typeof event, event) > 0) i--;
    this.queue.splice(i, 0, event);
    return event;
  }

  get pending(): number {
    return this.queue.filter((e) => !e.cancelled).length;
  }

  /** Runs the next event; false when there is none. */
  step(): boolean {
    let event = this.queue.shift();
    while (event?.cancelled) event = this.queue.shift();
    if (!event) return false;
    this.time = event.at;
    event.run();
    return true;
  }

  private compare(a: { at: number; seq: number }, b: { at: number; seq: number }): number {
    return a.at - b.at || a.seq - b.seq;
  }
}
