// The wait a server asked for before a retry, from its response headers.

/**
 * Retry-After as milliseconds: `retry-after-ms` first, then `retry-after` in
 * seconds or as an HTTP date. Clamped to [0, MAX_SAFE_INTEGER]: a date in the
 * past is 0, an absurd value stays a (very long) number, which the runtime
 * refuses to sleep (RunOptions.maxRetryWaitMs) rather than hand to a timer.
 */
export function parseRetryAfter(headers: Headers | undefined | null, now: number = Date.now()): number | undefined {
  if (!headers || typeof headers.get !== "function") return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "") {
    const value = Number(ms.trim());
    if (value >= 0) return clampWait(value);
  }
  const after = headers.get("retry-after");
  if (after !== null && after.trim() !== "") {
    const seconds = Number(after.trim());
    if (!Number.isNaN(seconds)) return seconds >= 0 ? clampWait(seconds * 1000) : undefined;
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return clampWait(date - now);
  }
  return undefined;
}

function clampWait(ms: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, Math.round(ms)));
}

