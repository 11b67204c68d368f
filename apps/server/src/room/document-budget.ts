/**
 * How big the room's page is, kept cheaply: exact when measured, an upper bound
 * in between (each accepted patch adds what it could grow the page by). A patch
 * is judged against the budgets before it applies (SPEC L3, L4); a refusal on
 * the page's size is confirmed by measuring the page exactly first, so an
 * upper bound that drifted never refuses a patch that fits.
 */
import {
  type DocumentMeasure,
  ErrorCode,
  jsonSize,
  type Operation,
  type PageDocument,
  type PatchBudget,
  type PatchCost,
  type PatchCostResult,
  patchCost,
} from '@tandem/protocol';

export class DocumentBudget {
  private measure: DocumentMeasure;
  private exact = true;

  constructor(
    doc: PageDocument,
    private readonly budget: PatchBudget,
  ) {
    this.measure = measureOf(doc);
  }

  /** The cost of `ops` on `doc` (the page as it is now), or why it is refused. */
  judge(doc: PageDocument, ops: readonly Operation[]): PatchCostResult {
    const first = patchCost(doc, ops, this.measure, this.budget);
    if (first.ok || first.error.code !== ErrorCode.DocumentTooLarge || this.exact) return first;
    this.remeasure(doc);
    return patchCost(doc, ops, this.measure, this.budget);
  }

  /** A patch judged by `judge` was applied. */
  grew(cost: PatchCost): void {
    this.measure = { bytes: this.measure.bytes + cost.growth, components: Math.max(cost.components, 0) };
    this.exact = false;
  }

  /** The page changed in a way not judged here (a server-made change): measure it. */
  remeasure(doc: PageDocument): void {
    this.measure = measureOf(doc);
    this.exact = true;
  }
}

function measureOf(doc: PageDocument): DocumentMeasure {
  return { bytes: jsonSize(doc), components: Object.keys(doc.components).length };
}
