// The one interface every model backend implements, in provider-neutral
// terms: the core hands a provider the chat history, the tools it may call
// (name, description, the plain JSON Schema of their input) and the JSON
// Schema of the answer it wants; each provider turns that into its own wire
// format (OpenAI's strict mode, Anthropic's forced tool, ...). The answer
// comes back as the model wrote it (it goes into the history as it is), and
// the provider's `decodeValue` turns the JSON it holds into the values the
// plain schemas describe. The history's shapes (roles, `tool_calls`, `tool`
// messages) are the neutral ones every provider maps.

export type JsonSchema = Record<string, unknown>;

export interface ToolCall {
  readonly id: string;
  readonly type: "function";
  /** `arguments`: JSON text of a value the tool's `parameters` schema describes. */
  readonly function: { readonly name: string; readonly arguments: string };
}

export type ChatMessage =
  | { readonly role: "system"; readonly content: string }
  | { readonly role: "user"; readonly content: string }
  | { readonly role: "assistant"; readonly content: string | null; readonly tool_calls?: readonly ToolCall[] }
  | { readonly role: "tool"; readonly tool_call_id: string; readonly content: string };

/** A callable the model may call: its input as a plain JSON Schema (draft 2020-12). */
export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
}

/** The answer the model must give, as JSON: `name` is a short identifier (`[A-Za-z0-9_-]{1,64}`). */
export interface OutputSchema {
  readonly name: string;
  readonly schema: JsonSchema;
}

/** A chat request, minus transport concerns. */
export interface ChatRequest {
  /** The model id as the provider knows it. */
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ToolDefinition[];
  /** The answer's schema; absent when the answer is plain text. */
  readonly output?: OutputSchema;
  /** Literal model settings from the `.flow` file and the worker (`temperature`, `top_p`, `max_tokens`, ...). */
  readonly settings?: Readonly<Record<string, unknown>>;
}

export interface Usage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  /** Input tokens written to the prompt cache (counted in `prompt_tokens` too); Anthropic reports them. */
  readonly cache_creation_tokens?: number;
  /** Input tokens read from the prompt cache (counted in `prompt_tokens` too). */
  readonly cache_read_tokens?: number;
}

/**
 * An answer, as the model wrote it: `content` is the text (JSON text when the
 * request had an `output` schema), tool calls' `arguments` JSON text.
 */
export interface ChatResponse {
  readonly message: { readonly content: string | null; readonly tool_calls?: readonly ToolCall[] };
  readonly finish_reason: string;
  readonly usage: Usage;
}

/** Who is asking; used in error messages and recordings, never sent to the model. */
export interface CallInfo {
  readonly path: string;
  readonly worker: string;
  readonly signal: AbortSignal;
  /** Per-request timeout in milliseconds. */
  readonly timeoutMs?: number;
}

export interface ModelProvider {
  readonly name: string;
  complete(request: ChatRequest, info: CallInfo): Promise<ChatResponse>;
  /**
   * The value `schema` describes, from a value parsed from an answer's JSON
   * (its content, or a tool call's arguments): undoes what the provider's wire
   * format changed (OpenAI's strict mode sends optional fields as null). `model`
   * is the request's model id (a provider serving several models, such as the
   * routing one, decodes per model). Without it, values are taken as they are.
   */
  decodeValue?(value: unknown, schema: JsonSchema, model?: string): unknown;
  /** Flush and release resources (the recorder writes its file here). */
  close?(): Promise<void>;
}

/**
 * A failed model request. `retryable` is true for 429, 5xx, timeouts and
 * connection errors; the scheduler retries those with backoff.
 */
export class ModelError extends Error {
  readonly status?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  constructor(
    message: string,
    options: { status?: number; retryable: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = "ModelError";
    this.status = options.status;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}
