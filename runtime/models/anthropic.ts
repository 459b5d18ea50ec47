// The `anthropic` provider: Anthropic's Messages API through the official SDK
// (`@anthropic-ai/sdk`), against api.anthropic.com or a compatible server
// (`baseURL`). As with the openai provider, the SDK never retries (the
// runtime's sendWithRetries does, honouring `retry-after`), an abort cancels
// the request, and every failure becomes a ModelError scrubbed of secrets.
import Anthropic from "@anthropic-ai/sdk";
import { abortError, acquireRelay, markSettlesOnAbort, releaseRelay } from "./abort-relay.ts";
import { fromAnthropicResponse, toAnthropicRequest } from "./anthropic-messages.ts";
import { redactFor, resolveEndpoint } from "./credentials.ts";
import type { Endpoint } from "./credentials.ts";
import { ModelError } from "./provider.ts";
import type { CallInfo, ChatRequest, ChatResponse, ModelProvider } from "./provider.ts";
import { ANTHROPIC } from "./registry.ts";
import { httpModelError } from "./http-error.ts";

export interface AnthropicProviderOptions {
  /** API key; default ANTHROPIC_API_KEY. */
  readonly apiKey?: string;
  /** Base URL of the Messages API (without `/v1`); default ANTHROPIC_BASE_URL, then api.anthropic.com. */
  readonly baseURL?: string;
  /** Default per-request timeout in ms when CallInfo.timeoutMs is not given (default 120000). */
  readonly timeoutMs?: number;
  /** Where ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL are read from (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Extra headers sent with every request (e.g. an `anthropic-beta` header). */
  readonly headers?: Readonly<Record<string, string>>;
}

export const DEFAULT_ANTHROPIC_BASE_URL = "https://api.anthropic.com";
const DEFAULT_TIMEOUT_MS = 120_000;

export class AnthropicProvider implements ModelProvider {
  readonly name = "anthropic";
  readonly baseURL: string;
  readonly host: string;
  readonly #client: Anthropic;
  readonly #endpoint: Endpoint;
  readonly #timeoutMs: number;

  constructor(options: AnthropicProviderOptions = {}) {
    const endpoint = resolveEndpoint(ANTHROPIC, options, DEFAULT_ANTHROPIC_BASE_URL);
    if (!endpoint) throw new ModelError(`No Anthropic credentials: ${ANTHROPIC.credentialsHint}.`, { retryable: false });
    this.#endpoint = endpoint;
    const headers = endpoint.headers;
    this.baseURL = endpoint.baseURL;
    this.host = endpoint.host;
    this.#timeoutMs = Math.max(1, Math.ceil(options.timeoutMs ?? DEFAULT_TIMEOUT_MS));
    this.#client = new Anthropic({
      apiKey: endpoint.apiKey,
      baseURL: this.baseURL,
      maxRetries: 0,
      timeout: this.#timeoutMs,
      logLevel: "off",
      ...(headers ? { defaultHeaders: { ...headers } } : {}),
    });
    markSettlesOnAbort(this);
  }

  async complete(request: ChatRequest, info: CallInfo): Promise<ChatResponse> {
    // A relay, not info.signal: the SDK never removes the listener it adds (abort-relay.ts).
    const relay = acquireRelay(info.signal);
    const timeout = Math.max(1, Math.ceil(info.timeoutMs ?? this.#timeoutMs));
    try {
      if (relay.aborted) throw abortError(info.signal);
      const body = toAnthropicRequest(request);
      const params = body as unknown as Anthropic.MessageCreateParamsNonStreaming;
      const response = await this.#client.messages.create(params, { signal: relay.signal, timeout }).asResponse();
      const data = parseBody(await response.text());
      if (typeof data !== "object" || data === null || !Array.isArray((data as { content?: unknown }).content)) {
        // A proxy's error page, a cut-off body: worth another try, as with the openai provider.
        throw new ModelError(`The model server returned a response without a content array (${this.#where(request)}).`, { retryable: true });
      }
      return fromAnthropicResponse(data as Record<string, unknown>, request.output?.name);
    } catch (error) {
      if (info.signal.aborted) throw abortError(info.signal);
      throw error instanceof ModelError ? error : this.#toModelError(error, request, timeout);
    } finally {
      releaseRelay(relay);
    }
  }

  /** Where requests go, for recordings: provider name and host, never the key. */
  describe(): { provider: string; host: string } {
    return { provider: this.name, host: this.host };
  }

  #where(request: ChatRequest): string {
    return `model ${request.model} at ${this.host}`;
  }

  #redact(text: string): string {
    return redactFor(this.#endpoint, text);
  }

  #toModelError(error: unknown, request: ChatRequest, timeoutMs: number): ModelError {
    const where = this.#where(request);
    const cause = new Error(this.#redact(error instanceof Error ? error.message : String(error)));
    if (error instanceof Anthropic.APIConnectionTimeoutError) {
      return new ModelError(`Model request timed out after ${timeoutMs} ms (${where}).`, { retryable: true, cause });
    }
    if (error instanceof Anthropic.APIUserAbortError) {
      return new ModelError(`Model request was aborted (${where}).`, { retryable: false, cause });
    }
    if (error instanceof Anthropic.APIConnectionError) {
      return new ModelError(`Could not connect to the model server (${where}). Check ${ANTHROPIC.baseUrlVariable} and that the server is running.`, {
        retryable: true,
        cause,
      });
    }
    if (error instanceof Anthropic.APIError && typeof error.status === "number") {
      // 529 (overloaded) is retryable like 429 and 5xx.
      return httpModelError(ANTHROPIC, { status: error.status, headers: error.headers, message: this.#redact(apiMessage(error)), where, cause });
    }
    return new ModelError(`Model request failed (${where}): ${cause.message}`, { retryable: false, cause });
  }
}

export function createAnthropicProvider(options: AnthropicProviderOptions = {}): AnthropicProvider {
  return new AnthropicProvider(options);
}

/** `{"type":"error","error":{"type":"rate_limit_error","message":"..."}}` → its message. */
function apiMessage(error: InstanceType<typeof Anthropic.APIError>): string {
  const body = error.error as { error?: { message?: unknown } } | undefined;
  const text = typeof body?.error?.message === "string" && body.error.message ? body.error.message : error.message.replace(/^\d{3}\s+/, "");
  return (text || "no error body").replace(/\s+/g, " ").trim().replace(/[.\s]+$/, "").slice(0, 300);
}



/** The body as JSON, or undefined when it is not JSON. */
function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
