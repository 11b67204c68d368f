/** Command-line options of `pnpm bench:fanout --cluster`; `--smoke` is the CI subset. */
import { parseArgs } from 'node:util';

export interface ClusterOptions {
  /** Worker counts to compare (1: `pnpm start`, one process). */
  workers: number[];
  rooms: number;
  roomClients: number;
  /** Open-loop rates of the many-rooms workload, in ops/s across all rooms. */
  steps: number[];
  past: number;
  hotClients: number;
  /** Open-loop rates of the hot room, every one of them run. */
  hotRates: number[];
  durationMs: number;
  warmupMs: number;
  drainMs: number;
  p99BoundMs: number;
  closed: boolean;
  runs: number;
  out: string;
  smoke: boolean;
}

export const CLUSTER_USAGE = `pnpm bench:fanout --cluster [options]
  --workers 1,2                        variants: 1 is pnpm start, N is WORKERS=N pnpm start:cluster (--smoke: 2)
  --rooms 20 --room-clients 10         the many-rooms workload (0 rooms: skip it, as --smoke does)
  --steps 50,100,200,400,800,1600      its open-loop rates (ops/s over all rooms), up to saturation
  --past 1                             steps past the first saturated one
  --hot-clients 20                     the hot room's clients
  --hot-rates 25,50,100                its open-loop rates, each run
  --duration 5 --warmup 1 --drain 2    seconds per step
  --p99-bound 500                      ms; a step whose p99 is above is saturated
  --no-closed                          skip the closed-loop maxima
  --runs 1                             whole runs; the table shows medians
  --out bench/fanout/results/cluster-latest.json
  --smoke                              ~30 s subset for CI: the hot room on 2 workers, one short step`;

const list = (value: string | undefined, fallback: string) =>
  (value ?? fallback)
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isFinite(n));

export function parseClusterOptions(argv: string[], defaultOut: string): ClusterOptions {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--cluster'),
    options: {
      workers: { type: 'string' },
      rooms: { type: 'string' },
      'room-clients': { type: 'string' },
      steps: { type: 'string' },
      past: { type: 'string' },
      'hot-clients': { type: 'string' },
      'hot-rates': { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      drain: { type: 'string' },
      'p99-bound': { type: 'string' },
      'no-closed': { type: 'boolean' },
      runs: { type: 'string' },
      out: { type: 'string' },
      smoke: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(CLUSTER_USAGE);
    process.exit(0);
  }
  const smoke = values.smoke ?? false;
  const whole = (value: string | undefined, fallback: number, min: number, max: number, name: string) => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number ${min}–${max}`);
    return n;
  };
  const secs = (value: string | undefined, fallback: number, name: string) => {
    const s = value === undefined ? fallback : Number(value);
    if (!Number.isFinite(s) || s < 0 || s > 600) throw new Error(`--${name} must be between 0 and 600 seconds`);
    return Math.round(s * 1000);
  };
  const workers = list(values.workers, smoke ? '2' : '1,2');
  if (workers.some((w) => !Number.isInteger(w) || w < 1 || w > 16)) throw new Error('--workers: counts are 1–16');
  const rates = (value: string | undefined, fallback: string, name: string) => {
    const r = list(value, fallback);
    if (r.length === 0 || r.some((n) => !Number.isInteger(n) || n < 1 || n > 100_000))
      throw new Error(`--${name}: rates are 1–100000 ops/s`);
    return r;
  };
  return {
    workers,
    rooms: whole(values.rooms, smoke ? 0 : 20, 0, 100, 'rooms'),
    roomClients: whole(values['room-clients'], smoke ? 3 : 10, 2, 500, 'room-clients'),
    steps: rates(values.steps, smoke ? '100' : '50,100,200,400,800,1600', 'steps'),
    past: whole(values.past, smoke ? 0 : 1, 0, 10, 'past'),
    hotClients: whole(values['hot-clients'], smoke ? 4 : 20, 2, 500, 'hot-clients'),
    hotRates: rates(values['hot-rates'], smoke ? '50' : '25,50,100', 'hot-rates'),
    durationMs: secs(values.duration, smoke ? 1 : 5, 'duration'),
    warmupMs: secs(values.warmup, smoke ? 0.3 : 1, 'warmup'),
    drainMs: secs(values.drain, smoke ? 1 : 2, 'drain'),
    p99BoundMs: whole(values['p99-bound'], 500, 1, 60_000, 'p99-bound'),
    closed: !(values['no-closed'] ?? smoke),
    runs: whole(values.runs, 1, 1, 10, 'runs'),
    out: values.out ?? defaultOut,
    smoke,
  };
}
