// The `openai` provider: the official SDK against api.openai.com or any
// OpenAI-compatible server (vLLM, Ollama, llama.cpp) given by a base URL.
// The SDK never retries (maxRetries: 0): retries, backoff and limits are the
// scheduler's job. Every SDK failure becomes a ModelError whose message has
// been scrubbed of secrets.
import OpenAI from "openai";
import { abortError, acquireRelay, markSettlesOnAbort, releaseRelay } from "./abort-relay.ts";
import { ModelError } from "./provider.ts";
import type { CallInfo, ChatRequest, ChatResponse, ModelProvider, ToolCall } from "./provider.ts";
import { redact } from "../redact.ts";
import { redactFor, resolveEndpoint } from "./credentials.ts";
import type { Endpoint } from "./credentials.ts";
import { toOpenAIRequest } from "./openai-chat.ts";
import { fromStrictValue } from "./openai-strict-values.ts";
import type { JsonSchema } from "./provider.ts";
import { OPENAI } from "./registry.ts";
import { httpModelError } from "./http-error.ts";

export { parseRetryAfter } from "./retry-after.ts";

export interface OpenAIProviderOptions {
  /** API key; default OPENAI_API_KEY. */
  readonly apiKey?: string;
  /** Base URL of an OpenAI-compatible API (`http://localhost:11434/v1`); default OPENAI_BASE_URL, then api.openai.com. */
  readonly baseURL?: string;
  /** Default per-request timeout in ms when CallInfo.timeoutMs is not given (default 120000). */
  readonly timeoutMs?: number;
  /** Where OPENAI_API_KEY / OPENAI_BASE_URL are read from (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Extra headers sent with every request (e.g. an organization header). */
  readonly headers?: Readonly<Record<string, string>>;
  /** A fetch implementation for the SDK (tests, proxies). */
  readonly fetch?: typeof fetch;
}

export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
const DEFAULT_TIMEOUT_MS = 120_000;

export class OpenAIProvider implements ModelProvider {
  readonly name = "openai";
  /** The base URL requests go to (never contains the key). */
  readonly baseURL: string;
  /** `host[:port]` of the base URL, for recordings and messages. */
  readonly host: string;
  readonly #client: OpenAI;
  readonly #apiKey: string;
  readonly #endpoint: Endpoint;
  readonly #timeoutMs: number;

