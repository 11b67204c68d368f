/**
 * `pnpm bench:fanout --cluster`: Tandem on one process against Tandem on two
 * node:cluster workers (issue 15), same machine, same run, on two workloads:
 *
 * - many rooms (20 rooms x 10 clients): open-loop steps until saturation, then
 *   the closed-loop maximum: the aggregate throughput and its p99;
 * - one hot room (20 clients), whose clients the workers' round-robin spreads
 *   over both processes: latency at fixed rates, and the closed-loop maximum.
 *
 * Prints one table with the variants side by side and writes the JSON
 * (default results/cluster-latest.json). Nothing in it asserts on speed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectionsByProcess } from '@tandem/server/process-tree';
import { medianPeer } from '../median.ts';
import type { Config, Options } from '../options.ts';
import { openTandemRoom } from '../peers/tandem.ts';
import type { Peer } from '../peers/types.ts';
import { type ServerProcess, sleep } from '../proc.ts';
import { runPeer } from '../run-peer.ts';
import type { PeerResult } from '../table.ts';
import { type ClusterOptions, parseClusterOptions } from './options.ts';
import { startVariant } from './server.ts';
import { type ClusterCell, formatClusterTable } from './table.ts';

/** How many of the room's sockets each process holds, once the sign-ups' idle HTTP connections have closed. */
async function spread(server: ServerProcess, sockets: number): Promise<number[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const counts = [...connectionsByProcess(server.pid, server.port).values()].sort((a, b) => b - a);
    const total = counts.reduce((a, b) => a + b, 0);
    if (total <= sockets || Date.now() > deadline) return counts;
    await sleep(250);
  }
}

function variantPeer(workers: number, onSpread?: (counts: number[]) => void): Peer {
  return {
    name: workers > 1 ? `${workers} workers` : '1 process',
    describe: () => (workers > 1 ? `WORKERS=${workers} pnpm start:cluster` : 'pnpm start') + ', PostgreSQL + Redis',
    start: () => startVariant(workers),
    async openRoom(server, room, authors, recorder) {
      const opened = await openTandemRoom(server, room, authors, recorder);
      if (onSpread) onSpread(await spread(server, authors.length));
      return opened;
    },
  };
}

function stepOptions(options: ClusterOptions, steps: number[], past: number): Options {
  return {
    peers: [],
    configs: [],
    steps,
    durationMs: options.durationMs,
    warmupMs: options.warmupMs,
    // The cluster variants keep their own warm-up, first step included.
    warmupFirstMs: options.warmupMs,
    drainMs: options.drainMs,
    past,
    p99BoundMs: options.p99BoundMs,
    closed: options.closed,
    window: 1,
    typists: 0,
    keysPerSecond: 0,
    out: options.out,
    smoke: options.smoke,
    runs: 1,
    merge: [],
    neighbours: null,
  };
}

interface VariantRun {
  workers: number;
  rooms: PeerResult;
  hot: PeerResult;
  /** Sockets of the hot room per process, largest first, each time its room was opened. */
  hotSpread: number[][];
}

async function runVariant(workers: number, options: ClusterOptions): Promise<VariantRun> {
  const rooms: Config = {
    name: `${options.roomClients} clients x ${options.rooms} rooms`,
    clients: options.roomClients,
    rooms: options.rooms,
  };
  const hot: Config = { name: `hot room: ${options.hotClients} clients`, clients: options.hotClients, rooms: 1 };
  const skipped: PeerResult = { peer: variantPeer(workers).name, description: 'skipped', steps: [], closed: null, error: null };
  let roomsResult = skipped;
  if (options.rooms > 0) {
    console.log(`\n${variantPeer(workers).describe()}: ${rooms.name}`);
    roomsResult = await runPeer(variantPeer(workers), rooms, stepOptions(options, options.steps, options.past));
  }
  console.log(`${variantPeer(workers).describe()}: ${hot.name}`);
  const hotSpread: number[][] = [];
  // Every rate is run (latency at each is the point), whatever saturates.
  const hotResult = await runPeer(
    variantPeer(workers, (counts) => hotSpread.push(counts)),
    hot,
    stepOptions(options, options.hotRates, options.hotRates.length),
  );
  console.log(`  hot room sockets per process: ${hotSpread.map((s) => s.join(' + ')).join('; ')}`);
  return { workers, rooms: roomsResult, hot: hotResult, hotSpread };
}

async function main(): Promise<number> {
  const defaultOut = fileURLToPath(new URL('../../results/cluster-latest.json', import.meta.url));
  const options = parseClusterOptions(process.argv.slice(2), defaultOut);
  const out = resolve(process.env.INIT_CWD ?? process.cwd(), options.out);
  const started = new Date();
  console.log(
    `fanout bench, cluster variant: ${availableParallelism()} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; nothing pinned; PostgreSQL + Redis for every variant`,
  );
  const runs: { startedAt: string; loadAverageAtStart: number[]; variants: VariantRun[] }[] = [];
  for (let run = 0; run < options.runs; run++) {
    if (options.runs > 1) console.log(`\n=== run ${run + 1} of ${options.runs}`);
    const startedAt = new Date().toISOString();
    const loadAverageAtStart = loadavg();
    const variants: VariantRun[] = [];
    for (const workers of options.workers) variants.push(await runVariant(workers, options));
    runs.push({ startedAt, loadAverageAtStart, variants });
  }
  const cells: ClusterCell[] = options.workers.map((workers) => {
    const mine = runs.flatMap((r) => r.variants.filter((v) => v.workers === workers));
    return {
      workers,
      rooms: mine.length > 1 && options.rooms > 0 ? medianPeer(mine.map((v) => v.rooms)) : (mine[0] as VariantRun).rooms,
      hot: mine.length > 1 ? medianPeer(mine.map((v) => v.hot)) : (mine[0] as VariantRun).hot,
      hotSpread: mine.flatMap((v) => v.hotSpread),
    };
  });
  console.log(`\n${runs.length > 1 ? `Medians of ${runs.length} runs\n\n` : ''}${formatClusterTable(cells, options)}\n`);
  mkdirSync(dirname(out), { recursive: true });
  const json = {
    startedAt: started.toISOString(),
    seconds: Math.round((Date.now() - started.getTime()) / 1000),
    machine: { cores: availableParallelism(), node: process.version },
    options,
    medians: cells,
    runs,
  };
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`JSON written to ${out}`);
  const failures = cells.flatMap((cell) =>
    [...(options.rooms > 0 ? [cell.rooms] : []), cell.hot].flatMap((result) => {
      if (result.error) return [`${result.peer}: ${result.error.split('\n')[0]}`];
      const steps = [...result.steps, ...(result.closed ? [result.closed] : [])];
      return steps.some((s) => s.delivered > 0) ? [] : [`${result.peer}: no op was delivered`];
    }),
  );
  if (failures.length) console.error(`\nFAILED:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  return failures.length ? 1 : 0;
}

export function runCluster(): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
