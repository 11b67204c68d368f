/**
 * `--workers N`: the seed range split over N worker processes (seed-worker.ts), handed
 * out in chunks to whichever is free, so that a slow stretch of seeds does not hold the
 * others up. Each worker lives for the whole run: the start-up (loading and transpiling
 * every package, about a second) and the JIT's warm-up are paid once per worker, not
 * once per chunk. Results reach the Tally as they come.
 */
import { fork } from 'node:child_process';
import type { Chunk } from './seed-worker.ts';
import type { SimulationOptions, SimulationResult } from './simulation.ts';
import type { Tally } from './tally.ts';

/** Small enough that the workers finish together, large enough that messages cost nothing. */
const CHUNK = 50;

export async function runInWorkers(first: number, count: number, options: SimulationOptions, workers: number, tally: Tally): Promise<void> {
  let next = first;
  const end = first + count;
  const worker = (): Promise<void> =>
    new Promise((resolve) => {
      // The same node flags as this process (tsx's loader among them) and the same niceness.
      const child = fork(new URL('./seed-worker.ts', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      let current: number | null = null;
      const hand = () => {
        if (next >= end) {
          current = null;
          child.disconnect();
          return;
        }
        const chunk: Chunk = { from: next, count: Math.min(CHUNK, end - next), options };
        current = chunk.from;
        next += chunk.count;
        child.send(chunk);
      };
      child.on('message', (message: { result?: SimulationResult; done?: number }) => {
        if (message.result) tally.add(message.result);
        else hand();
      });
      child.on('exit', (code, signal) => {
        // A worker that dies mid-chunk leaves seeds unrun: the summary counts them and the run fails.
        if (current !== null) console.log(`a worker died (${signal ?? `exit ${code}`}) in the chunk of seeds from ${current}`);
        resolve();
      });
      hand();
    });
  await Promise.all(Array.from({ length: Math.min(workers, Math.ceil(count / CHUNK)) }, worker));
}
