/**
 * Medians of several runs, cell by cell: a step (matched by its rate) is
 * saturated in the median when it was in most runs that reached it; every
 * number is the median of the runs that have it.
 */
import type { StepResult } from './step.ts';
import type { PeerResult } from './table.ts';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function medianStep(steps: StepResult[]): StepResult {
  const first = steps[0] as StepResult;
  const out: Record<string, unknown> = { ...first };
  for (const key of Object.keys(first) as (keyof StepResult)[]) {
    const values = steps.map((s) => s[key]).filter((v): v is number => typeof v === 'number');
    if (typeof first[key] === 'number' || (first[key] === null && values.length)) out[key] = values.length ? median(values) : null;
  }
  const saturated = steps.filter((s) => s.saturated);
  out.saturated = saturated.length * 2 > steps.length;
  out.reasons = out.saturated ? [...new Set(saturated.flatMap((s) => s.reasons))] : [];
  const codes = new Set(steps.flatMap((s) => Object.keys(s.errors)));
  out.errors = Object.fromEntries([...codes].map((code) => [code, median(steps.map((s) => s.errors[code] ?? 0))]));
  return out as unknown as StepResult;
}

export function medianPeer(runs: PeerResult[]): PeerResult {
  const ok = runs.filter((r) => !r.error);
  const first = runs[0] as PeerResult;
  if (!ok.length) return first;
  const targets = [...new Set(ok.flatMap((r) => r.steps.map((s) => s.target)))].sort((a, b) => (a ?? 0) - (b ?? 0));
  const steps = targets.map((target) => medianStep(ok.flatMap((r) => r.steps.filter((s) => s.target === target))));
  const closed = ok.flatMap((r) => (r.closed ? [r.closed] : []));
  return { ...first, error: null, steps, closed: closed.length ? medianStep(closed) : null };
}
