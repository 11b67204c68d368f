/**
 * `pnpm fuzz [--seeds N] [--from S] [--seed S] [--clients N] [--actions N] [--cuts N] [--typists N] [--keystrokes N] [--ledger]`,
 * or `pnpm fuzz --typing [--seeds N]` (people typing into the same texts, keystroke ledger checked):
 * runs seeded simulations and prints each failure with the command that replays it.
 * `--workers N` spreads the seeds over N processes (worker-pool.ts), for long runs on several cores.
 * `pnpm fuzz --cluster [--seeds N] [--processes 3] [--kills N]` runs the seeded run over real server
 * processes on PostgreSQL and Redis instead (cluster-cli.ts).
 */
import { parseArgs } from 'node:util';
import { runClusterCli } from './cluster-cli.ts';
import { defaultSimulation, simulate, typingSimulation } from './simulation.ts';
import { Tally } from './tally.ts';
import { runInWorkers } from './worker-pool.ts';

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
    workers: { type: 'string', default: '1' },
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

const workers = Number(values.workers);
const tally = new Tally(options);
if (workers > 1) await runInWorkers(first, count, options, workers, tally);
else for (let seed = first; seed < first + count; seed++) tally.add(await simulate(seed, options));
tally.summary(first, count);
process.exitCode = tally.failures > 0 || tally.count < count ? 1 : 0;
