/**
 * A worker process of `pnpm fuzz --workers N` (worker-pool.ts): runs the chunks of
 * seeds it is handed and sends back every result, one message per seed.
 */
import { type SimulationOptions, simulate } from './simulation.ts';

export interface Chunk {
  from: number;
  count: number;
  options: SimulationOptions;
}

process.on('message', async (chunk: Chunk) => {
  for (let seed = chunk.from; seed < chunk.from + chunk.count; seed++) {
    process.send?.({ result: await simulate(seed, chunk.options) });
  }
  process.send?.({ done: chunk.from });
});
