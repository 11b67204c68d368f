/**
 * For tests and benchmarks of a server that is several processes (`pnpm
 * start:cluster`: pnpm, the node:cluster primary and its workers), read from
 * Linux's /proc: the processes below one, and which of them holds a given TCP
 * connection. The kernel's own answer to "did these two clients land on
 * different processes", whatever the server says about itself.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** `root` and every process below it, now. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  const walk = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return tree;
}

/** The node processes of the tree (the server's own, not pnpm or sh). */
export function nodeProcesses(root: number): number[] {
  return processTree(root).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'node';
    } catch {
      return false;
    }
  });
}

const hexPort = (address: string | undefined) => Number.parseInt(address?.split(':')[1] ?? '', 16);

/** Socket inodes of established TCP connections to local `port` (from `remotePort` only, when given). */
function established(port: number, remotePort?: number): Set<string> {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // local, remote, state (01: ESTABLISHED) …, inode (the tenth field).
      const fields = line.trim().split(/\s+/);
      if (fields[3] !== '01' || !fields[9] || hexPort(fields[1]) !== port) continue;
      if (remotePort === undefined || hexPort(fields[2]) === remotePort) inodes.add(fields[9]);
    }
  }
  return inodes;
}

function socketInodes(pid: number): string[] {
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  return fds.flatMap((fd) => {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      return inode ? [inode] : [];
    } catch {
      return []; // closed meanwhile
    }
  });
}

/** How many established connections to `port` each process of the tree holds (those holding none are left out). */
export function connectionsByProcess(root: number, port: number): Map<number, number> {
  const wanted = established(port);
  const counts = new Map<number, number>();
  for (const pid of processTree(root)) {
    const held = socketInodes(pid).filter((inode) => wanted.has(inode)).length;
    if (held > 0) counts.set(pid, held);
  }
  return counts;
}

/** The process of the tree that holds the server end of the connection from local `clientPort` to `port`, or null. */
export function connectionOwner(root: number, port: number, clientPort: number): number | null {
  const wanted = established(port, clientPort);
  for (const pid of processTree(root)) if (socketInodes(pid).some((inode) => wanted.has(inode))) return pid;
  return null;
}
