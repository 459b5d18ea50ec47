// Token and cost accounting. Every model response is recorded once, with the
// worker, model and depth it belongs to, and rolled up into the run's report.
import { costUsd, findPrice, type ModelPrice, type PriceTable } from "./prices.ts";

export interface UsageTotals {
  readonly calls: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
  /** USD for the priced calls; null when no call in this bucket had a known price. */
  readonly usd: number | null;
}

export interface UsageReport {
  readonly total: UsageTotals;
  /** Keyed by worker name. */
  readonly byWorker: Readonly<Record<string, UsageTotals>>;
  /** Keyed by the model id actually requested (after alias overrides). */
  readonly byModel: Readonly<Record<string, UsageTotals>>;
  /** Keyed by frame depth of the worker that made the call (root frame = 0). */
  readonly byDepth: Readonly<Record<string, UsageTotals>>;
  /** Models without a known price: their calls are not in any `usd` figure. */
  readonly unpricedModels: readonly string[];
}

export interface UsageRecord {
  readonly worker: string;
  readonly model: string;
  readonly depth: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
}

// `usd` is always a number here (with `priced` saying whether any call had a
// price): a field that goes from null to numbers makes V8 box every sum anew.
interface MutableTotals {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  usd: number;
  priced: boolean;
}

interface RecordTarget {
  readonly worker: string;
  readonly model: string;
  readonly depth: number;
  readonly price: ModelPrice | undefined;
  readonly byWorker: MutableTotals;
  readonly byModel: MutableTotals;
  readonly byDepth: MutableTotals;
}

export const EMPTY_TOTALS: UsageTotals = Object.freeze({ calls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, usd: null });

function emptyTotals(): MutableTotals {
  return { calls: 0, promptTokens: 0, completionTokens: 0, usd: 0, priced: false };
}

function add(into: MutableTotals, record: UsageRecord, usd: number | null): void {
  into.calls += 1;
  into.promptTokens += record.promptTokens;
  into.completionTokens += record.completionTokens;
  if (usd !== null) {
    into.usd += usd;
    into.priced = true;
  }
}

function freeze(totals: MutableTotals): UsageTotals {
  return Object.freeze({
    calls: totals.calls,
    promptTokens: totals.promptTokens,
    completionTokens: totals.completionTokens,
    totalTokens: totals.promptTokens + totals.completionTokens,
    usd: totals.priced ? totals.usd : null,
  });
}

/** A running sum, used both for the whole run and for each frame's subtree. */
export class UsageCounter {
  private readonly totals = emptyTotals();
  add(record: UsageRecord, usd: number | null): void {
    add(this.totals, record, usd);
  }
  snapshot(): UsageTotals {
    return freeze(this.totals);
  }
}

export class UsageTracker {
  private readonly total = emptyTotals();
  private readonly byWorker = new Map<string, MutableTotals>();
  private readonly byModel = new Map<string, MutableTotals>();
  private readonly byDepth = new Map<string, MutableTotals>();
  private readonly unpriced = new Set<string>();

  /** Where the last record went: consecutive records (a map over one worker) mostly go to the same buckets. */
  private last: RecordTarget | undefined;

  constructor(private readonly prices: PriceTable) {}

  /** Records one model response and returns its cost (null when the model has no price). */
  record(record: UsageRecord): number | null {
    const target = this.targetOf(record);
    const price = target.price;
    const usd = price ? costUsd(price, record.promptTokens, record.completionTokens) : null;
    add(this.total, record, usd);
    add(target.byWorker, record, usd);
    add(target.byModel, record, usd);
    add(target.byDepth, record, usd);
    return usd;
  }

  private targetOf({ worker, model, depth }: UsageRecord): RecordTarget {
    const last = this.last;
    if (last && last.worker === worker && last.model === model && last.depth === depth) return last;
    const price = findPrice(this.prices, model);
    if (!price) this.unpriced.add(model);
    return (this.last = {
      worker,
      model,
      depth,
      price,
      byWorker: bucket(this.byWorker, worker),
      byModel: bucket(this.byModel, model),
      byDepth: bucket(this.byDepth, String(depth)),
    });
  }

  totals(): UsageTotals {
    return freeze(this.total);
  }

  report(): UsageReport {
    return Object.freeze({
      total: freeze(this.total),
      byWorker: freezeMap(this.byWorker),
      byModel: freezeMap(this.byModel),
      byDepth: freezeMap(this.byDepth),
      unpricedModels: Object.freeze([...this.unpriced].sort()),
    });
  }
}

function bucket(map: Map<string, MutableTotals>, key: string): MutableTotals {
  let totals = map.get(key);
  if (!totals) map.set(key, (totals = emptyTotals()));
  return totals;
}

function freezeMap(map: Map<string, MutableTotals>): Record<string, UsageTotals> {
  const out: Record<string, UsageTotals> = {};
  for (const key of [...map.keys()].sort()) out[key] = freeze(map.get(key)!);
  return Object.freeze(out);
}
