/**
 * One measured step against a running peer: open-loop at a target rate (ops
 * are sent on schedule whatever comes back) or closed-loop (each client keeps
 * `window` ops in flight, sending the next when one is acknowledged). Each step
 * is a warm-up, a measured window, then a bounded drain for what is on its way.
 */

import type { BenchClient, Peer, Room } from './peers/types.ts';
import { peakRssMiB, processCpuMs, type ServerProcess, sleep } from './proc.ts';
import type { Recorder } from './recorder.ts';
import { makeStamp, type Phase } from './stamp.ts';

export interface StepOptions {
  /** Ops per second across all rooms; `null` for the closed loop. */
  rate: number | null;
  warmupMs: number;
  durationMs: number;
  drainMs: number;
  /** A step whose p99 latency exceeds this is saturated. */
  p99BoundMs: number;
  /** Closed loop: ops each client keeps in flight. */
  window: number;
}

export interface StepResult {
  mode: 'open' | 'closed';
  target: number | null;
  sentPerS: number;
  appliedPerS: number;
  acksPerS: number;
  deliveriesPerS: number;
  /** Deliveries after the drain over those expected: every op sent (ShareDB: applied) to every other member of its room. */
  delivered: number;
  acked: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  serverCpuMsPer1000: number | null;
  serverCpuPct: number | null;
  peakRssMiB: number | null;
  loadGenCpuPct: number;
  errors: Record<string, number>;
  /** With several rooms: the lowest and highest p99 of a room, and each room's. */
  roomP99Ms?: { min: number | null; max: number | null; rooms: (number | null)[] };
  saturated: boolean;
  reasons: string[];
}

export interface Session {
  peer: Peer;
  server: ServerProcess;
  rooms: Room[];
  clientsPerRoom: number;
  recorder: Recorder;
}

