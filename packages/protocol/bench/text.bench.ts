/**
 * `npx tsx packages/protocol/bench/text.bench.ts`: what merging text costs (SPEC T14).
 * Prints figures; asserts nothing (the machine is shared and noisy).
 */
import { diffText, mergeText, transform } from '../src/index.ts';

function time(label: string, runs: number, fn: () => unknown): void {
  fn();
  const started = performance.now();
  for (let i = 0; i < runs; i++) fn();
  const ms = (performance.now() - started) / runs;
  console.log(`${label.padEnd(64)} ${ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`}`);
}

const words = Array.from({ length: 4000 }, (_, i) => `word${i % 97}`)
  .join(' ')
  .slice(0, 20_000);
const mid = words.length >> 1;
const typedEnd = `${words}!`;
const typedStart = `?${words}`;
const typedMiddle = `${words.slice(0, mid)}x${words.slice(mid)}`;
time('diffText: one keystroke in 20,000 characters', 2000, () => diffText(words, typedMiddle));
time('mergeText: two keystrokes at both ends of 20,000 characters', 2000, () => mergeText(words, typedEnd, typedStart));
const path = '/components/h/props/text';
time('transform: a text edit past a concurrent one (20,000 characters)', 2000, () =>
  transform(
    [
      { op: 'test', path, value: words },
      { op: 'replace', path, value: typedEnd },
    ],
    [{ op: 'replace', path, value: typedStart }],
  ),
);
const spread = `${words.slice(0, 5000)}A${words.slice(5000, 15000)}B${words.slice(15000)}`;
time('diffText: two edits 10,000 characters apart', 500, () => diffText(words, spread));
let seed = 7;
const noise = (n: number) =>
  Array.from({ length: n }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return 'ab'[seed % 2];
  }).join('');
const [x, y] = [noise(20_000), noise(20_000)];
time('diffText: hostile, two random 20,000-character strings over "ab"', 20, () => diffText(x, y));
time('mergeText: hostile, the same', 10, () => mergeText(x, y, noise(20_000)));
