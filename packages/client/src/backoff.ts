/**
 * Reconnection delays: exponential growth from `initialMs`, capped at `maxMs`,
 * with jitter so that many clients dropped at once (a server restart) do not
 * all come back in the same millisecond.
 */
export interface BackoffOptions {
  /** The ceiling of the first delay. */
  initialMs?: number;
  /** No delay is ever longer than this. */
  maxMs?: number;
  /** How much the ceiling grows per attempt. */
  factor?: number;
  /**
   * The share of the ceiling that is random, 0..1: a delay falls in
   * [ceiling × (1 − jitter), ceiling]. 0.5 keeps delays apart yet never near zero.
   */
  jitter?: number;
  /** A source of numbers in [0, 1); tests pass a fixed one. */
  random?: () => number;
}

export const DEFAULT_BACKOFF = { initialMs: 250, maxMs: 5_000, factor: 2, jitter: 0.5 } as const;

/** The delay before reconnection attempt `attempt` (0 for the first). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initialMs = options.initialMs ?? DEFAULT_BACKOFF.initialMs;
  const maxMs = Math.max(options.maxMs ?? DEFAULT_BACKOFF.maxMs, 0);
  const factor = options.factor ?? DEFAULT_BACKOFF.factor;
  const jitter = Math.min(Math.max(options.jitter ?? DEFAULT_BACKOFF.jitter, 0), 1);
  const random = options.random ?? Math.random;
  // Past a few dozen attempts factor^attempt overflows to Infinity; the cap still holds.
  const ceiling = Math.min(maxMs, initialMs * factor ** Math.max(attempt, 0));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling * (1 - jitter * r));
}

/** Counts attempts since the last success and hands out their delays. */
export class Backoff {
  private attempts = 0;

  constructor(private readonly options: BackoffOptions = {}) {}

  /** The delay for the next attempt; each call counts one attempt. */
  next(): number {
    return backoffDelay(this.attempts++, this.options);
  }

  /** After a success: the next delay starts from the beginning again. */
  reset(): void {
    this.attempts = 0;
  }

  get attempt(): number {
    return this.attempts;
  }
}
