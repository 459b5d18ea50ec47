// Prices for cost estimates: the runtime's built-in table (plain data), so a
// review and a run price the same model the same way.
export { DEFAULT_PRICES, findPrice, type ModelPrice, type PriceTable } from "../../runtime/prices.ts";

/** Tokens assumed per LLM request when estimating a cost range (see docs/review.md). */
export const ASSUMED_TOKENS_PER_REQUEST = { input: 2_000, output: 500 } as const;
