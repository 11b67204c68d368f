/**
 * How many pages one address may create per minute: `POST /api/pages`, and a
 * ticket for an id that does not exist yet (which creates that page). A token
 * bucket per address, `perMinute` deep and refilled at `perMinute` a minute, so
 * a burst is allowed and a steady flood is not. There are no accounts yet: the
 * key is the client's address (IPv6 by its /64, which one host usually has
 * whole); once people sign in, the user is the key too.
 *
 * Memory stays bounded by the addresses seen in the last minute: a bucket that
 * has refilled completely is the same as no bucket, and is swept.
 */
export interface CreationVerdict {
  ok: boolean;
  /** When refused: whole seconds until one more page may be created (`Retry-After`). */
  retryAfterSeconds: number;
}

/** Counts one attempt under a key, or refuses it: this process's buckets (CreationLimiter) or every process's (SharedLimiter). */
export interface Limiter {
  take(key: string): CreationVerdict | Promise<CreationVerdict>;
}

/** Makes the limiter for one kind of attempt (`login-address`, `page-creation`, …) at `perMinute`. */
export type LimiterFactory = (name: string, perMinute: number) => Limiter;

interface Bucket {
  tokens: number;
  last: number;
}

const MINUTE = 60_000;

export class CreationLimiter implements Limiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep: number;

  /** `perMinute` 0 turns the limit off. */
  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSweep = now();
  }

  /** Counts one page created by `address`, or refuses it. */
  take(address: string): CreationVerdict {
    if (this.perMinute === 0) return { ok: true, retryAfterSeconds: 0 };
    const now = this.now();
    this.sweep(now);
    const key = addressKey(address);
    const rate = this.perMinute / MINUTE;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, last: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.last) * rate);
    bucket.last = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, retryAfterSeconds: 0 };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000)) };
  }

  /** Addresses being tracked (for tests). */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < MINUTE) return;
    this.lastSweep = now;
    // Refilling takes at most a minute: a bucket untouched for that long is full.
    for (const [key, bucket] of this.buckets) if (now - bucket.last >= MINUTE) this.buckets.delete(key);
  }
}

/** An IPv4 address as it is (also when IPv4-mapped); an IPv6 address by its first 64 bits. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1] as string;
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.toLowerCase().split('%')[0]?.split('::') ?? [''];
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => (Number.parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`;
}
