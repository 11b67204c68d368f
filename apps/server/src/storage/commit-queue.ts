/**
 * Group commit: every write a durable store is asked for during one turn of the
 * event loop is committed in one transaction, at the end of that turn
 * (setImmediate), whatever page it is for; writes that arrive while a commit is
 * in flight go into the next one. One fsync then covers many patches, which is
 * what keeps throughput up when every patch must be durable before its ack.
 * Writes are committed in the order they were asked for.
 *
 * Each write runs in its own savepoint, so one that fails (a version conflict, a
 * deleted page) is rolled back and rejected alone; if the transaction itself
 * fails, every write in it is rejected and nothing of it is stored.
 */
export type Work<Ctx> = (ctx: Ctx) => unknown;
export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Runs the batch in one transaction and reports each write's outcome; throws when the transaction fails. */
export type RunBatch<Item> = (batch: Item[]) => Promise<Outcome[]>;

interface Pending<Item> {
  work: Item;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * `Item` is what a write is: by default a function run inside the transaction
 * (PostgreSQL); SQLite's writer thread takes plain data instead (`submit`),
 * since a closure cannot cross to another thread.
 */
export class CommitQueue<Ctx, Item = Work<Ctx>> {
  private pending: Pending<Item>[] = [];
  private active: Promise<void> | null = null;
  private scheduled = false;
  /** Transactions committed, and the writes they held: the ratio is the batching achieved. */
  transactions = 0;
  writes = 0;

  constructor(private readonly runBatch: RunBatch<Item>) {}

  /** Queues a write; resolves with its result once its transaction has committed. */
  run<R>(work: ((ctx: Ctx) => R | Promise<R>) & Item): Promise<R> {
    return this.submit<R>(work);
  }

  /** Queues a write given as an `Item`; resolves with its result (typed by the caller) once committed. */
  submit<R>(work: Item): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Resolves once every queued write has been committed (or has failed). */
  async idle(): Promise<void> {
    while (this.active || this.scheduled || this.pending.length > 0) {
      await (this.active ?? new Promise((resolve) => setImmediate(resolve)));
    }
  }

  private schedule(): void {
    if (this.scheduled || this.active) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.active = this.commit();
    });
  }

  private async commit(): Promise<void> {
    const batch = this.pending.splice(0);
    try {
      const outcomes = await this.runBatch(batch.map((p) => p.work));
      this.transactions++;
      this.writes += batch.length;
      batch.forEach((p, i) => {
        const outcome = outcomes[i] as Outcome;
        if (outcome.ok) p.resolve(outcome.value);
        else p.reject(outcome.error);
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      this.active = null;
      if (this.pending.length > 0) this.schedule();
    }
  }
}
