/**
 * `pnpm bench:fanout`: Tandem next to a raw relay, Hocuspocus and ShareDB on one
 * workload. For each configuration and peer: a fresh server pinned to core 0,
 * its clients in this process pinned to core 1, open-loop steps until
 * saturation (and --past beyond), then the closed-loop maximum. Prints one
 * table per configuration and writes everything as JSON.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { medianPeer, medianStep } from './median.ts';
import { type Config, type Options, parseOptions } from './options.ts';
import { hocuspocus } from './peers/hocuspocus.ts';
import { relay } from './peers/relay.ts';
import { sharedb } from './peers/sharedb.ts';
import { tandem, tandemEntry } from './peers/tandem.ts';
import { tandemPg } from './peers/tandem-pg.ts';
import type { Peer } from './peers/types.ts';
import { canPin, pinSelf } from './proc.ts';
import { runCluster } from './cluster/main.ts';
import { formatNeighbours, medianPhases, type NeighbourPhase, runNeighbours } from './neighbours.ts';
import { runPeer } from './run-peer.ts';
import { formatTable, formatTypists, type PeerResult } from './table.ts';
import { runTypists, type TypistsResult } from './typists.ts';

const PEERS: Record<string, Peer> = { relay, hocuspocus, sharedb, tandem, 'tandem-pg': tandemPg };

interface RunReport {
  configs: { config: Config; peers: PeerResult[] }[];
  typists: TypistsResult | null;
  /** With --neighbours, instead of the configurations. */
  neighbours?: NeighbourPhase[];
  startedAt?: string;
  loadAverageAtStart?: number[];
  pinned?: boolean;
}

async function runOnce(options: Options, failures: string[]): Promise<RunReport> {
  const report: RunReport = { configs: [], typists: null };
  if (options.neighbours) {
    console.log(`\nneighbours: a quiet room at ${options.neighbours.quietRate} ops/s beside a hot one`);
    report.neighbours = await runNeighbours(
      options.peers.map((name) => PEERS[name] as Peer),
      options.neighbours,
      options,
      failures,
    );
    return report;
  }
  for (const config of options.configs) {
    console.log(`\n${config.name}`);
    const peers: PeerResult[] = [];
    for (const name of options.peers) {
      const result = await runPeer(PEERS[name] as Peer, config, options);
      peers.push(result);
      if (result.error) failures.push(`${name} (${config.name}): ${result.error.split('\n')[0]}`);
      else if (![...result.steps, ...(result.closed ? [result.closed] : [])].some((s) => s.delivered > 0 || s.deliveriesPerS > 0))
        failures.push(`${name} (${config.name}): no op was delivered`);
    }
    report.configs.push({ config, peers });
  }
  if (options.typists >= 2 && options.peers.includes('tandem')) {
    console.log(`\nreal client: ${options.typists} typists x ${options.keysPerSecond} keys/s`);
    try {
      report.typists = await runTypists({
        typists: options.typists,
        keysPerSecond: options.keysPerSecond,
        // A server started for the typists alone: warmed up as any first step is.
        warmupMs: Math.max(options.warmupMs, options.warmupFirstMs),
        durationMs: options.durationMs,
        drainMs: options.drainMs,
      });
      console.log(`  ${formatTypists(report.typists).split('\n').at(-1)}`);
      if (report.typists.seen === 0) failures.push('typists: no keystroke reached a peer');
    } catch (error) {
      failures.push(`typists: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return report;
}

/** Each cell the median over the runs (configurations and peers matched by name). */
function medians(runs: RunReport[]): RunReport {
  const first = runs[0] as RunReport;
  const configs = first.configs.map(({ config }) => {
    const matching = runs.flatMap((run) => run.configs.filter((c) => c.config.name === config.name));
    const names = [...new Set(matching.flatMap((c) => c.peers.map((p) => p.peer)))];
    return { config, peers: names.map((name) => medianPeer(matching.flatMap((c) => c.peers.filter((p) => p.peer === name)))) };
  });
  const typists = runs.flatMap((run) => (run.typists ? [run.typists] : []));
  const typistsMedian = typists.length ? (medianStep(typists as never[]) as unknown as TypistsResult) : null;
  const neighbours = runs.flatMap((run) => (run.neighbours ? [run.neighbours] : []));
  return { configs, typists: typistsMedian, ...(neighbours.length ? { neighbours: medianPhases(neighbours) } : {}) };
}

async function main(): Promise<number> {
  const defaultOut = fileURLToPath(new URL('../results/latest.json', import.meta.url));
  const options = parseOptions(process.argv.slice(2), defaultOut);
  const here = process.env.INIT_CWD ?? process.cwd();
  const out = resolve(here, options.out);
  const failures: string[] = [];
  const runs: RunReport[] = [];
  const started = new Date();
  const cores = availableParallelism(); // before pinning narrows it to one

  if (options.merge.length) {
    for (const file of options.merge) {
      const run = JSON.parse(readFileSync(resolve(here, file), 'utf8')) as RunReport & { runs?: RunReport[] };
      runs.push(...(run.runs ?? [run]));
    }
  } else {
    const pinned = pinSelf();
    console.log(
      `fanout bench: ${cores} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}, ` +
        (pinned
          ? 'servers pinned to core 0, load generator to core 1'
          : `NOT pinned (${canPin ? 'pinning failed' : 'needs taskset and 2 cores'})`) +
        `; Tandem from ${tandemEntry().compiled ? 'apps/server/dist/main.js' : 'tsx apps/server/src/main.ts'}`,
    );
    for (let run = 0; run < options.runs; run++) {
      if (options.runs > 1) console.log(`\n=== run ${run + 1} of ${options.runs}`);
      const startedAt = new Date().toISOString();
      const loadAverage = loadavg();
      runs.push({ startedAt, loadAverageAtStart: loadAverage, pinned, ...(await runOnce(options, failures)) });
    }
  }

  const result = runs.length > 1 ? medians(runs) : (runs[0] as RunReport);
  console.log(runs.length > 1 ? `\nMedians of ${runs.length} runs\n` : '');
  for (const { config, peers } of result.configs) console.log(`${formatTable(config, peers, options.steps)}\n`);
  if (result.typists) console.log(`${formatTypists(result.typists)}\n`);
  if (result.neighbours && options.neighbours) console.log(`${formatNeighbours(result.neighbours, options.neighbours)}\n`);

  mkdirSync(dirname(out), { recursive: true });
  const machine = { cores, node: process.version };
  const json = {
    startedAt: started.toISOString(),
    seconds: Math.round((Date.now() - started.getTime()) / 1000),
    machine,
    tandem: tandemEntry(),
    options,
    ...result,
    runs,
  };
  writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`JSON written to ${out}`);
  if (failures.length) {
    console.error(`\nFAILED:\n${failures.map((f) => `  ${f}`).join('\n')}`);
    return 1;
  }
  return 0;
}

if (process.argv.includes('--cluster')) runCluster();
else
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
