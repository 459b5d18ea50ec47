// Backoff for retryable model errors: exponential with full jitter, or the
// server's Retry-After when it sent one.
import { ModelError } from "./models/provider.ts";

export interface RetrySettings {
  /** Retries after the first attempt. */
  readonly retries: number;
  /** Base of the exponential backoff. */
  readonly baseDelayMs: number;
  /** Cap of one backoff sleep (Retry-After is honoured even above it). */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRIES = 3;
export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
export const DEFAULT_RETRY_MAX_DELAY_MS = 30_000;

/** Full jitter: a uniform delay in [0, min(max, base · 2^(attempt-1))). */
export function backoffDelay(attempt: number, settings: RetrySettings, random: () => number): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

export function retryDelay(error: ModelError, attempt: number, settings: RetrySettings, random: () => number): number {
  return error.retryAfterMs ?? backoffDelay(attempt, settings, random);
}

/** Anything a provider throws, as a ModelError (unknown errors are not retried). */
export function asModelError(error: unknown): ModelError {
  if (error instanceof ModelError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ModelError(message, { retryable: false, cause: error });
}
