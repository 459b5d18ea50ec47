// The worst a request can cost, known before it is sent, so budgets can be
// reserved rather than checked after the fact. Prompt tokens: at most one per
// byte of the request's JSON (a BPE token is at least one byte, and the JSON
// framing outweighs the few tokens of per-message overhead). Output tokens:
// the request's own max_tokens / max_completion_tokens, else the model's
// largest answer from the price table, else DEFAULT_MAX_OUTPUT_TOKENS.
import type { ChatRequest } from "./models/provider.ts";
import { costUsd, DEFAULT_MAX_OUTPUT_TOKENS, type ModelPrice } from "./prices.ts";

export interface WorstCase {
  readonly tokens: number;
  /** Undefined when the model has no price. */
  readonly usd: number | undefined;
}

export function worstCase(request: ChatRequest, price: ModelPrice | undefined): WorstCase {
  const prompt = Buffer.byteLength(JSON.stringify(request));
  const output = maxOutputTokens(request, price);
  return { tokens: prompt + output, usd: price ? costUsd(price, prompt, output) : undefined };
}

export function maxOutputTokens(request: ChatRequest, price: ModelPrice | undefined): number {
  const set = request.settings?.max_completion_tokens ?? request.settings?.max_tokens;
  if (typeof set === "number" && Number.isFinite(set) && set > 0) return Math.ceil(set);
  return price?.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
}
