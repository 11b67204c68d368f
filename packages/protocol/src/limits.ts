/**
 * Every budget the server holds a client to, in one place, with the error code
 * each is refused with (SPEC L1–L8). These are the defaults: the server reads an
 * override for most of them from its environment (root README, "Configuration").
 * Pure constants: no I/O, shared by server, clients and tests.
 */
export const LIMITS = {
  /** L1: arrays and objects nested deeper than this in a patch value (`invalid-patch`) or an HTTP body (400 `bad-request`). */
  jsonDepth: 64,
  /** L1: nesting of a whole WebSocket frame (the envelope around a value adds a few levels), `bad-message`. */
  frameDepth: 128,
  /** L2: operations in one patch (P9), `invalid-patch`. A real editor's largest patch (pasting a big subtree) is a few hundred. */
  operationsPerPatch: 1_000,
  /** L3: bytes of one patch once `copy` and `move` are spelled out with their values, `patch-too-large`. */
  patchBytes: 2 * 1024 * 1024,
  /** L4: bytes of a page document (as JSON), checked before a patch applies, `document-too-large`. */
  documentBytes: 8 * 1024 * 1024,
  /** L4: components in a page document, checked before a patch applies, `document-too-large`. */
  components: 10_000,
  /**
   * L5: transformation work for one stale patch: its operations times the
   * operations logged since its base. Past it, `bad-version`: the client re-syncs
   * and rebases locally instead of the room stalling on the one thread.
   */
  transformWork: 5_000,
  /** L6: bytes of one presence payload's `selection` (as JSON), `bad-message`. */
  presenceBytes: 8 * 1024,
  /** L6: presence messages per second per connection, and the burst above it, `rate-limited`. */
  presencePerSecond: 20,
  presenceBurst: 40,
  /**
   * L6: the pace a client keeps: at most one presence message this often (1000 / presencePerSecond),
   * the pointer, view and selection changed meanwhile coalesced into it, so a moving pointer never
   * reaches the server's presence limit.
   */
  presenceIntervalMs: 50,
  /**
   * L7: invalid frames a connection may send (a burst, refilled at one a second);
   * past it the connection is closed with 1008. Each also counts against the rate limit.
   */
  invalidFrames: 20,
  /**
   * L9: patches a room has accepted but not yet stored and acknowledged; at this
   * many, a new patch is `overloaded` (with `retryAfterMs`) instead of waiting in an
   * ever longer queue. Below the log kept in memory (10 000), so that a client's base
   * never falls out of it because storage lags; far above the rate limit's burst (500)
   * and above what a room takes in a tenth of a second at its fastest (some 10 000
   * patches a second here), so that a burst (a load generator's, an office's back from
   * a pause) is stored by the next commit instead of refused: refused, it came back
   * as a wave of retries. What tells an overloaded room is the wait, below.
   */
  roomBacklog: 4096,
  /** L9: bytes of those patches (as L3 measures them); at as many, a new one is `overloaded` too: what bounds their memory. */
  roomBacklogBytes: 32 * 1024 * 1024,
  /**
   * L9: how long, in milliseconds, the oldest of those patches may have waited; past it a new
   * patch is `overloaded` too. The wait, not the count, is what tells a room that stores slower
   * than patches arrive from one that took a burst in one turn, which its next commit stores.
   * Half the benchmark's p99 bound (500 ms): at 100 a storage hiccup at 8,000 patches a second
   * already refused some.
   */
  roomQueueMs: 250,
  /** L9: a room whose log in memory holds this many patches from the last 30 s is busy: a base older than its log is then `overloaded`, not `bad-version`. */
  busyLog: 500,
} as const;

export type Limits = typeof LIMITS;

/** Operations per patch (P9, L2). */
export const MAX_OPERATIONS_PER_PATCH = LIMITS.operationsPerPatch;
/** Nesting depth of untrusted JSON (L1). */
export const MAX_JSON_DEPTH = LIMITS.jsonDepth;
