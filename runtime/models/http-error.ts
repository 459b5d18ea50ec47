// A model server's HTTP error as a ModelError, the same for every provider:
// 408, 429 and 5xx (Anthropic's 529 "overloaded" among them) are retryable,
// with the wait the server asked for (`retry-after-ms`, `retry-after`); 401 and
// 404 name the provider's variables to check.
import { ModelError } from "./provider.ts";
import type { ProviderEntry } from "./registry.ts";
import { parseRetryAfter } from "./retry-after.ts";

export interface HttpFailure {
  readonly status: number;
  readonly headers: Headers | undefined | null;
  /** The server's message, already redacted. */
  readonly message: string;
  /** `model gpt-4.1 at api.openai.com`. */
  readonly where: string;
  readonly cause: Error;
}

export function httpModelError(provider: ProviderEntry, failure: HttpFailure): ModelError {
  const { status, where, cause } = failure;
  const retryable = status === 408 || status === 429 || status >= 500;
  const retryAfterMs = parseRetryAfter(failure.headers);
  const hint =
    status === 401
      ? ` Check ${provider.apiKeyVariable}.`
      : status === 404
        ? ` Check the model id and ${provider.baseUrlVariable}.`
        : "";
  return new ModelError(`Model request failed with HTTP ${status} (${where}): ${failure.message}.${hint}`, {
    status,
    retryable,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    cause,
  });
}
