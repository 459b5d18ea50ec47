// Budgets that hold: every request is reserved just before it is sent, and no
// request leaves unless the worst it could cost still fits. maxCalls counts
// requests sent (failed, retried and aborted ones too); maxTokens and maxUsd
// hold each request's worst case (request-cost.ts) until it settles, then keep
// what its answer reports. A request that ended without an answer (a timeout,
// a dropped connection, a malformed body, an abort) keeps its worst case: the
// server may have run it to the end. One answered with an error status costs
// nothing. A request that does not fit while others are in flight waits for
// them to settle; with none in flight it never will, and the budget is exceeded.
import { BudgetExceededError, ConfigError, type BudgetName } from "./errors.ts";
import type { ChatRequest } from "./models/provider.ts";
import { findPrice, type ModelPrice, type PriceTable } from "./prices.ts";
import { worstCase, type WorstCase } from "./request-cost.ts";

export interface Budgets {
  readonly maxUsd?: number;
  /** Model requests sent, whatever became of them. */
  readonly maxCalls?: number;
  /** Prompt + completion tokens. */
  readonly maxTokens?: number;
}

/** What a request holds while in flight; NO_HOLD when only maxCalls is set. */
export type BudgetHold = WorstCase;
export const NO_HOLD: BudgetHold = Object.freeze({ tokens: 0, usd: 0 });

export class BudgetGuard {
  /** False without any budget: requests skip reserving altogether. */
  readonly active: boolean;
  private readonly maxCalls: number | undefined;
  private readonly maxTokens: number | undefined;
  private readonly maxUsd: number | undefined;
  /** True with maxTokens or maxUsd: each request's worst case is held. */
  private readonly holdsCosts: boolean;
  private sent = 0;
  private answered = 0;
  private spentTokens = 0;
  private spentUsd = 0;
  private heldTokens = 0;
  private heldUsd = 0;
  private holds = 0;
  private release: { readonly settled: Promise<void>; readonly wake: () => void } | undefined;
  private readonly prices = new Map<string, ModelPrice | undefined>();

  constructor(
    budgets: Budgets,
    private readonly priceTable: PriceTable,
  ) {
    for (const [name, value] of Object.entries(budgets)) {
      if (value !== undefined && (typeof value !== "number" || !(value >= 0))) {
        throw new ConfigError(`budgets.${name} must be a number >= 0, got ${String(value)}`);
      }
    }
    this.maxCalls = budgets.maxCalls;
    this.maxTokens = budgets.maxTokens;
    this.maxUsd = budgets.maxUsd;
    this.holdsCosts = this.maxTokens !== undefined || this.maxUsd !== undefined;
    this.active = this.holdsCosts || this.maxCalls !== undefined;
  }

  /**
   * Reserves one request just before it is sent: its hold, or a promise to
   * wait on (requests in flight may free enough) before reserving again.
   * Throws BudgetExceededError when it cannot fit, and ConfigError for maxUsd
   * with a model that has no price.
   */
  reserve(request: ChatRequest, model: string): BudgetHold | Promise<void> {
    if (this.maxCalls !== undefined && this.sent >= this.maxCalls) throw this.exceeded("maxCalls", this.maxCalls, NO_HOLD);
    let hold = NO_HOLD;
    if (this.holdsCosts) {
      hold = worstCase(request, this.priceOf(model));
      const tokensOver = this.maxTokens !== undefined && this.spentTokens + this.heldTokens + hold.tokens > this.maxTokens;
      const usdOver = this.maxUsd !== undefined && this.spentUsd + this.heldUsd + hold.usd! > this.maxUsd;
      if (tokensOver || usdOver) {
        if (this.holds > 0) return this.released();
        throw tokensOver ? this.exceeded("maxTokens", this.maxTokens!, hold) : this.exceeded("maxUsd", this.maxUsd!, hold);
      }
      this.heldTokens += hold.tokens;
      this.heldUsd += hold.usd ?? 0;
      this.holds++;
    }
    this.sent++;
    return hold;
  }

  /** A request got an answer: its hold becomes what the answer reports. The error if a budget is now exceeded. */
  settleAnswered(hold: BudgetHold, tokens: number, usd: number | null): BudgetExceededError | undefined {
    this.answered++;
    this.spentTokens += tokens;
    this.spentUsd += usd ?? 0;
    if (hold === NO_HOLD) return undefined;
    this.unhold(hold);
    // Only an answer reporting more than its worst case can cross a budget here.
    if (this.maxTokens !== undefined && this.spentTokens > this.maxTokens) return this.exceeded("maxTokens", this.maxTokens);
    if (this.maxUsd !== undefined && this.spentUsd > this.maxUsd) return this.exceeded("maxUsd", this.maxUsd);
    return undefined;
  }

  /** A request failed: free with an HTTP status (the server refused it), else its worst case is kept. */
  settleFailed(hold: BudgetHold, status: number | undefined): void {
    if (hold === NO_HOLD) return;
    if (status === undefined) {
      this.spentTokens += hold.tokens;
      this.spentUsd += hold.usd ?? 0;
    }
    this.unhold(hold);
  }

  private unhold(hold: BudgetHold): void {
    this.heldTokens -= hold.tokens;
    this.heldUsd -= hold.usd ?? 0;
    this.holds--;
    const release = this.release;
    this.release = undefined;
    release?.wake();
  }

  private released(): Promise<void> {
    if (!this.release) {
      let wake!: () => void;
      const settled = new Promise<void>((resolve) => (wake = resolve));
      this.release = { settled, wake };
    }
    return this.release.settled;
  }

  private priceOf(model: string): ModelPrice | undefined {
    if (this.prices.has(model)) return this.prices.get(model);
    const price = findPrice(this.priceTable, model);
    if (!price && this.maxUsd !== undefined) {
      throw new ConfigError(
        `budgets.maxUsd needs the price of model ${model}, which flowc does not know, so the budget could not hold: ` +
          `give it in RunOptions.prices as { "${model}": { input, output } } in USD per 1M tokens (flowc run: --price ${model}=IN/OUT)`,
      );
    }
    this.prices.set(model, price);
    return price;
  }

  private exceeded(budget: BudgetName, limit: number, next?: BudgetHold): BudgetExceededError {
    const totals = {
      requests: this.sent,
      calls: this.answered,
      tokens: this.spentTokens + this.heldTokens,
      usd: this.spentUsd + this.heldUsd,
    };
    return new BudgetExceededError(budget, limit, totals, next && { tokens: next.tokens, usd: next.usd });
  }
}
