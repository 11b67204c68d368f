/**
 * The seeded run over three real server processes on PostgreSQL and Redis
 * (cluster-run.ts, issue 15), four seeds of it (one with a kill), to stay near a minute on a busy machine; `pnpm fuzz --cluster --seeds N`
 * runs many. The processes are started once for the file, each seed on a page
 * of its own.
 */
import { TestCluster } from '@tandem/server/cluster-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterRun, defaultClusterRun } from './cluster-run.ts';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await TestCluster.start({ processes: 3 });
}, 60_000);
afterAll(() => cluster?.stop(), 30_000);

describe('over three real processes', () => {
  it.each([1, 2, 3])(
    'seed %i: people spread over the processes, sockets cut, converge on the stored page; every acknowledged patch is there once',
    async (seed) => {
      const result = await clusterRun(cluster, seed);
      expect(result.failure).toBeUndefined();
      // The run really crossed processes and really edited.
      expect(result.versions).toBeGreaterThan(20);
      expect(result.moves).toBeGreaterThan(0);
    },
    60_000,
  );

  it.each([5])(
    'seed %i: with one process SIGKILLed mid-stream and restarted, still nothing lost and nothing twice',
    async (seed) => {
      const result = await clusterRun(cluster, seed, { ...defaultClusterRun, kills: 1 });
      expect(result.failure).toBeUndefined();
      expect(result.versions).toBeGreaterThan(20);
    },
    60_000,
  );
});
