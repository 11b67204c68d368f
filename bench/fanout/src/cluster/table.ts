/** The cluster variant's one table: a row per figure, a column per variant. */
import type { StepResult } from '../step.ts';
import { type PeerResult, sustained } from '../table.ts';
import type { ClusterOptions } from './options.ts';

export interface ClusterCell {
  workers: number;
  rooms: PeerResult;
  hot: PeerResult;
  hotSpread: number[][];
}

const n = (value: number | null | undefined) => (value === null || value === undefined ? '–' : Math.round(value).toLocaleString('en-US'));
const ms = (value: number | null | undefined) =>
  value === null || value === undefined
    ? '–'
    : value >= 1000
      ? `${(value / 1000).toFixed(1)} s`
      : `${value >= 10 ? Math.round(value) : value.toFixed(1)} ms`;

const at = (peer: PeerResult, rate: number) => peer.steps.find((s) => s.target === rate);
const latency = (step: StepResult | undefined | null) =>
  step ? `${ms(step.p50Ms)} / ${ms(step.p99Ms)}${step.saturated ? ` (saturated: ${step.reasons.join('; ')})` : ''}` : '–';

type Row = [string, (cell: ClusterCell) => string];

function roomRows(options: ClusterOptions): Row[] {
  if (options.rooms === 0) return [];
  const rooms = `${options.rooms} rooms x ${options.roomClients}`;
  const rows: Row[] = [
    [`${rooms}: sustained ops/s (all rooms)`, (c) => (c.rooms.error ? `failed: ${c.rooms.error.split('\n')[0]}` : sustained(c.rooms))],
  ];
  if (options.closed) rows.push([`${rooms}: closed-loop applied/s`, (c) => n(c.rooms.closed?.appliedPerS)]);
  for (const rate of options.steps) rows.push([`${rooms}: p50 / p99 @${n(rate)}`, (c) => latency(at(c.rooms, rate))]);
  rows.push([`${rooms}: server CPU % @${n(options.steps[0])}`, (c) => n(at(c.rooms, options.steps[0] ?? 0)?.serverCpuPct)]);
  return rows;
}

function hotRows(options: ClusterOptions): Row[] {
  const hot = `hot room (${options.hotClients})`;
  const rows: Row[] = [[`${hot}: sockets per process`, (c) => c.hotSpread[0]?.join(' + ') ?? '–']];
  for (const rate of options.hotRates)
    rows.push([`${hot}: p50 / p99 @${n(rate)}`, (c) => (c.hot.error ? 'failed' : latency(at(c.hot, rate)))]);
  if (options.closed) {
    rows.push([`${hot}: closed-loop applied/s`, (c) => n(c.hot.closed?.appliedPerS)]);
    rows.push([`${hot}: closed-loop p50 / p99`, (c) => latency(c.hot.closed)]);
  }
  return rows;
}

function peakRss(c: ClusterCell): string {
  const all = [c.rooms, c.hot].flatMap((r) => [...r.steps, ...(r.closed ? [r.closed] : [])]);
  const peak = Math.max(0, ...all.map((s) => s.peakRssMiB ?? 0));
  return peak ? `${Math.round(peak)} MiB` : '–';
}

/** Rows no variant has a figure for (steps past every variant's saturation) are left out. */
export function formatClusterTable(cells: ClusterCell[], options: ClusterOptions): string {
  const rows: Row[] = [...roomRows(options), ...hotRows(options), ['peak RSS (all processes)', peakRss]];
  const header = ['', ...cells.map((c) => (c.workers > 1 ? `${c.workers} workers (start:cluster)` : '1 process (start)'))];
  const body = rows.map(([label, cell]) => [label, ...cells.map(cell)]).filter((row) => row.slice(1).some((c) => c !== '–'));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [`### Tandem: ${header.slice(1).join(' vs ')}`, '', line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join(
    '\n',
  );
}
