/**
 * What the clients observe during one step: ops sent, acknowledged and
 * refused, deliveries to the other clients and their latency. Only ops stamped
 * in the measured phase count; acknowledgements are matched to their op in
 * send order (every peer answers a connection's ops in order).
 */
import { Histogram } from './histogram.ts';
import type { Phase, Stamp } from './stamp.ts';

export class Recorder {
  sent = 0;
  acks = 0;
  deliveries = 0;
  /** Refusals and failures by code, over the whole step (warm-up included). */
  errors = new Map<string, number>();
  latency = new Histogram();
  /** The same latencies room by room (index: the room), when there are several. */
  roomLatency: Histogram[] = [];
  private readonly roomOf = new Map<number, number>();
  private readonly inFlight = new Map<number, { phases: Phase[]; head: number }>();
  /** Called after every acknowledgement (the closed loop sends its next op from here). */
  onAck: ((author: number) => void) | null = null;

  reset(): void {
    this.sent = 0;
    this.acks = 0;
    this.deliveries = 0;
    this.errors = new Map();
    this.latency = new Histogram();
    this.roomLatency = this.roomLatency.map(() => new Histogram());
  }

  /** `author` is a member of room `room`. */
  joined(author: number, room: number): void {
    this.roomOf.set(author, room);
    while (this.roomLatency.length <= room) this.roomLatency.push(new Histogram());
  }

  sentOp(author: number, phase: Phase): void {
    const queue = this.inFlight.get(author) ?? { phases: [], head: 0 };
    this.inFlight.set(author, queue);
    queue.phases.push(phase);
    if (phase === 'm') this.sent++;
  }

  private settle(author: number): Phase | undefined {
    const queue = this.inFlight.get(author);
    if (!queue || queue.head >= queue.phases.length) return undefined;
    const phase = queue.phases[queue.head++];
    if (queue.head > 4096 && queue.head * 2 > queue.phases.length) {
      queue.phases = queue.phases.slice(queue.head);
      queue.head = 0;
    }
    return phase;
  }

  /**
   * One of `author`'s ops was acknowledged. A peer that may answer out of order
   * (Tandem: an op refused as `overloaded` and sent again is acknowledged after
   * later ones) says which phase the op was of; matching in send order would
   * count a late warm-up op's ack as a measured one, and the reverse.
   */
  acked(author: number, phase?: Phase): void {
    const inOrder = this.settle(author);
    if ((phase ?? inOrder) === 'm') this.acks++;
    this.onAck?.(author);
  }

  /** The peer refused one of `author`'s ops. */
  failed(author: number, code: string): void {
    this.settle(author);
    this.error(code);
    this.onAck?.(author);
  }

  error(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  delivered(stamp: Stamp, now: number): void {
    if (stamp.phase !== 'm') return;
    this.deliveries++;
    this.latency.add(now - stamp.t);
    const room = this.roomOf.get(stamp.author);
    if (room !== undefined) this.roomLatency[room]?.add(now - stamp.t);
  }
}
