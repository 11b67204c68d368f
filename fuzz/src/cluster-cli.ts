/**
 * `pnpm fuzz --cluster [--seeds N] [--from S] [--seed S] [--processes N] [--clients N] [--typists N]
 * [--actions N] [--cuts N] [--kills N] [--pause MS] [--no-build]`: the seeded run over real server processes
 * (cluster-run.ts), started once (TEST_DATABASE_URL, TEST_REDIS_URL), one page per seed.
 * Prints each failure with the command that replays its script, and the time taken.
 */
import { parseArgs } from 'node:util';
import { TestCluster } from '@tandem/server/cluster-testing';
import { clusterRun, defaultClusterRun } from './cluster-run.ts';

export async function runClusterCli(args: string[]): Promise<number> {
  const d = defaultClusterRun;
  const { values } = parseArgs({
    args,
    options: {
      cluster: { type: 'boolean' },
      seeds: { type: 'string', default: '50' },
      from: { type: 'string', default: '1' },
      seed: { type: 'string' },
      processes: { type: 'string', default: '3' },
      clients: { type: 'string', default: String(d.clients) },
      typists: { type: 'string', default: String(d.typists) },
      actions: { type: 'string', default: String(d.actions) },
      cuts: { type: 'string', default: String(d.cuts) },
      kills: { type: 'string', default: String(d.kills) },
      pause: { type: 'string', default: String(d.maxPauseMs) },
      'no-build': { type: 'boolean', default: false },
    },
  });
  const options = {
    clients: Number(values.clients),
    typists: Number(values.typists),
    actions: Number(values.actions),
    cuts: Number(values.cuts),
    kills: Number(values.kills),
    maxPauseMs: Number(values.pause),
  };
  const processes = Number(values.processes);
  const first = Number(values.seed ?? values.from);
  const count = values.seed === undefined ? Number(values.seeds) : 1;
  const started = performance.now();
  // --no-build: run the dist/ already there (say, while a benchmark runs from it).
  const cluster = await TestCluster.start({ processes, build: !values['no-build'] });
  const ready = performance.now();
  let failures = 0;
  let versions = 0;
  let moves = 0;
  try {
    for (let seed = first; seed < first + count; seed++) {
      const result = await clusterRun(cluster, seed, options);
      versions += result.versions;
      moves += result.moves;
      if (!result.ok) {
        failures++;
        console.log(`seed ${seed} FAILED (${result.ms} ms): ${result.failure}`);
        console.log(
          `  replay its script: pnpm fuzz --cluster --seed ${seed} --processes ${processes} --clients ${options.clients} --typists ${options.typists} --actions ${options.actions} --cuts ${options.cuts} --kills ${options.kills} --pause ${options.maxPauseMs}`,
        );
      }
      if ((seed - first + 1) % 25 === 0)
        console.log(`… ${seed - first + 1} seeds, ${failures} failed, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    await cluster.stop();
  }
  const seconds = ((performance.now() - ready) / 1000).toFixed(1);
  console.log(
    `${count - failures} passed, ${failures} failed (${count} seeds from ${first} over ${processes} processes, ` +
      `${versions} versions, ${moves} reconnects to another process, ${seconds} s after a ${((ready - started) / 1000).toFixed(1)} s start)`,
  );
  return failures > 0 ? 1 : 0;
}
