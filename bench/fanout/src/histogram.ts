/**
 * Latency histogram with bounded memory: logarithmic buckets 1 % wide from
 * 1 µs to 100 s, so percentiles are within 1 % whatever the count.
 */
const GROWTH = Math.log(1.01);
const MAX_US = 1e8;
const BUCKETS = Math.ceil(Math.log(MAX_US) / GROWTH) + 1;

export class Histogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  max = 0;

  /** `ms`: a latency in milliseconds. */
  add(ms: number): void {
    const us = Math.min(MAX_US, Math.max(1, ms * 1000));
    const index = Math.min(BUCKETS - 1, Math.ceil(Math.log(us) / GROWTH));
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /** The `q` quantile (0–1) in milliseconds, `null` when empty. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.exp(i * GROWTH) / 1000;
    }
    return this.max;
  }
}
