/**
 * Medians of several runs, cell by cell. A step (matched by its rate) counts as
 * saturated in a run that stopped before it (it stops only after saturating),
 * and is saturated in the median when it was in at least half the runs; the
 * sustained rate and the closed-loop maximum are medians of each run's own.
 */
import type { StepResult } from './step.ts';
import type { PeerResult } from './table.ts';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Every numeric field the median of the steps that have it; `runs` counts the runs that stopped before it as saturated. */
export function medianStep(steps: StepResult[], runs = steps.length): StepResult {
  const first = steps[0] as StepResult;
  const out: Record<string, unknown> = { ...first };
  const keys = new Set(steps.flatMap((s) => Object.keys(s))) as Set<keyof StepResult>;
  for (const key of keys) {
    const values = steps.map((s) => s[key]).filter((v): v is number => typeof v === 'number');
    if (values.length || first[key] === null) out[key] = values.length ? median(values) : null;
  }
  const saturated = steps.filter((s) => s.saturated).length + (runs - steps.length);
  out.saturated = saturated * 2 >= runs && saturated > 0;
  // Reasons as in the runs that were saturated, the percentages redone from the medians.
  const reasons = new Set<string>();
  if (out.saturated) {
    for (const step of steps.filter((s) => s.saturated))
      for (const reason of step.reasons) reasons.add(reason.replace(/^(delivered|acked) .*/, '$1'));
  }
  out.reasons = [...reasons].flatMap((reason) => {
    if (reason !== 'delivered' && reason !== 'acked') return [reason];
    const share = out[reason] as number;
    return share < 0.95 ? [`${reason} ${Math.round(share * 100)} %`] : [];
  });
  const codes = new Set(steps.flatMap((s) => Object.keys(s.errors ?? {})));
  out.errors = Object.fromEntries([...codes].map((code) => [code, Math.round(median(steps.map((s) => s.errors?.[code] ?? 0)))]));
  return out as unknown as StepResult;
}

export function medianPeer(runs: PeerResult[]): PeerResult {
  const ok = runs.filter((r) => !r.error);
  const first = runs[0] as PeerResult;
  if (!ok.length) return first;
  const targets = [...new Set(ok.flatMap((r) => r.steps.map((s) => s.target)))].sort((a, b) => (a ?? 0) - (b ?? 0));
  const steps = targets.map((target) =>
    medianStep(
      ok.flatMap((r) => r.steps.filter((s) => s.target === target)),
      ok.length,
    ),
  );
  const closed = ok.flatMap((r) => (r.closed ? [r.closed] : []));
  return { ...first, error: null, steps, closed: closed.length ? medianStep(closed) : null, sustainedRuns: ok.map(sustainedRate) };
}

/** The highest rate before a run's first saturated step (0 when its first step saturated). */
export function sustainedRate(peer: PeerResult): number {
  let best = 0;
  for (const step of peer.steps) {
    if (step.saturated) break;
    best = step.target ?? best;
  }
  return best;
}
