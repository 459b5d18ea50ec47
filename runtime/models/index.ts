// Model providers: `openai` (the official SDK, any OpenAI-compatible server),
// `replay` (answers from a recording, offline) and `record` (a real provider
// whose answers are written to a recording on close()).
import { OpenAIProvider } from "./openai.ts";
import type { OpenAIProviderOptions } from "./openai.ts";
import type { ModelProvider } from "./provider.ts";
import { RecordProvider } from "./record.ts";
import { ReplayProvider } from "./replay.ts";

export * from "./provider.ts";
export { OpenAIProvider, createOpenAIProvider, parseRetryAfter, DEFAULT_OPENAI_BASE_URL } from "./openai.ts";
export type { OpenAIProviderOptions } from "./openai.ts";
export { toOpenAIRequest } from "./openai-chat.ts";
export { strictJsonSchema } from "./openai-strict.ts";
export { fromStrictValue } from "./openai-strict-values.ts";
export type { OpenAIChatRequest, OpenAITool, ResponseFormat } from "./openai-chat.ts";
export { PROVIDERS, OPENAI, hasCredentials, missingCredentials } from "./registry.ts";
export type { ProviderEntry, ProviderName } from "./registry.ts";
export { ReplayProvider, createReplayProvider, diffRequests } from "./replay.ts";
export type { ReplayProviderOptions } from "./replay.ts";
export { RecordProvider, createRecordProvider, formatRecording, parseRecording, RECORDING_VERSION } from "./record.ts";
export type { Recording, RecordingEntry, RecordingHeader, RecordedFrom, RecordProviderOptions } from "./record.ts";
export { requestKey, normalizeRequest, stableStringify, messagesDigest, sha256 } from "./request-key.ts";
export { redact, redactDeep, registerSecret, containsSecret, REDACTED } from "../redact.ts";

export type ProviderConfig =
  | ({ readonly kind: "openai" } & OpenAIProviderOptions)
  | { readonly kind: "replay"; readonly path: string }
  | ({
      readonly kind: "record";
      /** Where the recording is written on close(). */
      readonly path: string;
      /** The provider to record; default an `openai` provider built from the other options. */
      readonly inner?: ModelProvider;
      /** Written as `recorded_from.note` in the header. */
      readonly note?: string;
    } & OpenAIProviderOptions);

/**
 * Builds a provider:
 * - `{ kind: "openai", apiKey?, baseURL?, timeoutMs?, env? }`: reads OPENAI_API_KEY / OPENAI_BASE_URL;
 * - `{ kind: "replay", path }`: answers from the recording at `path`;
 * - `{ kind: "record", path, inner? }`: records `inner` (default: an openai provider) to `path`.
 */
export function createProvider(config: ProviderConfig): ModelProvider {
  switch (config.kind) {
    case "openai": {
      const { kind: _kind, ...options } = config;
      return new OpenAIProvider(options);
    }
    case "replay":
      return new ReplayProvider({ path: config.path });
    case "record": {
      const { kind: _kind, path, inner, note, ...options } = config;
      return new RecordProvider({ path, inner: inner ?? new OpenAIProvider(options), ...(note ? { note } : {}) });
    }
    default: {
      const kind: never = config;
      throw new Error(`Unknown model provider kind ${JSON.stringify((kind as { kind?: unknown }).kind)}: use "openai", "replay" or "record".`);
    }
  }
}
