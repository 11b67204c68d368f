/**
 * `pnpm fuzz [--seeds N] [--from S] [--seed S] [--clients N] [--actions N] [--cuts N]`:
 * runs seeded simulations and prints each failure with the command that replays it.
 */
import { parseArgs } from 'node:util';
import { defaultSimulation, simulate } from './simulation.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '300' },
    from: { type: 'string', default: '1' },
    seed: { type: 'string' },
    clients: { type: 'string', default: String(defaultSimulation.clients) },
    actions: { type: 'string', default: String(defaultSimulation.actions) },
    cuts: { type: 'string', default: String(defaultSimulation.cuts) },
  },
});
const options = { clients: Number(values.clients), actions: Number(values.actions), cuts: Number(values.cuts) };
const first = Number(values.seed ?? values.from);
const count = values.seed === undefined ? Number(values.seeds) : 1;

const started = performance.now();
let failures = 0;
let versions = 0;
for (let seed = first; seed < first + count; seed++) {
  const result = await simulate(seed, options);
  versions += result.versions;
  if (!result.ok) {
    failures++;
    console.log(`seed ${seed} FAILED: ${result.failure}`);
    console.log(`  reproduce: pnpm fuzz --seed ${seed} --clients ${options.clients} --actions ${options.actions} --cuts ${options.cuts}`);
  }
  if ((seed - first + 1) % 1000 === 0)
    console.log(`… ${seed - first + 1} seeds, ${failures} failed, ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`${count - failures} passed, ${failures} failed (${count} seeds from ${first}, ${versions} versions, ${seconds} s)`);
process.exitCode = failures > 0 ? 1 : 0;
