// `uses`: delegates exposed to a worker's model as function tools, and the
// model's tool calls run through the one dispatch path. A delegate's failure
// (bad arguments, a tool that throws, a worker that could not answer, the depth
// limit) goes back to the model as the tool result, so it can adapt; fatal
// errors (abort, budget, denied approval, a failed model request) end the loop.
import { dispatch } from "./callable.ts";
import { isFatal } from "./errors.ts";
import type { Frame } from "./frame.ts";
import { plainJsonSchema } from "./json-schema.ts";
import type { ModelProvider, ToolCall, ToolDefinition } from "./models/provider.ts";
import type { AnyCallable } from "./types.ts";

const INSTRUCTIONS_SUMMARY_CHARS = 300;

export function toolDefinition(delegate: AnyCallable): ToolDefinition {
  return { name: delegate.name, description: toolDescription(delegate), parameters: plainJsonSchema(delegate.input) };
}

/** The delegate's doc, its kind, and for a worker the start of its instructions. */
export function toolDescription(delegate: AnyCallable): string {
  const lines: string[] = [];
  if (delegate.doc) lines.push(delegate.doc.trim());
  lines.push(`Kind: ${delegate.kind}.`);
  if (delegate.kind === "worker") lines.push(`Instructions: ${summarize(delegate.instructions)}`);
  return lines.join("\n");
}

function summarize(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= INSTRUCTIONS_SUMMARY_CHARS ? flat : `${flat.slice(0, INSTRUCTIONS_SUMMARY_CHARS).trimEnd()}…`;
}

/** Runs one tool call of the model and returns the text of the `tool` message. */
export async function runToolCall(frame: Frame, delegates: ReadonlyMap<string, AnyCallable>, call: ToolCall, provider: ModelProvider, model?: string): Promise<string> {
  const delegate = delegates.get(call.function.name);
  if (!delegate) {
    return `Error: there is no tool named ${JSON.stringify(call.function.name)}; available: ${[...delegates.keys()].join(", ")}`;
  }
  let args: unknown;
  try {
    args = JSON.parse(call.function.arguments.trim() === "" ? "{}" : call.function.arguments);
  } catch (error) {
    return `Error: the arguments are not valid JSON (${(error as Error).message})`;
  }
  try {
    // The provider reads back what its wire format changed (OpenAI's strict mode).
    const input = provider.decodeValue ? provider.decodeValue(args, plainJsonSchema(delegate.input), model) : args;
    const result = await dispatch(frame, delegate, input);
    return toolResultText(result);
  } catch (error) {
    if (isFatal(error) || frame.signal.aborted) throw error;
    return `Error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Strings as they are, `void` as `null`, everything else as JSON. */
export function toolResultText(result: unknown): string {
  if (typeof result === "string") return result;
  return JSON.stringify(result) ?? "null";
}
