// Defining callables, and the one dispatch path every call goes through:
// validate input → open a child frame → run the worker/tool/flow → validate
// output → close the frame (disposing its tool instances) → trace.
import { throwIfAborted } from "./clock.ts";
import { makeFlowContext } from "./context.ts";
import { AbortedError, abortReason, fieldIssues, InputError, OutputError } from "./errors.ts";
import type { Frame, Scope } from "./frame.ts";
import { hashJson } from "./json.ts";
import type { z } from "zod";
import type { AnyCallable, Callable, Flow, FlowSpec, ModelSpec, Tool, ToolSpec, Worker, WorkerSpec } from "./types.ts";
import { runTool } from "./tool-runner.ts";
import { runWorker } from "./worker-loop.ts";

export function defineModel(spec: ModelSpec): ModelSpec {
  return Object.freeze({ ...spec, settings: Object.freeze({ ...spec.settings }) });
}

export function defineWorker<In, Out>(spec: WorkerSpec<In, Out>): Worker<In, Out> {
  return Object.freeze({ ...spec, kind: "worker" as const });
}

export function defineTool<In, Out>(spec: ToolSpec<In, Out>): Tool<In, Out> {
  return Object.freeze({ ...spec, kind: "tool" as const });
}

export function defineFlow<In, Out>(spec: FlowSpec<In, Out>): Flow<In, Out> {
  return Object.freeze({ ...spec, kind: "flow" as const });
}

/** Validates `input` against the callable's schema; the error names the call path and each field. */
export function validateInput<In>(callable: Callable<In, unknown>, input: unknown, path: string): In {
  const parsed = callable.input.safeParse(input);
  if (!parsed.success) throw new InputError(callable.name, path, fieldIssues(parsed.error));
  return parsed.data;
}

/** The single dispatch path: `ctx.call`, a worker's tool call and `run` all end here. */
export async function dispatch<In, Out>(scope: Scope, callable: Callable<In, Out>, input: In): Promise<Out> {
  const path = scope.childPath(scope.childName(callable.name));
  throwIfAborted(scope.signal, path);
  const value = validateInput(callable, input, path);
  const frame = scope.openFrame(callable, path);
  const tracer = scope.run.tracer;
  const journal = scope.run.journal;
  // Only a trace or a resume journal reads these (the input hash is a sha256 of the input's stable JSON).
  const fields = tracer.enabled || journal ? frameFields(scope, frame, callable, value) : undefined;
  const recorded = fields && journal?.lookup(path, fields.inputHash);
  if (fields && recorded) {
    const output = checkOutput(callable, recorded.output, path);
    tracer.emit({ type: "start", ...fields });
    tracer.emit({ type: "end", ...fields, durationMs: 0, output, usage: frame.usage.snapshot(), resumed: true });
    return output;
  }
  if (fields) tracer.emit({ type: "start", ...fields });
  let output: Out;
  try {
    try {
      const result = await runBody(scope, frame, callable, value);
      // The worker loop has already validated its answer against this very schema.
      output = callable.kind === "worker" ? (result as Out) : checkOutput(callable, result, path);
    } finally {
      const closing = frame.close();
      if (closing) await closing;
    }
  } catch (caught) {
    // A bare AbortError (user code rejecting with signal.reason) becomes the runtime's AbortedError.
    const error = frame.signal.aborted && caught instanceof Error && caught.name === "AbortError" ? abortReason(frame.signal, path) : caught;
    if (fields) traceError(scope, frame, fields, error);
    throw error;
  }
  if (fields && tracer.enabled) {
    const durationMs = scope.run.elapsed() - frame.startedAt;
    tracer.emit({ type: "end", ...fields, durationMs, output, usage: frame.usage.snapshot(), ...messagesOf(frame) });
  }
  return output;
}

type FrameFields = ReturnType<typeof frameFields>;

function frameFields(scope: Scope, frame: Frame, callable: AnyCallable, value: unknown) {
  return {
    path: frame.path,
    parent: scope.frame?.path ?? null,
    callable: callable.name,
    kind: callable.kind,
    depth: frame.depth,
    inputHash: hashJson(value),
    ...(callable.kind === "worker" ? { model: scope.run.resolveModel(callable as Worker<unknown, unknown>).id } : {}),
  };
}

function traceError(scope: Scope, frame: Frame, fields: FrameFields, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  // A sibling stopped by fail-fast or a budget carries the stopping reason; say so.
  const aborted = frame.signal.aborted && (error === frame.signal.reason || error instanceof AbortedError);
  const durationMs = scope.run.elapsed() - frame.startedAt;
  scope.run.tracer.emit({
    type: "error",
    ...fields,
    durationMs,
    error: aborted ? `aborted: ${err.message}` : err.message,
    errorName: aborted ? "Aborted" : err.name,
    usage: frame.usage.snapshot(),
    ...messagesOf(frame),
  });
}

function messagesOf(frame: Frame): { messages?: readonly unknown[] } {
  return frame.run.options.traceMessages && frame.callable.kind === "worker" ? { messages: frame.messages } : {};
}

function runBody<In, Out>(scope: Scope, frame: Frame, callable: Callable<In, Out>, input: In): Promise<unknown> {
  switch (callable.kind) {
    case "worker":
      return runWorker(frame, callable, input);
    case "tool":
      return runTool(scope, frame, callable, input);
    case "flow":
      return callable.body(makeFlowContext(frame), input);
  }
}

function checkOutput<Out>(callable: { readonly name: string; readonly output: z.ZodType<Out> }, output: unknown, path: string): Out {
  const parsed = callable.output.safeParse(output);
  if (!parsed.success) throw new OutputError(callable.name, path, fieldIssues(parsed.error));
  return parsed.data;
}