const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function runStep(session: Session, options: StepOptions): Promise<StepResult> {
  const { recorder, server } = session;
  // Round-robin over the rooms first: each room's ops are spread over the step, as independent rooms' are, rather
  // than one room taking a run of C ops in a row (which made a stall that landed on it look like that room's alone).
  const clients = interleave(session.rooms.map((room) => room.clients));
  const byAuthor = new Map(clients.map((client) => [client.author, client]));
  const seqs = new Map<number, number>();
  let phase: Phase = 'w';
  const sendOne = (client: BenchClient) => {
    const seq = seqs.get(client.author) ?? 0;
    seqs.set(client.author, seq + 1);
    recorder.sentOp(client.author, phase);
    client.send(makeStamp(performance.now(), client.author, seq, phase));
  };

  const cursor = { next: 0 };
  const openLoop = (rate: number, ms: number) => sendOnSchedule(clients, rate, ms, sendOne, cursor);

  let closedRunning = false;
  if (options.rate === null) {
    recorder.onAck = (author) => {
      const client = byAuthor.get(author);
      if (closedRunning && client) sendOne(client);
    };
    closedRunning = true;
    for (let i = 0; i < options.window; i++) for (const client of clients) sendOne(client);
    await sleep(options.warmupMs);
  } else {
    await openLoop(options.rate, options.warmupMs);
  }

  // The measured window. The server's count of measured ops runs on across steps: this step's is the difference.
  const appliedBefore = session.peer.appliedMeasured ? await session.peer.appliedMeasured(server) : 0;
  recorder.reset();
  phase = 'm';
  const cpu0 = server.cpuMs ? server.cpuMs() : processCpuMs(server.pid);
  const lg0 = process.cpuUsage();
  const t0 = performance.now();
  let planned = 0;
  if (options.rate === null) await sleep(options.durationMs);
  else {
    planned = Math.round((options.rate * options.durationMs) / 1000);
    await openLoop(options.rate, options.durationMs);
  }
  closedRunning = false;
  const window = (performance.now() - t0) / 1000;
  const lg = process.cpuUsage(lg0);
  const inWindow = { acks: recorder.acks, deliveries: recorder.deliveries };
  const sent = recorder.sent;

  // Drain: wait (bounded) for the acks and deliveries still on their way.
  const others = session.clientsPerRoom - 1;
  const drainEnd = performance.now() + options.drainMs;
  while (performance.now() < drainEnd && (recorder.acks < sent || recorder.deliveries < sent * others)) {
    if (session.peer.appliedMeasured && recorder.acks >= sent) break;
    await sleep(10);
  }
  let applied = recorder.acks;
  if (session.peer.appliedMeasured) {
    applied = (await session.peer.appliedMeasured(server)) - appliedBefore;
    while (performance.now() < drainEnd && recorder.deliveries < applied * others) await sleep(10);
  }
  recorder.onAck = null;
  const t1 = performance.now();
  const cpu1 = server.cpuMs ? server.cpuMs() : processCpuMs(server.pid);
  const serverCpu = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null;

  // Every op sent should reach every other member of its room; ShareDB's client
  // composes queued ops, so there only what its server applied can be delivered.
  const expected = (session.peer.appliedMeasured ? applied : sent) * others;
  const delivered = expected > 0 ? recorder.deliveries / expected : 0;
  const acked = sent > 0 ? recorder.acks / sent : 0;
  const p99 = recorder.latency.quantile(0.99);
  const loadGenCpu = (lg.user + lg.system) / 1000 / (window * 1000);
  const reasons: string[] = [];
  if (delivered < 0.95) reasons.push(`delivered ${round(delivered * 100)} %`);
  if (acked < 0.95) reasons.push(`acked ${round(acked * 100)} %`);
  // A client that composes what queues (ShareDB's) keeps up with any rate by sending less: the server fell behind all the same.
  if (session.peer.appliedMeasured && options.rate !== null && applied < sent * 0.95)
    reasons.push(`applied ${round((applied / Math.max(1, sent)) * 100)} % (the client composed the rest)`);
  if (p99 !== null && p99 > options.p99BoundMs) reasons.push(`p99 > ${options.p99BoundMs} ms`);
  if (loadGenCpu > 0.9) reasons.push('load generator CPU-bound');
  if (options.rate !== null && sent < planned * 0.95) reasons.push('load generator behind');
  const errorCount = [...recorder.errors.values()].reduce((a, b) => a + b, 0);
  if (errorCount > sent * 0.01) reasons.push('errors');
  if (sent === 0) reasons.push('nothing sent');

  return {
    mode: options.rate === null ? 'closed' : 'open',
    target: options.rate,
    sentPerS: round(sent / window),
    appliedPerS: round(applied / window),
    acksPerS: round(inWindow.acks / window),
    deliveriesPerS: round(inWindow.deliveries / window),
    delivered: round(delivered, 4),
    acked: round(acked, 4),
    p50Ms: nullableRound(recorder.latency.quantile(0.5)),
    p99Ms: nullableRound(p99),
    maxMs: nullableRound(recorder.latency.count ? recorder.latency.max : null),
    serverCpuMsPer1000: serverCpu !== null && applied > 0 ? round((serverCpu * 1000) / applied) : null,
    serverCpuPct: serverCpu !== null ? round((serverCpu / (t1 - t0)) * 100) : null,
    peakRssMiB: nullableRound(server.peakRssMiB ? server.peakRssMiB() : peakRssMiB(server.pid), 1),
    loadGenCpuPct: round(loadGenCpu * 100),
    errors: Object.fromEntries(recorder.errors),
    ...(recorder.roomLatency.length > 1 ? { roomP99Ms: roomSpread(recorder) } : {}),
    saturated: reasons.length > 0,
    reasons,
  };
}

/**
 * Sends `rate` ops/s for `ms`, round-robin over `clients` from `cursor.next` on;
 * gives up at 1.5x the time. Resolves with the ops sent.
 */
export async function sendOnSchedule(
  clients: readonly BenchClient[],
  rate: number,
  ms: number,
  send: (client: BenchClient) => void,
  cursor = { next: 0 },
): Promise<number> {
  const start = performance.now();
  const total = Math.round((rate * ms) / 1000);
  const maxBurst = Math.max(1, Math.ceil(rate / 50));
  let sent = 0;
  while (sent < total && performance.now() - start < ms * 1.5) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    for (let burst = 0; sent < due && burst < maxBurst; burst++, sent++) send(clients[cursor.next++ % clients.length] as BenchClient);
    await sleep(1);
  }
  return sent;
}

function roomSpread(recorder: Recorder): NonNullable<StepResult['roomP99Ms']> {
  const rooms = recorder.roomLatency.map((h) => nullableRound(h.quantile(0.99)));
  const known = rooms.filter((p): p is number => p !== null);
  return { min: known.length ? Math.min(...known) : null, max: known.length ? Math.max(...known) : null, rooms };
}

const nullableRound = (value: number | null, digits = 2) => (value === null ? null : round(value, digits));

/** The first client of each room, then the second of each, and so on. */
export function interleave<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (i < list.length) out.push(list[i] as T);
  return out;
}
