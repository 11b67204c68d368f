/** The printed summary: per configuration, the peers side by side. */
import { median } from './median.ts';
import type { Config } from './options.ts';
import type { StepResult } from './step.ts';
import type { TypistsResult } from './typists.ts';

export interface PeerResult {
  peer: string;
  description: string;
  steps: StepResult[];
  closed: StepResult | null;
  error: string | null;
  /** In a table of medians: each run's own sustained rate. */
  sustainedRuns?: number[];
}

const n = (value: number | null | undefined) => (value === null || value === undefined ? '–' : Math.round(value).toLocaleString('en-US'));
const ms = (value: number | null | undefined) =>
  value === null || value === undefined
    ? '–'
    : value >= 1000
      ? `${(value / 1000).toFixed(1)} s`
      : `${value >= 10 ? Math.round(value) : value.toFixed(1)} ms`;

const onlyLoadGenerator = (step: StepResult) => step.reasons.every((r) => r.startsWith('load generator'));

export function sustained(peer: PeerResult): string {
  if (peer.sustainedRuns?.length) {
    const value = median(peer.sustainedRuns);
    return `${value ? n(value) : `< ${n(peer.steps[0]?.target)}`} (runs: ${peer.sustainedRuns.map((r) => (r ? n(r) : '<')).join(', ')})`;
  }
  let best: StepResult | null = null;
  for (const step of peer.steps) {
    if (step.saturated) {
      const note = onlyLoadGenerator(step) ? ` (load generator saturates at ${n(step.target)})` : '';
      return best ? `${n(best.target)}${note}` : `< ${n(step.target)}${note}`;
    }
    best = step;
  }
  return best ? `>= ${n(best.target)}` : '–';
}

function pastSaturation(peer: PeerResult): string {
  const step = peer.steps.find((s) => s.saturated);
  if (!step) return '';
  const errors = Object.entries(step.errors)
    .map(([code, count]) => `${count} ${code}`)
    .join(', ');
  const ofMax = peer.closed?.appliedPerS ? ` (${Math.round((step.acksPerS / peer.closed.appliedPerS) * 100)} % of closed-loop)` : '';
  return `@${n(step.target)}: ${Math.round(step.delivered * 100)} % delivered, ${n(step.acksPerS)} acks/s${ofMax}, p99 ${ms(step.p99Ms)}${errors ? `, ${errors}` : ''} [${step.reasons.join('; ')}]`;
}

const at = (peer: PeerResult, rate: number) => peer.steps.find((s) => s.target === rate);

export function formatTable(config: Config, peers: PeerResult[], steps: number[]): string {
  const [first, second, third] = steps;
  const header = [
    'peer',
    'sustained ops/s',
    'closed-loop applied/s',
    `CPU ms/1k ops @${n(first)}`,
    `p50 / p99 @${n(second ?? first)}`,
    `p99 @${n(third ?? second ?? first)}`,
    'peak RSS',
    'first saturated step',
  ];
  const rows = peers.map((peer) => {
    if (peer.error) return [peer.peer, `failed: ${peer.error.split('\n')[0]}`, '', '', '', '', '', ''];
    const a = first === undefined ? undefined : at(peer, first);
    const b = at(peer, second ?? first ?? 0);
    const c = at(peer, third ?? second ?? first ?? 0);
    const rss = Math.max(...[...peer.steps, ...(peer.closed ? [peer.closed] : [])].map((s) => s.peakRssMiB ?? 0));
    return [
      peer.peer,
      sustained(peer),
      n(peer.closed?.appliedPerS),
      n(a?.serverCpuMsPer1000),
      b ? `${ms(b.p50Ms)} / ${ms(b.p99Ms)}` : '–',
      ms(c?.p99Ms),
      rss ? `${Math.round(rss)} MiB` : '–',
      pastSaturation(peer),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [`### ${config.name}`, '', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatStep(peer: string, step: StepResult): string {
  const what = step.mode === 'closed' ? 'closed loop' : `${n(step.target)} ops/s`;
  const errors = Object.keys(step.errors).length ? ` errors ${JSON.stringify(step.errors)}` : '';
  const rooms = step.roomP99Ms ? ` rooms' p99 ${ms(step.roomP99Ms.min)}–${ms(step.roomP99Ms.max)}` : '';
  return `  ${peer.padEnd(10)} ${what.padStart(12)}: sent ${n(step.sentPerS)}/s applied ${n(step.appliedPerS)}/s acks ${n(step.acksPerS)}/s deliveries ${n(step.deliveriesPerS)}/s (${Math.round(step.delivered * 100)} %) p50 ${ms(step.p50Ms)} p99 ${ms(step.p99Ms)}${rooms} server CPU ${n(step.serverCpuPct)} % (${n(step.serverCpuMsPer1000)} ms/1k) LG ${n(step.loadGenCpuPct)} %${errors}${step.saturated ? ` SATURATED: ${step.reasons.join('; ')}` : ''}`;
}

export function formatTypists(result: TypistsResult): string {
  return `### Real client (@tandem/client): ${result.typists} typists x ${result.keysPerSecond} keys/s\n\nkeystroke-to-peer p50 ${ms(result.p50Ms)}, p99 ${ms(result.p99Ms)}, max ${ms(result.maxMs)}; ${Math.round(result.seen * 100)} % of keystrokes seen by every peer; server CPU ${n(result.serverCpuPct)} %, load generator CPU ${n(result.loadGenCpuPct)} %, peak RSS ${n(result.peakRssMiB)} MiB${Object.keys(result.errors).length ? `; errors ${JSON.stringify(result.errors)}` : ''}`;
}
