// The OpenAI chat-completions wire format: a provider-neutral request as the
// body an OpenAI-compatible server is sent, tools and the answer's schema in
// strict mode (openai-strict.ts). Recordings keep requests in this form
// (record.ts), so a recording's request is what such a server sees. The
// values the model writes against those schemas are read back by
// `fromStrictValue` (openai-strict-values.ts), the provider's `decodeValue`.
import { strictJsonSchema } from "./openai-strict.ts";
import type { ChatMessage, ChatRequest, OutputSchema, ToolDefinition } from "./provider.ts";

export interface OpenAITool {
  readonly type: "function";
  readonly function: { readonly name: string; readonly description: string; readonly parameters: Record<string, unknown>; readonly strict?: boolean };
}

export type ResponseFormat =
  | { readonly type: "text" }
  | { readonly type: "json_schema"; readonly json_schema: { readonly name: string; readonly schema: Record<string, unknown>; readonly strict: true } };

/** A chat-completions request body (minus `stream`). */
export interface OpenAIChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly OpenAITool[];
  readonly response_format?: ResponseFormat;
  /** The model settings, as top-level fields. */
  readonly [setting: string]: unknown;
}

// A worker's tool list and output schema are made once (worker-loop.ts): their wire forms are too.
const toolLists = new WeakMap<readonly ToolDefinition[], readonly OpenAITool[]>();
const formats = new WeakMap<OutputSchema, ResponseFormat>();

export function toOpenAIRequest(request: ChatRequest): OpenAIChatRequest {
  const body: Record<string, unknown> = { model: request.model, messages: request.messages };
  const settings = request.settings;
  if (settings) for (const key in settings) if (Object.hasOwn(settings, key)) body[key] = settings[key];
  if (request.tools) body.tools = openAITools(request.tools);
  if (request.output) body.response_format = responseFormat(request.output);
  return body as OpenAIChatRequest;
}

function openAITools(tools: readonly ToolDefinition[]): readonly OpenAITool[] {
  let wire = toolLists.get(tools);
  if (!wire) {
    wire = tools.map((tool) => ({
      type: "function",
      function: { name: tool.name, description: tool.description, parameters: strictJsonSchema(tool.parameters), strict: true },
    }));
    toolLists.set(tools, wire);
  }
  return wire;
}

function responseFormat(output: OutputSchema): ResponseFormat {
  let format = formats.get(output);
  if (!format) {
    format = { type: "json_schema", json_schema: { name: output.name, schema: strictJsonSchema(output.schema), strict: true } };
    formats.set(output, format);
  }
  return format;
}
