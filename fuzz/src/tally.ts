/**
 * What a run of seeds prints, wherever the seeds ran (in this process or in workers):
 * each failure as it comes, with the command that replays it, progress every 1,000
 * seeds, and the totals at the end.
 */
import type { SimulationOptions, SimulationResult } from './simulation.ts';

export class Tally {
  private readonly started = performance.now();
  private done = 0;
  failures = 0;
  private versions = 0;
  private keystrokes = 0;
  private textsChecked = 0;

  constructor(
    private readonly options: SimulationOptions,
    private readonly print: (line: string) => void = console.log,
  ) {}

  add(result: SimulationResult): void {
    this.done++;
    this.versions += result.versions;
    this.keystrokes += result.keystrokes;
    this.textsChecked += result.textsChecked;
    if (!result.ok) {
      const o = this.options;
      this.failures++;
      this.print(`seed ${result.seed} FAILED: ${result.failure}`);
      this.print(
        `  reproduce: pnpm fuzz --seed ${result.seed} --clients ${o.clients} --actions ${o.actions} --cuts ${o.cuts} --typists ${o.typists} --keystrokes ${o.keystrokes}${o.ledger ? ' --ledger' : ''}`,
      );
    }
    if (this.done % 1000 === 0) this.print(`… ${this.done} seeds, ${this.failures} failed, ${this.seconds().toFixed(0)} s`);
  }

  /** The totals; fewer seeds done than `count` means a worker died before its seeds were done. */
  summary(first: number, count: number): void {
    const missing = count - this.done;
    this.print(
      `${this.done - this.failures} passed, ${this.failures} failed${missing > 0 ? `, ${missing} not run` : ''} (${count} seeds from ${first}, ${this.versions} versions, ${this.seconds().toFixed(1)} s)`,
    );
    this.print(
      `${this.keystrokes} keystrokes typed; ${this.textsChecked} of ${this.done * 2} typed texts checked keystroke by keystroke (the others were deleted whole)`,
    );
  }

  get count(): number {
    return this.done;
  }

  private seconds(): number {
    return (performance.now() - this.started) / 1000;
  }
}
