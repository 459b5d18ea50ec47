// Backoff for retryable model errors: exponential with full jitter, or the
// server's Retry-After when it sent one. Every wait is bounded: a Retry-After
// over the maximum wait fails the request at once (a run must not sleep an
// hour without a word), and one request stops retrying once its retries would
// pass the maximum retry time.
import { ModelError } from "./models/provider.ts";

export interface RetrySettings {
  /** Retries after the first attempt. */
  readonly retries: number;
  /** Base of the exponential backoff. */
  readonly baseDelayMs: number;
  /** Cap of one backoff sleep (of our own backoff; a Retry-After is bounded by maxWaitMs). */
  readonly maxDelayMs: number;
  /** The longest one wait before a retry may be, Retry-After included. */
  readonly maxWaitMs: number;
  /** The longest one request may spend retrying, from its first failure to its last retry. */
  readonly maxRetryTimeMs: number;
}

/** 6 retries (7 attempts): at a 20 % fault rate one request still fails for good only once in ~80,000. */
export const DEFAULT_RETRIES = 6;
export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
export const DEFAULT_RETRY_MAX_DELAY_MS = 30_000;
export const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;
export const DEFAULT_MAX_RETRY_TIME_MS = 300_000;
/** Node's timers fire at once (after 1 ms) for anything longer: no wait may be longer. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Full jitter: a uniform delay in [0, min(max, base · 2^(attempt-1))). */
export function backoffDelay(attempt: number, settings: Pick<RetrySettings, "baseDelayMs" | "maxDelayMs">, random: () => number): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** What to do after a failed attempt: wait and retry, or give up for a reason. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: "not-retryable" | "retries-used" }
  | { readonly retry: false; readonly reason: "wait-too-long"; readonly waitMs: number }
  | { readonly retry: false; readonly reason: "retry-time-used"; readonly delayMs: number };

/**
 * `attempt` is the attempt that just failed (1 = the first); `retryingForMs`
 * the time since the request's first failure.
 */
export function decideRetry(error: ModelError, attempt: number, retryingForMs: number, settings: RetrySettings, random: () => number): RetryDecision {
  if (!error.retryable) return NOT_RETRYABLE;
  if (attempt > settings.retries) return RETRIES_USED;
  const asked = error.retryAfterMs;
  if (asked !== undefined && asked > settings.maxWaitMs) return { retry: false, reason: "wait-too-long", waitMs: asked };
  const delayMs = asked ?? Math.min(backoffDelay(attempt, settings, random), settings.maxWaitMs);
  if (retryingForMs + delayMs > settings.maxRetryTimeMs) return { retry: false, reason: "retry-time-used", delayMs };
  return { retry: true, delayMs };
}

const NOT_RETRYABLE: RetryDecision = Object.freeze({ retry: false, reason: "not-retryable" });
const RETRIES_USED: RetryDecision = Object.freeze({ retry: false, reason: "retries-used" });

/** Anything a provider throws, as a ModelError (unknown errors are not retried). */
export function asModelError(error: unknown): ModelError {
  if (error instanceof ModelError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ModelError(message, { retryable: false, cause: error });
}

/** `250 ms`, `45 s`, `60 min`, `27,000 days`: a wait as people read it. */
export function formatWait(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 120) return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400).toLocaleString("en-US")} days`;
}
