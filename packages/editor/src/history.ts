/**
 * Per-person undo and redo of one's own edits. An entry holds the operations of
 * a change as it was applied (`ops`) and the operations that take it back
 * (`inverse`), both in the coordinates of the current view. When someone else's
 * change arrives, every entry is carried past it, so an undo applies to the
 * document as it is now rather than as it was. What the entry touched that the
 * colleague changed after us is theirs: their later write wins, our undo drops that
 * part (see `rebase`). An entry with nothing left to undo is forgotten.
 *
 * Pure bookkeeping: the store applies `inverse` through `mutate`, like any edit.
 */
import { type Operation, transformBefore } from '@tandem/protocol';

export interface Change {
  ops: readonly Operation[];
  inverse: readonly Operation[];
}

export interface HistoryEntry extends Change {
  /** Edits with the same key in a burst merge into one step (typing into one prop). */
  readonly key: string | null;
  /** When the entry was last extended, in ms. */
  readonly at: number;
}

export interface HistoryOptions {
  /** A burst: edits with the same key at most this far apart. */
  coalesceMs?: number;
  /** The most undo (and redo) steps kept. */
  limit?: number;
}

export class History {
  private undoStack: HistoryEntry[] = [];
  private redoStack: HistoryEntry[] = [];
  /** Set after an undo or redo: the next edit starts a new step even with the same key. */
  private sealed = false;
  private readonly coalesceMs: number;
  private readonly limit: number;

  constructor(options: HistoryOptions = {}) {
    this.coalesceMs = options.coalesceMs ?? 1000;
    this.limit = options.limit ?? 200;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** For tests and debugging: the undo stack, oldest first. */
  get undoEntries(): readonly HistoryEntry[] {
    return this.undoStack;
  }

  get redoEntries(): readonly HistoryEntry[] {
    return this.redoStack;
  }

  /** A new edit of one's own: one more undo step (or part of the current burst), and no more redo. */
  record(change: Change, key: string | null, at: number): void {
    this.redoStack = [];
    const top = this.undoStack[this.undoStack.length - 1];
    if (!this.sealed && key !== null && top !== undefined && top.key === key && at - top.at <= this.coalesceMs) {
      this.undoStack[this.undoStack.length - 1] = merge(top, change, at);
      return;
    }
    this.sealed = false;
    push(this.undoStack, { ...change, key, at }, this.limit);
  }

  /** An undo was applied as `change` (its inverse redoes it). */
  pushRedo(change: Change, at: number): void {
    this.sealed = true;
    push(this.redoStack, { ...change, key: null, at }, this.limit);
  }

  /** A redo was applied as `change` (its inverse undoes it again); the redo stack stays. */
  pushUndo(change: Change, at: number): void {
    this.sealed = true;
    push(this.undoStack, { ...change, key: null, at }, this.limit);
  }

  popUndo(): HistoryEntry | undefined {
    return this.undoStack.pop();
  }

  popRedo(): HistoryEntry | undefined {
    return this.redoStack.pop();
  }

  /**
   * Someone else's change `remote` took the view forward: carry every entry past
   * it. `transformBefore` orders our entry first, so where both wrote the same
   * place the colleague's (later) write wins and that part of our undo is dropped:
   * undoing my colour change does not wipe the colour a colleague chose since.
   * Everything else shifts as it should (indices past their inserts and removals;
   * edits inside a component they deleted are dropped).
   */
  rebase(remote: readonly Operation[]): void {
    if (remote.length === 0) return;
    this.undoStack = rebaseStack(this.undoStack, remote);
    this.redoStack = rebaseStack(this.redoStack, remote);
  }

  clear(): void {
    this.undoStack = [];
    this.redoStack = [];
    this.sealed = false;
  }
}

function rebaseStack(stack: readonly HistoryEntry[], remote: readonly Operation[]): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const entry of stack) {
    const inverse = transformBefore(entry.inverse, remote);
    if (!inverse.some((op) => op.op !== 'test')) continue; // nothing of ours left to undo
    out.push({ ...entry, ops: transformBefore(entry.ops, remote), inverse });
  }
  return out;
}

/**
 * One step out of two: apply `top` then `next`, undo `next` then `top`. Typing into
 * one prop keeps a single replace each way: the latest value and the original one.
 */
function merge(top: HistoryEntry, next: Change, at: number): HistoryEntry {
  const [a] = top.ops;
  const [b] = next.ops;
  const [undoA] = top.inverse;
  const single = top.ops.length === 1 && next.ops.length === 1 && top.inverse.length === 1;
  if (single && a && b && undoA && a.path === b.path && a.path === undoA.path && isWrite(a) && isWrite(b)) {
    // Applied to the state before the burst: an `add` that created the key stays an `add`.
    return { ops: [{ op: a.op, path: a.path, value: b.value }], inverse: top.inverse, key: top.key, at };
  }
  return { ops: [...top.ops, ...next.ops], inverse: [...next.inverse, ...top.inverse], key: top.key, at };
}

function isWrite(op: Operation): op is Extract<Operation, { op: 'add' | 'replace' }> {
  return op.op === 'add' || op.op === 'replace';
}

function push(stack: HistoryEntry[], entry: HistoryEntry, limit: number): void {
  stack.push(entry);
  if (stack.length > limit) stack.splice(0, stack.length - limit);
}
