/** The CPU time and peak memory of a server that is a tree of processes (process-tree.ts finds them). */
import { nodeProcesses, processTree } from '@tandem/server/process-tree';
import { peakRssMiB, processCpuMs } from '../proc.ts';

/** User + system CPU of the tree's processes so far (those that exited are not counted), null once the root is gone. */
export function treeCpuMs(root: number): number | null {
  if (processCpuMs(root) === null) return null;
  return processTree(root).reduce((sum, pid) => sum + (processCpuMs(pid) ?? 0), 0);
}

/** The sum of each node process's own peak RSS: an upper bound of the tree's peak. */
export function treePeakRssMiB(root: number): number | null {
  const peaks = nodeProcesses(root).map((pid) => peakRssMiB(pid) ?? 0);
  return peaks.length ? peaks.reduce((sum, p) => sum + p, 0) : null;
}
