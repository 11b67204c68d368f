/** Command-line options of `pnpm bench:fanout`; `--smoke` is the CI subset. */
import { parseArgs } from 'node:util';

export interface Config {
  name: string;
  clients: number;
  rooms: number;
}

export interface Options {
  peers: string[];
  configs: Config[];
  steps: number[];
  durationMs: number;
  warmupMs: number;
  /** The warm-up of the first step on a server just started: its JIT compiles the hot path then. */
  warmupFirstMs: number;
  drainMs: number;
  past: number;
  p99BoundMs: number;
  closed: boolean;
  /** Ops each client keeps in flight in the closed loop. */
  window: number;
  typists: number;
  keysPerSecond: number;
  out: string;
  smoke: boolean;
  /** Whole runs; the table shows the median of each cell. */
  runs: number;
  /** Instead of running: the JSON files of earlier runs, to print and write their medians. */
  merge: string[];
  /** Instead of the steps: a quiet room beside a hot one (neighbours.ts). */
  neighbours: { quietRate: number; hotRates: number[]; clients: number } | null;
}

export const ALL_PEERS = ['relay', 'hocuspocus', 'sharedb', 'tandem'];
/** Run only when asked for: Tandem on PostgreSQL (needs TEST_DATABASE_URL). */
export const OPTIONAL_PEERS = ['tandem-pg'];

export const USAGE = `pnpm bench:fanout [options]
  --peers relay,hocuspocus,sharedb,tandem   which peers (default: these; add tandem-pg for PostgreSQL)
  --configs 20x1,50x1,20x10                 clients per room x rooms (default: all three)
  --steps 500,1000,2000,4000,8000           open-loop rates in ops/s across all rooms
  --duration 5                              seconds measured per step (after --warmup 1)
  --warmup-first 5                          seconds of warm-up for the first step on a freshly started server
  --drain 2                                 seconds to wait for late acks and deliveries
  --past 1                                  steps to run past the first saturated one
  --p99-bound 500                           ms; a step whose p99 is above is saturated
  --no-closed                               skip the closed-loop maximum
  --window 1                                ops in flight per client in the closed loop
  --typists 20 --keys 20                    real-client run (0 typists to skip)
  --out bench/fanout/results/latest.json    where the JSON goes
  --runs 1                                  whole runs; the table shows medians
  --merge a.json,b.json,c.json              print and write the medians of earlier runs instead
  --neighbours [--quiet 200] [--hot 8000,32000]
                                            instead: a quiet room (20 clients at --quiet ops/s) beside a hot one, idle then at each --hot rate
  --smoke                                   ~20 s subset for CI: everything starts, measures, stops
  --cluster                                 instead: 1 process vs node:cluster workers (--cluster --help)`;

function list(value: string | undefined, fallback: string): string[] {
  return (value ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function seconds(value: string | undefined, fallback: number, name: string): number {
  const s = value === undefined ? fallback : Number(value);
  if (!Number.isFinite(s) || s < 0 || s > 600) throw new Error(`--${name} must be between 0 and 600 seconds`);
  return Math.round(s * 1000);
}

function rates(texts: string[], name: string): number[] {
  const out = texts.map(Number);
  for (const rate of out) if (!Number.isInteger(rate) || rate < 1 || rate > 100_000) throw new Error(`--${name}: rates are 1–100000 ops/s`);
  return out;
}

export function parseOptions(argv: string[], defaultOut: string): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      peers: { type: 'string' },
      configs: { type: 'string' },
      steps: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      'warmup-first': { type: 'string' },
      drain: { type: 'string' },
      past: { type: 'string' },
      'p99-bound': { type: 'string' },
      'no-closed': { type: 'boolean' },
      window: { type: 'string' },
      typists: { type: 'string' },
      keys: { type: 'string' },
      out: { type: 'string' },
      smoke: { type: 'boolean' },
      runs: { type: 'string' },
      merge: { type: 'string' },
      neighbours: { type: 'boolean' },
      quiet: { type: 'string' },
      hot: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const smoke = values.smoke ?? false;
  const peers = list(values.peers, ALL_PEERS.join(','));
  for (const peer of peers)
    if (![...ALL_PEERS, ...OPTIONAL_PEERS].includes(peer))
      throw new Error(`unknown peer "${peer}" (${[...ALL_PEERS, ...OPTIONAL_PEERS].join(', ')})`);
  const configs = list(values.configs, smoke ? '4x1' : '20x1,50x1,20x10').map((text): Config => {
    const match = /^(\d+)x(\d+)$/.exec(text);
    const clients = Number(match?.[1]);
    const rooms = Number(match?.[2]);
    if (!match || clients < 2 || clients > 500 || rooms < 1 || rooms > 100)
      throw new Error(`--configs: "${text}" is not CLIENTSxROOMS (2–500 x 1–100)`);
    return { name: `${clients} clients x ${rooms} room${rooms > 1 ? 's' : ''}`, clients, rooms };
  });
  const steps = rates(list(values.steps, smoke ? '200' : '500,1000,2000,4000,8000'), 'steps');
  const count = (value: string | undefined, fallback: number, max: number, name: string) => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`--${name} must be a whole number 0–${max}`);
    return n;
  };
  return {
    peers,
    configs,
    steps,
    durationMs: seconds(values.duration, smoke ? 1 : 5, 'duration'),
    warmupMs: seconds(values.warmup, smoke ? 0.3 : 1, 'warmup'),
    warmupFirstMs: seconds(values['warmup-first'], smoke ? 0.3 : 5, 'warmup-first'),
    drainMs: seconds(values.drain, smoke ? 1 : 2, 'drain'),
    past: count(values.past, smoke ? 0 : 1, 10, 'past'),
    p99BoundMs: count(values['p99-bound'], 500, 60_000, 'p99-bound'),
    closed: !(values['no-closed'] ?? false),
    window: Math.max(1, count(values.window, 1, 64, 'window')),
    typists: count(values.typists, smoke ? 4 : 20, 200, 'typists'),
    keysPerSecond: count(values.keys, 20, 200, 'keys'),
    out: values.out ?? defaultOut,
    smoke,
    runs: Math.max(1, count(values.runs, 1, 10, 'runs')),
    merge: list(values.merge, ''),
    neighbours: values.neighbours
      ? {
          quietRate: count(values.quiet, smoke ? 40 : 200, 100_000, 'quiet') || 1,
          hotRates: rates(list(values.hot, smoke ? '400' : '8000,32000'), 'hot'),
          clients: smoke ? 4 : 20,
        }
      : null,
  };
}
