/** Times as people say them: "just now", "5 minutes ago", "yesterday"; and a clock that ticks for them. */
import { useEffect, useState } from 'react';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;

/** How long before `now` the time `ts` (ms since the epoch) was, in words. */
export function timeAgo(ts: number, now: number): string {
  const elapsed = now - ts;
  // A clock a little ahead of ours still reads as now.
  if (elapsed < 45_000) return 'just now';
  if (elapsed < HOUR) return plural(Math.max(1, Math.round(elapsed / MINUTE)), 'minute');
  if (elapsed < DAY) return plural(Math.floor(elapsed / HOUR), 'hour');
  if (elapsed < 2 * DAY) return 'yesterday';
  if (elapsed < 30 * DAY) return plural(Math.floor(elapsed / DAY), 'day');
  return `on ${new Date(ts).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })}`;
}

/** The date and time of `ts`, short: "14:05" today, "3 Mar, 14:05" another day. */
export function clockTime(ts: number, now: number): string {
  const date = new Date(ts);
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  if (date.toDateString() === new Date(now).toDateString()) return time;
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  const day = date.toLocaleDateString(
    undefined,
    sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' },
  );
  return `${day}, ${time}`;
}

/** Date.now(), refreshed every `everyMs` so that "x minutes ago" stays true while the screen is open. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