  constructor(options: OpenAIProviderOptions = {}) {
    const endpoint = resolveEndpoint(OPENAI, options, DEFAULT_OPENAI_BASE_URL);
    if (!endpoint) {
      throw new ModelError(
        "No model credentials: set OPENAI_API_KEY (export OPENAI_API_KEY=sk-...) to use the OpenAI API, " +
          "or set OPENAI_BASE_URL to an OpenAI-compatible server (e.g. OPENAI_BASE_URL=http://localhost:11434/v1 for Ollama), " +
          "or run offline from a recording with `--replay <file.jsonl>`.",
        { retryable: false },
      );
    }
    this.#endpoint = endpoint;
    this.#apiKey = endpoint.apiKey;
    const headers = endpoint.headers;
    this.baseURL = endpoint.baseURL;
    this.host = endpoint.host;
    this.#timeoutMs = Math.max(1, Math.ceil(options.timeoutMs ?? DEFAULT_TIMEOUT_MS));
    this.#client = new OpenAI({
      apiKey: this.#apiKey,
      baseURL: this.baseURL,
      maxRetries: 0,
      timeout: this.#timeoutMs,
      logLevel: "off",
      ...(headers ? { defaultHeaders: { ...headers } } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    // An abort cancels the request (see complete); a custom fetch might ignore it.
    if (!options.fetch) markSettlesOnAbort(this);
  }

  complete(request: ChatRequest, info: CallInfo): Promise<ChatResponse> {
    // Not info.signal itself: the SDK never removes the abort listener it adds
    // to the signal it gets (see abort-relay.ts).
    const relay = acquireRelay(info.signal);
    if (relay.aborted) {
      releaseRelay(relay);
      return Promise.reject(abortError(info.signal));
    }
    // The SDK wants a positive integer.
    const timeout = Math.max(1, Math.ceil(info.timeoutMs ?? this.#timeoutMs));
    let sent: Promise<string>;
    try {
      // Settings (top_p, max_tokens, ...) become top-level fields as they are (the SDK does not
      // change them). A `stream` setting is turned off: the runtime reads whole answers.
      const body = toOpenAIRequest(request);
      const params = "stream" in body ? { ...body, stream: false } : body;
      // The client already has the default timeout and no retries: per-request
      // options only for what differs (each costs the SDK work, and the timeout a header).
      const options = timeout === this.#timeoutMs ? relay.requestOptions : { signal: relay.signal, timeout };
      // The raw response, read here: the SDK's own parsing step (content-type checks, a request-id
      // property defined on the body, a debug log line) is work the runtime does not use.
      sent = this.#client.chat.completions.create(params as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming, options).asResponse().then(readText);
    } catch (error) {
      releaseRelay(relay);
      return Promise.reject(this.#failure(error, request, timeout, info.signal));
    }
    // `then` rather than an async method: awaiting the SDK's promise (a thenable
    // subclass) costs an extra promise job on every request.
    return sent.then(
      (body) => {
        releaseRelay(relay);
        return this.#toResponse(body, request);
      },
      (error: unknown) => {
        releaseRelay(relay);
        throw this.#failure(error, request, timeout, info.signal);
      },
    );
  }

  /** Values the model wrote against a strict-mode schema, as the plain schema describes them. */
  decodeValue(value: unknown, schema: JsonSchema): unknown {
    return fromStrictValue(value, schema);
  }

  /** What a failed request rejects with: the abort reason when it was aborted, else a ModelError. */
  #failure(error: unknown, request: ChatRequest, timeoutMs: number, signal: AbortSignal): unknown {
    return signal.aborted ? abortError(signal) : this.#toModelError(error, request, timeoutMs);
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
    if (error instanceof OpenAI.APIConnectionTimeoutError) {
      return new ModelError(`Model request timed out after ${timeoutMs} ms (${where}).`, {
        retryable: true,
        cause: this.#sanitize(error),
      });
    }
    if (error instanceof OpenAI.APIUserAbortError) {
      return new ModelError(`Model request was aborted (${where}).`, { retryable: false, cause: this.#sanitize(error) });
    }
    if (error instanceof OpenAI.APIConnectionError) {
      const detail = connectionDetail(error);
      return new ModelError(
        `Could not connect to the model server (${where})${detail ? `: ${detail}` : ""}. ` +
          `Check OPENAI_BASE_URL and that the server is running.`,
        { retryable: true, cause: this.#sanitize(error) },
      );
    }
    if (error instanceof OpenAI.APIError && typeof error.status === "number") {
      const message = truncate(this.#redact(apiMessage(error)));
      return httpModelError(OPENAI, { status: error.status, headers: error.headers, message, where, cause: this.#sanitize(error) });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new ModelError(`Model request failed (${where}): ${truncate(this.#redact(message))}`, {
      retryable: false,
      cause: this.#sanitize(error),
    });
  }

  /** A plain Error carrying the SDK error's name and scrubbed message: nothing else (no headers) travels on. */
  #sanitize(error: unknown): Error {
    const original = error instanceof Error ? error : new Error(String(error));
    const copy = new Error(this.#redact(original.message));
    copy.name = original.name && original.name !== "Error" ? original.name : original.constructor?.name || "Error";
    return copy;
  }

  #toResponse(body: string, request: ChatRequest): ChatResponse {
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch (error) {
      // The parser's message may quote a cut-off piece of the body (and so half a secret): the cause keeps only its words.
      throw new ModelError(
        `The model server returned a malformed JSON body (${this.#where(request)}): ${snippet(this.#redact(body))}.`,
        { retryable: true, cause: new SyntaxError(this.#redact(syntaxReason(error as SyntaxError))) },
      );
    }
    const choice = isRecord(data) && Array.isArray(data.choices) ? data.choices[0] : undefined;
    const message = isRecord(choice) ? choice.message : undefined;
    if (!isRecord(data) || !isRecord(choice) || !isRecord(message)) {
      throw new ModelError(
        `The model server returned a response without choices[0].message (${this.#where(request)}): ` +
          `${snippet(this.#redact(safeStringify(data)))}.`,
        { retryable: true },
      );
    }
    const usage = isRecord(data.usage) ? data.usage : {};
    const toolCalls: ToolCall[] = [];
    if (Array.isArray(message.tool_calls) && message.tool_calls.length > 0) {
      for (const call of message.tool_calls) {
        if (!isRecord(call) || !isRecord(call.function)) continue;
        const args = call.function.arguments;
        toolCalls.push({
          id: String(call.id ?? `call_${toolCalls.length}`),
          type: "function",
          function: {
            name: String(call.function.name ?? ""),
            arguments: typeof args === "string" ? args : JSON.stringify(args ?? {}),
          },
        });
      }
    }
    const content = typeof message.content === "string" ? message.content : null;
    return {
      message: toolCalls.length > 0 ? { content, tool_calls: toolCalls } : { content },
      finish_reason: typeof choice.finish_reason === "string" ? choice.finish_reason : toolCalls.length > 0 ? "tool_calls" : "stop",
      usage: {
        prompt_tokens: toCount(usage.prompt_tokens),
        completion_tokens: toCount(usage.completion_tokens),
      },
    };
  }
}

export function createOpenAIProvider(options: OpenAIProviderOptions = {}): OpenAIProvider {
  return new OpenAIProvider(options);
}


function apiMessage(error: InstanceType<typeof OpenAI.APIError>): string {
  const body = error.error as { message?: unknown } | undefined;
  const text =
    body && typeof body.message === "string" && body.message
      ? body.message
      : // The SDK's message starts with the status; drop it (we print it ourselves).
        error.message.replace(/^\d{3}\s+/, "") || "no error body";
  return text.replace(/\s+/g, " ").trim().replace(/[.\s]+$/, "");
}

/** `Unexpected token 'B', "Bearer sk-..."... is not valid JSON` → `Unexpected token 'B'`. */
function syntaxReason(error: SyntaxError): string {
  const message = error.message;
  const quote = message.indexOf('"');
  const words = (quote >= 0 ? message.slice(0, quote) : message).replace(/[,:\s]+$/, "");
  return words || "the body is not valid JSON";
}

/** Shortens a message that has already been redacted (cutting first could leave half a secret). */
function truncate(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function connectionDetail(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const parts: string[] = [];
  let current: unknown = cause;
  for (let depth = 0; current instanceof Error && depth < 3; depth++) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === "string" ? code : current.message);
    current = (current as { cause?: unknown }).cause;
  }
  const detail = parts.filter((p) => p && p !== "fetch failed").join(": ");
  return redact(detail || error.message);
}



/** The body as text (parsed by #toResponse, which can then quote a malformed one). */
function readText(response: Response): Promise<string> {
  return response.text();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toCount(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : 0;
}

function snippet(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
