// Static call bounds per worker, tool and flow, and cost estimates for given sizes.
import type { CallableDef, CallableRef, Program } from "../../plan/ir.ts";
import { indexProgram, type PlanIndex } from "../plan-index.ts";
import { ASSUMED_TOKENS_PER_REQUEST, DEFAULT_PRICES, findPrice, type PriceTable } from "../prices.ts";
import { CostModel, type Cost } from "./cost.ts";
import { evaluate, render, sizeAtoms, sizeName, type Poly } from "./formula.ts";

export { DEFAULT_MAX_TURNS, DEFAULT_MODEL, DEFAULT_REDUCE_BATCH } from "./cost.ts";
export type { Cost } from "./cost.ts";
export { render as renderFormula, type Poly } from "./formula.ts";

export interface CallBound {
  readonly ref: CallableRef;
  /** Upper bound of LLM requests for one call. */
  readonly worst: Cost;
  /** Lower bound (one turn per worker, no optional work), for the low end of estimates. */
  readonly least: Cost;
  /** `4·len(decks) + 1`, or `unbounded: <reasons>`. */
  readonly text: string;
  /** Sizes that only a run can tell (`len(topics): the result of find_topics`), if the formula uses any. */
  readonly runtimeSizes: readonly string[];
}

export function boundText(cost: Cost): string {
  return cost.unbounded.length > 0 ? `unbounded: ${cost.unbounded.join("; ")}` : render(cost.total);
}

function refOf(module: string, def: CallableDef): CallableRef {
  return { kind: def.kind, name: def.name, module };
}

export class CallBounds {
  private readonly worstModel: CostModel;
  private readonly leastModel: CostModel;
  readonly index: PlanIndex;
  constructor(program: Program) {
    this.index = indexProgram(program);
    this.worstModel = new CostModel(this.index, "worst");
    this.leastModel = new CostModel(this.index, "least");
  }

  of(ref: CallableRef): CallBound {
    const worst = this.worstModel.callableCost(ref);
    const least = this.leastModel.callableCost(ref);
    const runtimeSizes = sizeAtoms(worst.total)
      .filter((a) => a.runtime)
      .map((a) => `len(${sizeName(a)})${a.origin ? `: ${a.origin}` : ""}`);
    return { ref, worst, least, text: boundText(worst), runtimeSizes };
  }

  all(): CallBound[] {
    return this.index.callables.map((c) => this.of(refOf(c.module, c.def)));
  }
}

export function callBounds(program: Program): CallBound[] {
  return new CallBounds(program).all();
}

/** The size names a bound needs for an estimate (`decks`, `document`, `decks[].pages`). */
export function sizeNames(bound: CallBound): string[] {
  return sizeAtoms(bound.worst.total).map(sizeName);
}

export interface Estimate {
  /** LLM requests, least to worst. */
  readonly requests?: { readonly low: number; readonly high: number };
  /** USD, least to worst, over the models with a known price. */
  readonly usd?: { readonly low: number; readonly high: number };
  /** Sizes that must be given (`--size name=N`). */
  readonly missing: readonly string[];
  /** Models without a price (their requests are left out of `usd`). */
  readonly unpriced: readonly string[];
}

export interface EstimateOptions {
  readonly prices?: PriceTable;
  readonly tokensPerRequest?: { readonly input: number; readonly output: number };
}

export function estimate(bound: CallBound, sizes: ReadonlyMap<string, number>, options: EstimateOptions = {}): Estimate {
  if (bound.worst.unbounded.length > 0) return { missing: [], unpriced: [] };
  const prices = options.prices ?? DEFAULT_PRICES;
  const tokens = options.tokensPerRequest ?? ASSUMED_TOKENS_PER_REQUEST;
  const value = (p: Poly): number | string[] => {
    const r = evaluate(p, sizes);
    return "value" in r ? r.value : r.missing;
  };
  const high = value(bound.worst.total);
  const low = value(bound.least.total);
  if (typeof high !== "number" || typeof low !== "number") {
    return { missing: [...new Set([...(Array.isArray(high) ? high : []), ...(Array.isArray(low) ? low : [])])], unpriced: [] };
  }
  const unpriced = new Set<string>();
  const usdOf = (cost: Cost): number => {
    let usd = 0;
    for (const [model, poly] of cost.byModel) {
      const price = findPrice(prices, model);
      if (!price) {
        unpriced.add(model);
        continue;
      }
      const n = value(poly);
      if (typeof n === "number") usd += (n * (tokens.input * price.input + tokens.output * price.output)) / 1_000_000;
    }
    return usd;
  };
  const usd = { low: usdOf(bound.least), high: usdOf(bound.worst) };
  return { requests: { low, high }, usd, missing: [], unpriced: [...unpriced] };
}

/** Parses `--size decks=50` values. */
export function parseSizes(values: readonly string[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const v of values) {
    const m = /^\s*(?:len\()?([^=()]+?)\)?\s*=\s*(\d+)\s*$/.exec(v);
    if (!m) throw new Error(`--size expects name=N (like decks=50), got ${JSON.stringify(v)}`);
    sizes.set(m[1]!, Number(m[2]));
  }
  return sizes;
}
