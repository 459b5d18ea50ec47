// The worker loop: system message = instructions rendered against the input,
// user message = the context value (or the input as JSON); then chat turns
// until the model answers without tool calls. The answer is parsed and
// validated; an invalid answer is sent back with the problem, up to the
// worker's repair turns (default 2). A worker given no tools refuses a tool
// call at once: nothing could answer it, and asking again would only repeat it.
import { OutputValidationError, MaxTurnsError, UnexpectedToolCallError } from "./errors.ts";
import type { Frame } from "./frame.ts";
import { toModelText } from "./json.ts";
import { runToolCall, toolDefinition } from "./delegation.ts";
import { sendWithRetries } from "./model-call.ts";
import type { ChatMessage, ChatRequest, ModelProvider, OutputSchema, ToolCall, ToolDefinition } from "./models/provider.ts";
import type { ResolvedModel } from "./run-state.ts";
import { outputPlan, type OutputPlan, type ResultKind } from "./structured-output.ts";
import { compileTemplate, renderCompiled, type CompiledTemplate } from "./template.ts";
import type { AnyCallable, Worker } from "./types.ts";

/** What a worker's calls share, whatever the run: built on its first call. */
interface WorkerShape {
  readonly plan: OutputPlan<unknown>;
  readonly instructions: CompiledTemplate;
  readonly delegates: ReadonlyMap<string, AnyCallable>;
  readonly tools: readonly ToolDefinition[] | undefined;
}

const shapes = new WeakMap<Worker<unknown, unknown>, WorkerShape>();

function shapeOf(worker: Worker<unknown, unknown>): WorkerShape {
  let shape = shapes.get(worker);
  if (!shape) {
    const delegates = new Map<string, AnyCallable>((worker.uses?.() ?? []).map((d) => [d.name, d]));
    shape = {
      plan: outputPlan(worker.name, worker.output),
      instructions: compileTemplate(worker.instructions),
      delegates,
      tools: delegates.size > 0 ? [...delegates.values()].map(toolDefinition) : undefined,
    };
    shapes.set(worker, shape);
  }
  return shape;
}

/**
 * A worker call's turns, inside its frame (which `runInFrame` opened and
 * closes): chat turns until an answer that parses and validates.
 */
export async function workerTurns<In, Out>(frame: Frame, worker: Worker<In, Out>, input: In): Promise<Out> {
  const run = frame.run;
  const model = run.resolveModel(worker as Worker<unknown, unknown>);
  const { plan, instructions, delegates, tools } = shapeOf(worker as Worker<unknown, unknown>);
  const maxTurns = worker.maxTurns ?? run.maxTurns;
  const retries = worker.retries ?? run.retry.retries;
  const repairTurns = worker.repairTurns ?? run.repairTurns;
  frame.startHistory({ role: "system", content: renderCompiled(instructions, input) }, { role: "user", content: userContent(worker, input) });
  const provider = run.resolvedProvider ?? (await run.provider());
  let repairs = 0;
  for (let turn = 1; ; turn++) {
    if (turn > maxTurns) throw new MaxTurnsError(worker.name, frame.path, maxTurns);
    const request = buildRequest(model, frame.messages, tools, plan.output);
    const { message } = await sendWithRetries({ frame, provider, worker: worker.name, model, request, retries });
    if (message.tool_calls && message.tool_calls.length > 0) {
      if (!tools) throw new UnexpectedToolCallError(worker.name, frame.path, message.tool_calls.map((call) => call.function.name));
      await runToolCalls(frame, provider, delegates, message.content, message.tool_calls, model.id);
      continue;
    }
    const parsed = plan.parse(message.content, provider, model.id);
    if (parsed.ok) {
      // After the answer, only a trace of messages reads the history.
      if (run.options.traceMessages) frame.appendHistory({ role: "assistant", content: message.content ?? "" });
      return parsed.value as Out;
    }
    if (repairs >= repairTurns) {
      frame.appendHistory({ role: "assistant", content: message.content ?? "" });
      throw new OutputValidationError(worker.name, frame.path, parsed.problem, repairs);
    }
    repairs++;
    const event = { path: frame.path, worker: worker.name, model: model.id, repair: repairs, repairTurns, problem: parsed.problem };
    run.emit({ type: "repair", ...event });
    run.tracer.emit({ type: "repair", ...event });
    frame.appendHistory({ role: "assistant", content: message.content ?? "" }, { role: "user", content: repairMessage(parsed.problem, plan.kind) });
  }
}

/** Runs the model's tool calls one after another, in its order (call paths stay deterministic), answering each in the history. */
async function runToolCalls(frame: Frame, provider: ModelProvider, delegates: ReadonlyMap<string, AnyCallable>, content: string | null, calls: readonly ToolCall[], model: string): Promise<void> {
  frame.appendHistory({ role: "assistant", content, tool_calls: calls });
  for (const call of calls) {
    frame.appendHistory({ role: "tool", tool_call_id: call.id, content: await runToolCall(frame, delegates, call, provider, model) });
  }
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
  messages: readonly ChatMessage[],
  tools: readonly ToolDefinition[] | undefined,
  output: OutputSchema | undefined,
): ChatRequest {
  // The history as it is: appending to it makes a new array (see Frame.appendHistory).
  const request: { -readonly [K in keyof ChatRequest]: ChatRequest[K] } = { model: model.id, messages, settings: model.settings };
  if (tools) request.tools = tools;
  if (output) request.output = output;
  return request;
}
