/**
 * `pnpm fuzz [--seeds N] [--from S] [--seed S] [--clients N] [--actions N] [--cuts N] [--typists N] [--keystrokes N] [--ledger]`,
 * or `pnpm fuzz --typing [--seeds N]` (people typing into the same texts, keystroke ledger checked):
 * runs seeded simulations and prints each failure with the command that replays it.
 * `pnpm fuzz --cluster [--seeds N] [--processes 3] [--kills N]` runs the seeded run over real server
 * processes on PostgreSQL and Redis instead (cluster-cli.ts).
 */
import { parseArgs } from 'node:util';
import { runClusterCli } from './cluster-cli.ts';
import { defaultSimulation, simulate, typingSimulation } from './simulation.ts';

if (process.argv.includes('--cluster')) {
  process.exitCode = await runClusterCli(process.argv.slice(2));
  process.exit();
}

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '300' },
    from: { type: 'string', default: '1' },
    seed: { type: 'string' },
    clients: { type: 'string', default: String(defaultSimulation.clients) },
    actions: { type: 'string', default: String(defaultSimulation.actions) },
    cuts: { type: 'string', default: String(defaultSimulation.cuts) },
    typists: { type: 'string', default: String(defaultSimulation.typists) },
    keystrokes: { type: 'string', default: String(defaultSimulation.keystrokes) },
    ledger: { type: 'boolean', default: false },
    typing: { type: 'boolean', default: false },
  },
});
// --typing: the typing-only run of typingSimulation, with the keystroke ledger checked.
const options = values.typing
  ? typingSimulation
  : {
      clients: Number(values.clients),
      actions: Number(values.actions),
      cuts: Number(values.cuts),
      typists: Number(values.typists),
      keystrokes: Number(values.keystrokes),
      ledger: values.ledger,
    };
const first = Number(values.seed ?? values.from);
const count = values.seed === undefined ? Number(values.seeds) : 1;

const started = performance.now();
let failures = 0;
let versions = 0;
let keystrokes = 0;
let textsChecked = 0;
for (let seed = first; seed < first + count; seed++) {
  const result = await simulate(seed, options);
  versions += result.versions;
  keystrokes += result.keystrokes;
  textsChecked += result.textsChecked;
  if (!result.ok) {
    failures++;
    console.log(`seed ${seed} FAILED: ${result.failure}`);
    console.log(
      `  reproduce: pnpm fuzz --seed ${seed} --clients ${options.clients} --actions ${options.actions} --cuts ${options.cuts} --typists ${options.typists} --keystrokes ${options.keystrokes}${options.ledger ? ' --ledger' : ''}`,
    );
  }
  if ((seed - first + 1) % 1000 === 0)
    console.log(`… ${seed - first + 1} seeds, ${failures} failed, ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`${count - failures} passed, ${failures} failed (${count} seeds from ${first}, ${versions} versions, ${seconds} s)`);
console.log(
  `${keystrokes} keystrokes typed; ${textsChecked} of ${count * 2} typed texts checked keystroke by keystroke (the others were deleted whole)`,
);
process.exitCode = failures > 0 ? 1 : 0;
