/** Runs `batch` repeatedly for about `ms` per sample and returns the median rate in operations per second. */
export async function medianRate(batch: () => Promise<number> | number, { samples = 7, ms = 300 } = {}): Promise<number> {
  await batch(); // warm-up
  const rates: number[] = [];
  for (let s = 0; s < samples; s++) {
    let ops = 0;
    const start = performance.now();
    while (performance.now() - start < ms) ops += await batch();
    rates.push((ops * 1000) / (performance.now() - start));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] as number;
}

export const fmt = (rate: number) => `${Math.round(rate).toLocaleString('en-US')} ops/s`;
