// The Messages API body for a neutral request, and the neutral answer from a
// Messages API response. The instructions go in `system`; tool calls are
// `tool_use` blocks and their answers `tool_result` blocks in a user turn; the
// answer's schema is a tool the model is made to call (`tool_choice`), whose
// input is the answer. Schemas are sent plain: no strict-mode rewriting, so
// values come back as the schema describes them.
import type { ChatMessage, ChatRequest, ChatResponse, JsonSchema, ToolCall } from "./provider.ts";

/** Sent when the plan's settings give no `max_tokens` (the Messages API requires one). */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

type Block =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: unknown }
  | { type: "tool_result"; tool_use_id: string; content: string };

export interface AnthropicMessage {
  role: "user" | "assistant";
  content: string | Block[];
}

export interface AnthropicTool {
  name: string;
  description: string;
  input_schema: JsonSchema;
}

export interface AnthropicRequest {
  model: string;
  max_tokens: number;
  system?: string;
  messages: AnthropicMessage[];
  tools?: AnthropicTool[];
  tool_choice?: { type: "tool"; name: string } | { type: "any" };
  [setting: string]: unknown;
}

export function toAnthropicRequest(request: ChatRequest): AnthropicRequest {
  const { stream: _stream, max_tokens, ...settings } = request.settings ?? {};
  const system = request.messages.filter((m) => m.role === "system").map((m) => m.content).join("\n\n");
  const tools: AnthropicTool[] = (request.tools ?? []).map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters }));
  const output = request.output;
  if (output) tools.push({ name: output.name, description: "Give your final answer by calling this tool.", input_schema: output.schema });
  return {
    model: request.model,
    max_tokens: typeof max_tokens === "number" ? max_tokens : DEFAULT_ANTHROPIC_MAX_TOKENS,
    ...settings,
    ...(system ? { system } : {}),
    messages: toMessages(request.messages),
    ...(tools.length > 0 ? { tools } : {}),
    // With tools of its own the model may call any of them; answering is calling the output tool.
    ...(output ? { tool_choice: tools.length > 1 ? { type: "any" as const } : { type: "tool" as const, name: output.name } } : {}),
  };
}

/** The history without system messages; each run of tool answers is one user turn. */
function toMessages(history: readonly ChatMessage[]): AnthropicMessage[] {
  const out: AnthropicMessage[] = [];
  for (const message of history) {
    switch (message.role) {
      case "system":
        break;
      case "user":
        out.push({ role: "user", content: message.content });
        break;
      case "assistant":
        out.push({ role: "assistant", content: assistantBlocks(message.content, message.tool_calls) });
        break;
      case "tool": {
        const block: Block = { type: "tool_result", tool_use_id: message.tool_call_id, content: message.content };
        const last = out.at(-1);
        if (last?.role === "user" && Array.isArray(last.content) && last.content.every((b) => b.type === "tool_result")) last.content.push(block);
        else out.push({ role: "user", content: [block] });
        break;
      }
    }
  }
  return out;
}

function assistantBlocks(content: string | null, calls: readonly ToolCall[] | undefined): string | Block[] {
  if (!calls || calls.length === 0) return content ?? "";
  const blocks: Block[] = content ? [{ type: "text", text: content }] : [];
  for (const call of calls) blocks.push({ type: "tool_use", id: call.id, name: call.function.name, input: parseArguments(call.function.arguments) });
  return blocks;
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text.trim() === "" ? "{}" : text);
  } catch {
    return {};
  }
}

/** A Messages API response as the neutral answer; a call of the output tool is the answer's JSON text. */
export function fromAnthropicResponse(data: Record<string, unknown>, outputName: string | undefined): ChatResponse {
  const blocks = Array.isArray(data.content) ? (data.content as Record<string, unknown>[]) : [];
  const text = blocks.filter((b) => b.type === "text").map((b) => String(b.text ?? "")).join("");
  const uses = blocks.filter((b) => b.type === "tool_use");
  const answer = uses.find((b) => b.name === outputName);
  const usage = fromAnthropicUsage(data.usage);
  if (answer) return { message: { content: JSON.stringify(answer.input ?? {}) }, finish_reason: "stop", usage };
  const toolCalls: ToolCall[] = uses.map((b, i) => ({
    id: String(b.id ?? `toolu_${i}`),
    type: "function",
    function: { name: String(b.name ?? ""), arguments: JSON.stringify(b.input ?? {}) },
  }));
  const content = text === "" && toolCalls.length > 0 ? null : text;
  return {
    message: toolCalls.length > 0 ? { content, tool_calls: toolCalls } : { content },
    finish_reason: finishReason(data.stop_reason, toolCalls.length > 0),
    usage,
  };
}

function finishReason(stop: unknown, calledTools: boolean): string {
  if (calledTools) return "tool_calls";
  if (stop === "max_tokens") return "length";
  return "stop";
}

/** Input tokens count those written to and read from the prompt cache, as OpenAI's `prompt_tokens` does. */
export function fromAnthropicUsage(value: unknown): ChatResponse["usage"] {
  const usage = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const cacheWrite = count(usage.cache_creation_input_tokens);
  const cacheRead = count(usage.cache_read_input_tokens);
  return {
    prompt_tokens: count(usage.input_tokens) + cacheWrite + cacheRead,
    completion_tokens: count(usage.output_tokens),
    ...(cacheWrite > 0 ? { cache_creation_tokens: cacheWrite } : {}),
    ...(cacheRead > 0 ? { cache_read_tokens: cacheRead } : {}),
  };
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
