import { expect, test } from 'vitest';
import { clockTime, timeAgo } from './time.ts';

const now = Date.UTC(2025, 5, 15, 12, 0, 0);
const ago = (ms: number) => timeAgo(now - ms, now);

test('timeAgo says it as people do', () => {
  expect(ago(0)).toBe('just now');
  expect(ago(-5_000)).toBe('just now'); // a clock slightly ahead
  expect(ago(44_000)).toBe('just now');
  expect(ago(50_000)).toBe('1 minute ago');
  expect(ago(60_000)).toBe('1 minute ago');
  expect(ago(5 * 60_000)).toBe('5 minutes ago');
  expect(ago(59 * 60_000)).toBe('59 minutes ago');
  expect(ago(60 * 60_000)).toBe('1 hour ago');
  expect(ago(3.5 * 60 * 60_000)).toBe('3 hours ago');
  expect(ago(25 * 60 * 60_000)).toBe('yesterday');
  expect(ago(3 * 24 * 60 * 60_000)).toBe('3 days ago');
  expect(ago(60 * 24 * 60 * 60_000)).toMatch(/^on /);
});

test('clockTime leaves out the date for today', () => {
  const local = new Date(2025, 5, 15, 14, 5).getTime();
  const today = new Date(2025, 5, 15, 18, 0).getTime();
  expect(clockTime(local, today)).not.toContain(',');
  expect(clockTime(local, new Date(2025, 5, 17).getTime())).toContain(',');
});
