// Built-in prices in USD per 1M tokens for common OpenAI models, with each
// model's largest answer (what a budget reserves for a request that does not
// set max_tokens). Prices change; RunOptions.prices overrides or extends this
// table. Unknown models cost "unknown".
import { providerOfModel } from "./models/registry.ts";

export interface ModelPrice {
  /** USD per 1M prompt (input) tokens. */
  readonly input: number;
  /** USD per 1M completion (output) tokens. */
  readonly output: number;
  /** The most output tokens one answer can have; default DEFAULT_MAX_OUTPUT_TOKENS. */
  readonly maxOutputTokens?: number;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

export const DEFAULT_PRICES: PriceTable = Object.freeze({
  "gpt-5": { input: 1.25, output: 10, maxOutputTokens: 128_000 },
  "gpt-5-mini": { input: 0.25, output: 2, maxOutputTokens: 128_000 },
  "gpt-5-nano": { input: 0.05, output: 0.4, maxOutputTokens: 128_000 },
  "gpt-4.1": { input: 2, output: 8, maxOutputTokens: 32_768 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6, maxOutputTokens: 32_768 },
  "gpt-4.1-nano": { input: 0.1, output: 0.4, maxOutputTokens: 32_768 },
  "gpt-4o": { input: 2.5, output: 10, maxOutputTokens: 16_384 },
  "gpt-4o-mini": { input: 0.15, output: 0.6, maxOutputTokens: 16_384 },
  o3: { input: 2, output: 8, maxOutputTokens: 100_000 },
  "o3-mini": { input: 1.1, output: 4.4, maxOutputTokens: 100_000 },
  "o4-mini": { input: 1.1, output: 4.4, maxOutputTokens: 100_000 },
});

/** What a budget assumes a model may answer at most when neither the request (max_tokens) nor its price says. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 16_384;

/** The price of a model id: exact match first, then a dated snapshot (`gpt-4o-2024-08-06` → `gpt-4o`). */
export function findPrice(table: PriceTable, model: string): ModelPrice | undefined {
  const exact = table[model];
  if (exact) return exact;
  // `openai:gpt-4.1-mini` costs what `gpt-4.1-mini` does.
  const unprefixed = providerOfModel(model).model;
  if (unprefixed !== model) return findPrice(table, unprefixed);
  const snapshot = /^(.*)-\d{4}-\d{2}-\d{2}$/.exec(model);
  return snapshot ? table[snapshot[1]!] : undefined;
}

export function costUsd(price: ModelPrice, promptTokens: number, completionTokens: number): number {
  return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
}
