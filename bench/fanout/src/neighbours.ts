/**
 * `pnpm bench:fanout --neighbours`: does one room's load slow another room
 * beyond what the core's share explains (issue 12)? One server, two rooms of
 * 20 clients: a quiet one at a rate people make (200 ops/s: twenty typing at
 * once), and a hot one, first idle, then at each `--hot` rate, up to well past
 * what a room sustains. Each phase on a fresh server (a hot room's backlog must
 * not spill into the next), with the first step's warm-up, a measured window
 * and a drain, each room with its own recorder: what the quiet room's people
 * see (latency, delivery, refusals) next to what the hot room got and the
 * server's CPU. Prints figures; asserts nothing about speed.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { median } from './median.ts';
import type { Options } from './options.ts';
import type { BenchClient, Peer, Room } from './peers/types.ts';
import { processCpuMs, type ServerProcess, sleep } from './proc.ts';
import { Recorder } from './recorder.ts';
import { makeStamp, type Phase } from './stamp.ts';
import { sendOnSchedule } from './step.ts';

export interface NeighbourRoom {
  target: number;
  sentPerS: number;
  acksPerS: number;
  /** Deliveries after the drain over those expected (every op sent, to every other member). */
  delivered: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  errors: number;
}

export interface NeighbourPhase {
  peer: string;
  /** The hot room's offered rate (0: idle). */
  hot: number;
  quiet: NeighbourRoom;
  hotRoom: NeighbourRoom;
  serverCpuPct: number | null;
  /**
   * The load generator's own share in the latencies: its CPU, and how late its
   * event loop ran (p99 and max) in the measured window. Every client is in it, so
   * a burst of the hot room's frames delays the quiet room's receipts here too.
   */
  loadGenCpuPct: number;
  loadGenLagP99Ms: number;
  loadGenLagMaxMs: number;
}

export interface NeighbourOptions {
  quietRate: number;
  hotRates: number[];
  clients: number;
}

const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;
const nullable = (value: number | null) => (value === null ? null : round(value, 2));

interface Side {
  room: Room;
  recorder: Recorder;
  rate: number;
}

function summary(side: Side, windowS: number, clients: number): NeighbourRoom {
  const { recorder } = side;
  const expected = recorder.sent * (clients - 1);
  return {
    target: side.rate,
    sentPerS: round(recorder.sent / windowS),
    acksPerS: round(recorder.acks / windowS),
    delivered: expected > 0 ? round(recorder.deliveries / expected, 4) : 0,
    p50Ms: nullable(recorder.latency.quantile(0.5)),
    p99Ms: nullable(recorder.latency.quantile(0.99)),
    maxMs: nullable(recorder.latency.count ? recorder.latency.max : null),
    errors: [...recorder.errors.values()].reduce((a, b) => a + b, 0),
  };
}

async function phase(peer: Peer, hot: number, neighbours: NeighbourOptions, options: Options): Promise<NeighbourPhase> {
  const server: ServerProcess = await peer.start();
  const sides: Side[] = [];
  try {
    for (const [index, rate] of [neighbours.quietRate, hot].entries()) {
      const recorder = new Recorder();
      const authors = Array.from({ length: neighbours.clients }, (_, i) => index * neighbours.clients + i);
      for (const author of authors) recorder.joined(author, 0);
      sides.push({ room: await peer.openRoom(server, `neighbours-${index ? 'hot' : 'quiet'}`, authors, recorder), recorder, rate });
    }
    let stage: Phase = 'w';
    const seqs = new Map<number, number>();
    const sender = (recorder: Recorder) => (client: BenchClient) => {
      const seq = seqs.get(client.author) ?? 0;
      seqs.set(client.author, seq + 1);
      recorder.sentOp(client.author, stage);
      client.send(makeStamp(performance.now(), client.author, seq, stage));
    };
    const both = (ms: number) =>
      Promise.all(
        sides.map((side) => (side.rate > 0 ? sendOnSchedule(side.room.clients, side.rate, ms, sender(side.recorder)) : sleep(ms))),
      );
    await both(Math.max(options.warmupMs, options.warmupFirstMs));
    for (const side of sides) side.recorder.reset();
    stage = 'm';
    const cpu0 = server.cpuMs ? server.cpuMs() : processCpuMs(server.pid);
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const lg0 = process.cpuUsage();
    const t0 = performance.now();
    await both(options.durationMs);
    const windowS = (performance.now() - t0) / 1000;
    lag.disable();
    const lg = process.cpuUsage(lg0);
    const others = neighbours.clients - 1;
    const drainEnd = performance.now() + options.drainMs;
    const pending = () => sides.some(({ recorder }) => recorder.acks < recorder.sent || recorder.deliveries < recorder.sent * others);
    while (performance.now() < drainEnd && pending()) await sleep(10);
    const cpu1 = server.cpuMs ? server.cpuMs() : processCpuMs(server.pid);
    const elapsed = performance.now() - t0;
    const [quiet, hotSide] = sides as [Side, Side];
    return {
      peer: peer.name,
      hot,
      quiet: summary(quiet, windowS, neighbours.clients),
      hotRoom: summary(hotSide, windowS, neighbours.clients),
      serverCpuPct: cpu0 !== null && cpu1 !== null ? round(((cpu1 - cpu0) / elapsed) * 100) : null,
      loadGenCpuPct: round(((lg.user + lg.system) / 1000 / (windowS * 1000)) * 100),
      // The histogram is in nanoseconds, and counts the 1 ms resolution itself as delay.
      loadGenLagP99Ms: round(Math.max(0, lag.percentile(99) / 1e6 - 1), 1),
      loadGenLagMaxMs: round(Math.max(0, lag.max / 1e6 - 1), 1),
    };
  } finally {
    for (const side of sides) await side.room.close();
    await server.stop();
  }
}

