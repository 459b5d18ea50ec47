// Time as the runtime sees it. Injectable (RunOptions.clock) so tests of
// backoff and rate limits run instantly and deterministically.
import { abortReason } from "./errors.ts";

export interface Clock {
  /** Milliseconds, monotonic enough for durations. */
  now(): number;
  /** Resolves after `ms`, or rejects with `signal.reason` as soon as `signal` aborts (dispatch names the frame). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** A number in [0, 1) for backoff jitter. */
  random(): number;
}

export const systemClock: Clock = Object.freeze({
  now: () => performance.now(),
  sleep: abortableSleep,
  random: () => Math.random(),
});

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

const ONCE = Object.freeze({ once: true });

/** Settles like `promise`, but rejects with the abort reason as soon as `signal` aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal, path: string): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(abortReason(signal, path));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = abortRejecter(reject, signal, path);
    signal.addEventListener("abort", onAbort, ONCE);
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

// Made here rather than as `const onAbort = () => ...` in raceAbort: this runs
// for every model request and tool call, and tsx's keepNames would add a
// `__name` call (a defineProperty on the closure) to each named arrow.
function abortRejecter(reject: (reason: unknown) => void, signal: AbortSignal, path: string): () => void {
  return () => reject(abortReason(signal, path));
}

export function throwIfAborted(signal: AbortSignal, path: string): void {
  if (signal.aborted) throw abortReason(signal, path);
}
