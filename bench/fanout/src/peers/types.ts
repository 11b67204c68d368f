import type { ServerProcess } from '../proc.ts';
import type { Recorder } from '../recorder.ts';

/** One simulated client: it owns component `b<author>` and replaces its value on `send`. */
export interface BenchClient {
  readonly author: number;
  send(stamp: string): void;
}

export interface Room {
  clients: BenchClient[];
  close(): Promise<void>;
}

/** A system under test: how to start its server and connect a room of clients to it. */
export interface Peer {
  readonly name: string;
  /** What it is, for the table and the JSON (versions, storage). */
  describe(): string;
  start(): Promise<ServerProcess>;
  openRoom(server: ServerProcess, room: string, authors: number[], recorder: Recorder): Promise<Room>;
  /**
   * Ops the server has applied in measured phases so far, when that differs
   * from the acknowledged ones (ShareDB's client composes queued ops into one).
   * A running count over the server's life: a step reads it before and after
   * its measured window. (Read only after, it counted every step before too on
   * the same server, and ShareDB looked saturated at its second step.)
   */
  appliedMeasured?(server: ServerProcess): Promise<number>;
}

/** Waits for `condition`, polling every 10 ms, at most `ms`. */
export async function waitFor(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const componentId = (author: number) => `b${author}`;
