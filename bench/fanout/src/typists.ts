/**
 * The real client: `@tandem/client`'s CollabClient (one patch in flight, edits
 * composed behind it, sent at once when none is in flight), each typist replacing the text of its own
 * component at a steady keystroke rate. Latency is keystroke to peer: when a
 * peer's view first holds a typist's n-th value, every keystroke up to n that
 * it had not seen yet is now visible, and each counts from its own time.
 */
import { CollabClient } from '@tandem/client';
import { defaultProps } from '@tandem/protocol';
import WebSocket from 'ws';
import { Histogram } from './histogram.ts';
import { startTandem } from './peers/tandem.ts';
import { joinRoom } from './peers/tandem-access.ts';
import { componentId, waitFor } from './peers/types.ts';
import { peakRssMiB, processCpuMs, sleep } from './proc.ts';
import { makeStamp, parseStamp } from './stamp.ts';

export interface TypistsResult {
  typists: number;
  keysPerSecond: number;
  keystrokes: number;
  /** Keystroke observations by peers over those expected (keystrokes x (typists - 1)). */
  seen: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  serverCpuPct: number | null;
  loadGenCpuPct: number;
  peakRssMiB: number | null;
  errors: Record<string, number>;
}

export async function runTypists(options: {
  typists: number;
  keysPerSecond: number;
  warmupMs: number;
  durationMs: number;
  drainMs: number;
}): Promise<TypistsResult> {
  const server = await startTandem();
  const clients: CollabClient[] = [];
  const errors = new Map<string, number>();
  try {
    const room = `typists-${Date.now()}`;
    for (let i = 0; i < options.typists; i++) {
      // Each typist is a person of their own, an editor of the page through its share link.
      const { cookie, pageId } = await joinRoom(server.port, room, `typist-${i}`);
      const client = new CollabClient({
        baseUrl: `http://127.0.0.1:${server.port}`,
        pageId,
        userName: `typist-${i}`,
        fetch: (url, init) => fetch(url, { ...init, headers: { ...init.headers, cookie } }),
        WebSocket: WebSocket as never,
      });
      clients.push(client);
      await client.connect();
    }
    const first = clients[0] as CollabClient;
    const rootId = first.doc?.rootId as string;
    first.submit(
      clients.flatMap((_, i) => [
        {
          op: 'add' as const,
          path: `/components/${componentId(i)}`,
          value: { id: componentId(i), type: 'Text', props: defaultProps('Text'), children: [] },
        },
        { op: 'add' as const, path: `/components/${rootId}/children/-`, value: componentId(i) },
      ]),
    );
    await waitFor(
      () => clients.every((c) => c.doc !== null && componentId(options.typists - 1) in c.doc.components && c.pendingCount === 0),
      15_000,
      'the typists’ components',
    );

    // sentAt[author][seq]: when each keystroke was made; seen[receiver][author]: the last seq seen.
    const sentAt: number[][] = clients.map(() => []);
    const seen: number[][] = clients.map(() => clients.map(() => -1));
    const latency = new Histogram();
    let observations = 0;
    let measuring = false;
    clients.forEach((client, receiver) => {
      client.subscribe((event) => {
        if (event.type === 'error') errors.set(event.error.code, (errors.get(event.error.code) ?? 0) + 1);
        if (event.type !== 'doc' || event.origin !== 'remote' || !event.ops) return;
        const now = performance.now();
        for (const op of event.ops) {
          const stamp = 'value' in op ? parseStamp(op.value) : null;
          if (!stamp) continue;
          const row = seen[receiver] as number[];
          for (let seq = (row[stamp.author] as number) + 1; seq <= stamp.seq; seq++) {
            const at = sentAt[stamp.author]?.[seq];
            if (measuring && at !== undefined && at >= 0) {
              latency.add(now - at);
              observations++;
            }
          }
          row[stamp.author] = Math.max(row[stamp.author] as number, stamp.seq);
        }
      });
    });

    let keystrokes = 0;
    const type = async (ms: number, phase: 'w' | 'm') => {
      const interval = 1000 / options.keysPerSecond;
      const start = performance.now();
      const due = Math.floor((ms / 1000) * options.keysPerSecond);
      const done = clients.map(() => 0);
      // Typist i is offset by i/typists of an interval, so keystrokes spread evenly.
      while (performance.now() - start < ms * 1.5 && done.some((d) => d < due)) {
        const elapsed = performance.now() - start;
        clients.forEach((client, i) => {
          const target = Math.min(due, Math.floor((elapsed - (i * interval) / clients.length) / interval) + 1);
          while ((done[i] as number) < target) {
            const seq = (sentAt[i] as number[]).length;
            const now = performance.now();
            (sentAt[i] as number[]).push(phase === 'm' ? now : -1);
            client.submit([{ op: 'replace', path: `/components/${componentId(i)}/props/text`, value: makeStamp(now, i, seq, phase) }]);
            done[i] = (done[i] as number) + 1;
            if (phase === 'm') keystrokes++;
          }
        });
        await sleep(2);
      }
    };
    await type(options.warmupMs, 'w');
    measuring = true;
    const cpu0 = processCpuMs(server.pid);
    const t0 = performance.now();
    const lg0 = process.cpuUsage();
    await type(options.durationMs, 'm');
    const lg = process.cpuUsage(lg0);
    const typedMs = performance.now() - t0;
    const expected = keystrokes * (options.typists - 1);
    const drainEnd = performance.now() + options.drainMs;
    while (performance.now() < drainEnd && observations < expected) await sleep(10);
    const cpu1 = processCpuMs(server.pid);
    const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
    return {
      typists: options.typists,
      keysPerSecond: options.keysPerSecond,
      keystrokes,
      seen: expected ? Math.round((observations / expected) * 10_000) / 10_000 : 0,
      p50Ms: round(latency.quantile(0.5)),
      p99Ms: round(latency.quantile(0.99)),
      maxMs: round(latency.count ? latency.max : null),
      serverCpuPct: cpu0 !== null && cpu1 !== null ? Math.round(((cpu1 - cpu0) / (performance.now() - t0)) * 100) : null,
      loadGenCpuPct: Math.round(((lg.user + lg.system) / 1000 / typedMs) * 100),
      peakRssMiB: round(peakRssMiB(server.pid)),
      errors: Object.fromEntries(errors),
    };
  } finally {
    for (const client of clients) client.close();
    await server.stop();
  }
}
