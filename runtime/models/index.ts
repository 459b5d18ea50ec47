// Model providers: `openai` (the official SDK, any OpenAI-compatible server),
// `replay` (answers from a recording, offline) and `record` (a real provider
// whose answers are written to a recording on close()).
import { OpenAIProvider } from "./openai.ts";
import type { OpenAIProviderOptions } from "./openai.ts";
import type { ModelProvider } from "./provider.ts";
import { RecordProvider } from "./record.ts";
import { ReplayProvider } from "./replay.ts";
import { createRoutingProvider } from "./routing.ts";

export * from "./provider.ts";
export { OpenAIProvider, createOpenAIProvider, parseRetryAfter, DEFAULT_OPENAI_BASE_URL } from "./openai.ts";
export type { OpenAIProviderOptions } from "./openai.ts";
export { toOpenAIRequest } from "./openai-chat.ts";
export { strictJsonSchema } from "./openai-strict.ts";
export { fromStrictValue } from "./openai-strict-values.ts";
export type { OpenAIChatRequest, OpenAITool, ResponseFormat } from "./openai-chat.ts";
export { PROVIDERS, OPENAI, ANTHROPIC, hasCredentials, missingCredentials, providerOfModel } from "./registry.ts";
export { RoutingProvider, createRoutingProvider } from "./routing.ts";
export type { ProviderBuilder } from "./routing.ts";
// The Anthropic provider itself is loaded on its first request (routing.ts): importing it here would load its SDK.
export type { AnthropicProviderOptions } from "./anthropic.ts";
export { toAnthropicRequest, fromAnthropicResponse, DEFAULT_ANTHROPIC_MAX_TOKENS } from "./anthropic-messages.ts";
export type { AnthropicRequest, AnthropicMessage, AnthropicTool } from "./anthropic-messages.ts";
export type { ProviderEntry, ProviderName } from "./registry.ts";
export { ReplayProvider, createReplayProvider, diffRequests } from "./replay.ts";
export type { ReplayProviderOptions } from "./replay.ts";
export { RecordProvider, createRecordProvider, formatRecording, parseRecording, RECORDING_VERSION } from "./record.ts";
export type { Recording, RecordingEntry, RecordingHeader, RecordedFrom, RecordProviderOptions } from "./record.ts";
export { requestKey, normalizeRequest, stableStringify, messagesDigest, sha256 } from "./request-key.ts";
export { redact, redactDeep, registerSecret, containsSecret, REDACTED } from "../redact.ts";

export type ProviderConfig =
  | ({ readonly kind: "openai" } & OpenAIProviderOptions)
  /** Each request to the provider its model id names (`anthropic:claude-…`; no prefix: OpenAI), from the environment. */
  | { readonly kind: "models"; readonly env?: Readonly<Record<string, string | undefined>> }
  | { readonly kind: "replay"; readonly path: string }
  | ({
      readonly kind: "record";
      /** Where the recording is written on close(). */
      readonly path: string;
      /** The provider to record; default an `openai` provider built from the other options, or with none, a `models` one. */
      readonly inner?: ModelProvider;
      /** Written as `recorded_from.note` in the header. */
      readonly note?: string;
    } & OpenAIProviderOptions);

/**
 * Builds a provider:
 * - `{ kind: "openai", apiKey?, baseURL?, timeoutMs?, env? }`: reads OPENAI_API_KEY / OPENAI_BASE_URL;
 * - `{ kind: "models", env? }`: per model id, `anthropic:…` to Anthropic (ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL), others to OpenAI;
 * - `{ kind: "replay", path }`: answers from the recording at `path`;
 * - `{ kind: "record", path, inner? }`: records `inner` (default: an openai provider) to `path`.
 */
export function createProvider(config: ProviderConfig): ModelProvider {
  switch (config.kind) {
    case "openai": {
      const { kind: _kind, ...options } = config;
      return new OpenAIProvider(options);
    }
    case "models":
      return createRoutingProvider(config.env ? { env: config.env } : {});
    case "replay":
      return new ReplayProvider({ path: config.path });
    case "record": {
      const { kind: _kind, path, inner, note, ...options } = config;
      const real = inner ?? (Object.keys(options).length > 0 ? new OpenAIProvider(options) : createRoutingProvider());
      return new RecordProvider({ path, inner: real, ...(note ? { note } : {}) });
    }
    default: {
      const kind: never = config;
      throw new Error(`Unknown model provider kind ${JSON.stringify((kind as { kind?: unknown }).kind)}: use "openai", "models", "replay" or "record".`);
    }
  }
}
