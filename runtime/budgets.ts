// Budgets stop a run cleanly: the first request that would go over maxCalls is
// not sent, and the response that crosses maxTokens/maxUsd stops the run.
import { BudgetExceededError, ConfigError } from "./errors.ts";
import type { UsageTotals } from "./usage.ts";

export interface Budgets {
  readonly maxUsd?: number;
  /** Model requests that got a response. */
  readonly maxCalls?: number;
  /** Prompt + completion tokens. */
  readonly maxTokens?: number;
}

export class BudgetGuard {
  private inFlight = 0;
  private readonly maxCalls: number | undefined;
  /** False without maxTokens and maxUsd: `check` has nothing to do. */
  private readonly checksTotals: boolean;

  constructor(
    private readonly budgets: Budgets,
    private readonly totals: () => UsageTotals,
  ) {
    for (const [name, value] of Object.entries(budgets)) {
      if (value !== undefined && (typeof value !== "number" || !(value >= 0))) {
        throw new ConfigError(`budgets.${name} must be a number >= 0, got ${String(value)}`);
      }
    }
    this.maxCalls = budgets.maxCalls;
    this.checksTotals = budgets.maxTokens !== undefined || budgets.maxUsd !== undefined;
  }

  /** Reserves a request; throws if it would go over maxCalls. Call `finish` after. */
  begin(): void {
    // Requests in flight count only against maxCalls.
    const maxCalls = this.maxCalls;
    if (maxCalls === undefined) return;
    const totals = this.totals();
    if (totals.calls + this.inFlight >= maxCalls) throw this.exceeded("maxCalls", maxCalls, totals);
    this.inFlight++;
  }

  finish(): void {
    if (this.maxCalls !== undefined) this.inFlight--;
  }

  /** After a response was recorded: the error if a budget is now exceeded. */
  check(): BudgetExceededError | undefined {
    if (!this.checksTotals) return undefined;
    const { maxTokens, maxUsd } = this.budgets;
    const totals = this.totals();
    if (maxTokens !== undefined && totals.totalTokens > maxTokens) return this.exceeded("maxTokens", maxTokens, totals);
    if (maxUsd !== undefined && (totals.usd ?? 0) > maxUsd) return this.exceeded("maxUsd", maxUsd, totals);
    return undefined;
  }

  private exceeded(budget: "maxUsd" | "maxCalls" | "maxTokens", limit: number, totals: UsageTotals): BudgetExceededError {
    return new BudgetExceededError(budget, limit, { calls: totals.calls, tokens: totals.totalTokens, usd: totals.usd ?? 0 });
  }
}
