// ScriptedProvider: a ModelProvider answered in memory by a function from
// request to response, with optional latency, a record of every request and the
// peak number of requests in flight. For tests of plans and of the runtime.
// Answers are read as an OpenAI server's (as recordings are): a `null` for an
// optional field means absent, a free-form value may be JSON text; plain
// values work as they are.
import { fromStrictValue } from "../models/openai-strict-values.ts";
import type { CallInfo, ChatRequest, ChatResponse, JsonSchema, ModelProvider, ToolCall } from "../models/provider.ts";

export type Responder = (request: ChatRequest, info: CallInfo, index: number) => ChatResponse | Promise<ChatResponse>;

export interface ScriptedOptions {
  /** Latency per request in ms (a number, or per request). */
  readonly delayMs?: number | ((request: ChatRequest, info: CallInfo, index: number) => number);
}

export class ScriptedProvider implements ModelProvider {
  readonly name = "scripted";
  readonly requests: ChatRequest[] = [];
  readonly infos: CallInfo[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Peak in flight per model id. */
  readonly maxInFlightByModel = new Map<string, number>();
  private readonly inFlightByModel = new Map<string, number>();
  /** Signals of requests that were aborted while in flight. */
  readonly aborted: string[] = [];

  constructor(
    private readonly respond: Responder,
    private readonly options: ScriptedOptions = {},
  ) {}

  decodeValue(value: unknown, schema: JsonSchema): unknown {
    return fromStrictValue(value, schema);
  }

  async complete(request: ChatRequest, info: CallInfo): Promise<ChatResponse> {
    const index = this.requests.length;
    this.requests.push(structuredClone(request) as ChatRequest);
    this.infos.push(info);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const perModel = (this.inFlightByModel.get(request.model) ?? 0) + 1;
    this.inFlightByModel.set(request.model, perModel);
    this.maxInFlightByModel.set(request.model, Math.max(perModel, this.maxInFlightByModel.get(request.model) ?? 0));
    try {
      const delay = typeof this.options.delayMs === "function" ? this.options.delayMs(request, info, index) : (this.options.delayMs ?? 0);
      if (delay > 0) await sleep(delay, info.signal, () => this.aborted.push(info.path));
      return await this.respond(request, info, index);
    } finally {
      this.inFlight--;
      this.inFlightByModel.set(request.model, this.inFlightByModel.get(request.model)! - 1);
    }
  }
}

function sleep(ms: number, signal: AbortSignal, onAbort: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer);
      onAbort();
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", abort);
      resolve();
    }, ms);
    signal.addEventListener("abort", abort, { once: true });
  });
}

const USAGE = { prompt_tokens: 10, completion_tokens: 5 };

export function reply(content: string, usage = USAGE): ChatResponse {
  return { message: { content }, finish_reason: "stop", usage };
}

export function replyJson(value: unknown, usage = USAGE): ChatResponse {
  return reply(JSON.stringify(value), usage);
}

let callCounter = 0;
export function callTools(calls: readonly { name: string; args: unknown; id?: string }[], usage = USAGE): ChatResponse {
  const toolCalls: ToolCall[] = calls.map((c) => ({
    id: c.id ?? `call_${++callCounter}`,
    type: "function",
    function: { name: c.name, arguments: typeof c.args === "string" ? c.args : JSON.stringify(c.args) },
  }));
  return { message: { content: null, tool_calls: toolCalls }, finish_reason: "tool_calls", usage };
}

/** The last user/tool message of a request, for routing responses. */
export function lastMessage(request: ChatRequest): string {
  const last = request.messages[request.messages.length - 1];
  return last && "content" in last ? (last.content ?? "") : "";
}

export function systemOf(request: ChatRequest): string {
  const first = request.messages[0];
  return first?.role === "system" ? first.content : "";
}

export const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
