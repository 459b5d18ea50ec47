// The worker loop: system message = instructions rendered against the input,
// user message = the context value (or the input as JSON); then chat turns
// until the model answers without tool calls. The answer is parsed and
// validated; one invalid answer is sent back once with the problem.
import { OutputValidationError, MaxTurnsError } from "./errors.ts";
import type { Frame } from "./frame.ts";
import { toModelText } from "./json.ts";
import { runToolCall, toolDefinition } from "./delegation.ts";
import { requestModel } from "./model-call.ts";
import type { ChatMessage, ChatRequest, ResponseFormat, ToolDefinition } from "./models/provider.ts";
import type { ResolvedModel } from "./run-state.ts";
import { outputPlan, type ResultKind } from "./structured-output.ts";
import { renderTemplate } from "./template.ts";
import type { AnyCallable, Worker } from "./types.ts";

export async function runWorker<In, Out>(frame: Frame, worker: Worker<In, Out>, input: In): Promise<Out> {
  const run = frame.run;
  const model = run.resolveModel(worker as Worker<unknown, unknown>);
  const plan = outputPlan(worker.name, worker.output);
  const delegates = new Map<string, AnyCallable>((worker.uses?.() ?? []).map((d) => [d.name, d]));
  const tools = delegates.size > 0 ? [...delegates.values()].map(toolDefinition) : undefined;
  const maxTurns = worker.maxTurns ?? run.maxTurns;
  const retries = worker.retries ?? run.retry.retries;
  const messages = frame.messages;
  messages.push({ role: "system", content: renderTemplate(worker.instructions, input) }, { role: "user", content: userContent(worker, input) });

  let repaired = false;
  for (let turn = 1; turn <= maxTurns; turn++) {
    const request = buildRequest(model, worker.temperature, messages, tools, plan.responseFormat);
    const { message } = await requestModel(frame, worker.name, model, request, retries);
    if (message.tool_calls && message.tool_calls.length > 0) {
      messages.push({ role: "assistant", content: message.content, tool_calls: message.tool_calls });
      // One after another, in the model's order: call paths stay deterministic.
      for (const call of message.tool_calls) {
        messages.push({ role: "tool", tool_call_id: call.id, content: await runToolCall(frame, delegates, call) });
      }
      continue;
    }
    const parsed = plan.parse(message.content);
    messages.push({ role: "assistant", content: message.content ?? "" });
    if (parsed.ok) return parsed.value;
    if (repaired) throw new OutputValidationError(worker.name, frame.path, parsed.problem);
    repaired = true;
    messages.push({ role: "user", content: repairMessage(parsed.problem, plan.kind) });
  }
  throw new MaxTurnsError(worker.name, frame.path, maxTurns);
}

/** The `context` value (strings as they are, other values as JSON), or the whole input as JSON. */
export function userContent<In>(worker: Worker<In, unknown>, input: In): string {
  return worker.context ? toModelText(worker.context(input)) : (JSON.stringify(input) ?? "null");
}

export function repairMessage(problem: string, kind: ResultKind): string {
  const shape = kind === "text" ? "" : " as JSON matching the required schema";
  return `Your answer was invalid: ${problem}. Reply again with only the corrected answer${shape}.`;
}

function buildRequest(
  model: ResolvedModel,
  temperature: number | undefined,
  messages: readonly ChatMessage[],
  tools: readonly ToolDefinition[] | undefined,
  responseFormat: ResponseFormat | undefined,
): ChatRequest {
  return {
    model: model.id,
    // A copy: the frame's history keeps growing after this request was sent.
    messages: [...messages],
    ...model.settings,
    ...(temperature === undefined ? {} : { temperature }),
    ...(tools ? { tools } : {}),
    ...(responseFormat ? { response_format: responseFormat } : {}),
  };
}
