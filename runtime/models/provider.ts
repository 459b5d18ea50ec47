// The one interface every model backend implements. Requests and responses
// use the OpenAI chat-completions wire shapes, so `record`/`replay` store
// exactly what an OpenAI-compatible server would see and send back.

export interface ToolCall {
  readonly id: string;
  readonly type: "function";
  readonly function: { readonly name: string; readonly arguments: string };
}

export type ChatMessage =
  | { readonly role: "system"; readonly content: string }
  | { readonly role: "user"; readonly content: string }
  | { readonly role: "assistant"; readonly content: string | null; readonly tool_calls?: readonly ToolCall[] }
  | { readonly role: "tool"; readonly tool_call_id: string; readonly content: string };

export interface ToolDefinition {
  readonly type: "function";
  readonly function: {
    readonly name: string;
    readonly description: string;
    readonly parameters: Record<string, unknown>;
    readonly strict?: boolean;
  };
}

export type ResponseFormat =
  | { readonly type: "text" }
  | {
      readonly type: "json_schema";
      readonly json_schema: { readonly name: string; readonly schema: Record<string, unknown>; readonly strict: true };
    };

/** A chat completion request, minus transport concerns. */
export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ToolDefinition[];
  readonly response_format?: ResponseFormat;
  readonly temperature?: number;
  /** Other literal model settings from the `.flow` file (`top_p`, `max_tokens`, ...). */
  readonly [setting: string]: unknown;
}

export interface Usage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
}

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
