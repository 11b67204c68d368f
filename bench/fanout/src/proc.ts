/**
 * Processes: the servers under test pinned to core 0 with taskset, the load
 * generator (this process) to core 1; their CPU time and peak memory from /proc.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';

const TASKSET = ['/usr/bin/taskset', '/bin/taskset'].find((p) => existsSync(p)) ?? null;

/** Pinning needs taskset (util-linux) and two cores; without them runs are unpinned, and say so. */
export const canPin = TASKSET !== null && availableParallelism() >= 2;

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Moves every thread of this process to core 1. */
export function pinSelf(): boolean {
  if (!canPin || TASKSET === null) return false;
  execFileSync(TASKSET, ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
  return true;
}

/** User + system CPU of a process so far, in milliseconds (null once it is gone). */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat(5); `fields` starts at field 3.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Peak resident memory (VmHWM) in MiB. */
export function peakRssMiB(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  pid: number;
  port: number;
  /** The last few kB of its output, for error messages. */
  output(): string;
  stop(): Promise<void>;
  /** For a server of several processes (cluster/): CPU and peak memory of them all, instead of `pid`'s alone. */
  cpuMs?(): number | null;
  peakRssMiB?(): number | null;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/**
 * Starts `node args…` on core 0 and resolves once `ready(port)` does (polled every
 * 100 ms for at most `timeoutMs`); rejects with its output if it exits first.
 */
export async function startServer(options: {
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  port: number;
  ready: (port: number) => Promise<boolean>;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const command = canPin && TASKSET ? TASKSET : process.execPath;
  const args = canPin && TASKSET ? ['-c', '0', process.execPath, ...options.args] : options.args;
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      children.delete(child);
      resolve();
    });
  });
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server exited before it was ready:\n${tail}`);
    if (await options.ready(options.port).catch(() => false)) {
      if (child.pid === undefined) break;
      return { pid: child.pid, port: options.port, output: () => tail, stop };
    }
    await sleep(100);
  }
  await stop();
  throw new Error(`server not ready after ${options.timeoutMs ?? 30_000} ms:\n${tail}`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Ready when GET http://127.0.0.1:port/path answers 200. */
export const httpReady = (path: string) => async (port: number) => {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(1000) });
  await response.body?.cancel();
  return response.ok;
};