/** Every phase of every peer, once; failures are reported and the rest goes on. */
export async function runNeighbours(
  peers: Peer[],
  neighbours: NeighbourOptions,
  options: Options,
  failures: string[],
): Promise<NeighbourPhase[]> {
  const phases: NeighbourPhase[] = [];
  for (const peer of peers) {
    for (const hot of [0, ...neighbours.hotRates]) {
      try {
        const result = await phase(peer, hot, neighbours, options);
        console.log(`  ${formatPhase(result)}`);
        // With the hot room idle the quiet room must get through; beside a hot one, nothing getting through is a result.
        if (hot === 0 && result.quiet.delivered === 0) failures.push(`${peer.name} (neighbours): no op of the quiet room was delivered`);
        phases.push(result);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        console.log(`  ${peer.name} neighbours @${hot}: FAILED: ${message}`);
        failures.push(`${peer.name} (neighbours, hot ${hot}): ${message.split('\n')[0]}`);
      }
    }
  }
  return phases;
}

/** Each figure the median of the runs' (phases matched by peer and hot rate). */
export function medianPhases(runs: NeighbourPhase[][]): NeighbourPhase[] {
  const first = runs.find((run) => run.length > 0) ?? [];
  const pick = (values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length ? median(known) : null;
  };
  const room = (rooms: NeighbourRoom[]): NeighbourRoom => {
    const out = { ...(rooms[0] as NeighbourRoom) };
    for (const key of Object.keys(out) as (keyof NeighbourRoom)[]) out[key] = pick(rooms.map((r) => r[key])) as never;
    return out;
  };
  return first.map((template) => {
    const same = runs.flatMap((run) => run.filter((p) => p.peer === template.peer && p.hot === template.hot));
    return {
      peer: template.peer,
      hot: template.hot,
      quiet: room(same.map((p) => p.quiet)),
      hotRoom: room(same.map((p) => p.hotRoom)),
      serverCpuPct: pick(same.map((p) => p.serverCpuPct)),
      loadGenCpuPct: pick(same.map((p) => p.loadGenCpuPct)) ?? 0,
      loadGenLagP99Ms: pick(same.map((p) => p.loadGenLagP99Ms)) ?? 0,
      loadGenLagMaxMs: pick(same.map((p) => p.loadGenLagMaxMs)) ?? 0,
    };
  });
}

const n = (value: number | null) => (value === null ? '–' : Math.round(value).toLocaleString('en-US'));
const ms = (value: number | null) =>
  value === null ? '–' : value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value >= 10 ? Math.round(value) : value.toFixed(1)} ms`;
const pct = (value: number) => `${round(value * 100)} %`;

export function formatPhase(p: NeighbourPhase): string {
  const hot = p.hot ? `hot ${n(p.hot)}: ${n(p.hotRoom.acksPerS)} acks/s, ${pct(p.hotRoom.delivered)} delivered` : 'hot idle';
  return (
    `${p.peer.padEnd(10)} ${hot.padEnd(40)} quiet: p50 ${ms(p.quiet.p50Ms)} p99 ${ms(p.quiet.p99Ms)} max ${ms(p.quiet.maxMs)}, ` +
    `${pct(p.quiet.delivered)} delivered, ${p.quiet.errors} refused; server CPU ${n(p.serverCpuPct)} %; ` +
    `load generator CPU ${n(p.loadGenCpuPct)} %, its event loop late by ${ms(p.loadGenLagP99Ms)} (p99), ${ms(p.loadGenLagMaxMs)} (max)`
  );
}

export function formatNeighbours(phases: NeighbourPhase[], neighbours: NeighbourOptions): string {
  const head = [
    'peer',
    'hot room offered',
    'hot room acks/s',
    'hot delivered',
    'quiet p50',
    'quiet p99',
    'quiet max',
    'quiet delivered',
    'quiet refused',
    'server CPU',
    'LG CPU',
    'LG loop late p99 / max',
  ];
  const rows = phases.map((p) => [
    p.peer,
    p.hot ? n(p.hot) : 'idle',
    p.hot ? n(p.hotRoom.acksPerS) : '–',
    p.hot ? pct(p.hotRoom.delivered) : '–',
    ms(p.quiet.p50Ms),
    ms(p.quiet.p99Ms),
    ms(p.quiet.maxMs),
    pct(p.quiet.delivered),
    n(p.quiet.errors),
    `${n(p.serverCpuPct)} %`,
    `${n(p.loadGenCpuPct)} %`,
    `${ms(p.loadGenLagP99Ms)} / ${ms(p.loadGenLagMaxMs)}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [
    `### Neighbours: a quiet room (${neighbours.clients} clients, ${n(neighbours.quietRate)} ops/s) beside a hot one (${neighbours.clients} clients)`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}
