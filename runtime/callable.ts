// Defining callables, and the one dispatch path every call goes through:
// validate input → open a child frame → run the worker/tool/flow → validate
// output → close the frame (disposing its tool instances) → trace.
import { makeFlowContext } from "./context.ts";
import { fieldIssues, InputError, OutputError } from "./errors.ts";
import type { Frame, Scope } from "./frame.ts";
import { frameFailed, frameFields, frameResumed, frameSucceeded } from "./frame-end.ts";
import type { z } from "zod";
import type { Callable, Flow, FlowSpec, ModelSpec, Tool, ToolSpec, Worker, WorkerSpec } from "./types.ts";
import { runTool } from "./tool-runner.ts";
import { workerTurns } from "./worker-loop.ts";

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
export function dispatch<In, Out>(scope: Scope, callable: Callable<In, Out>, input: In): Promise<Out> {
  return callInFrame(scope, callable, input, true);
}

/** `dispatch` of an input `run` has just validated against the same schema (a big input is not parsed twice). */
export function dispatchValidated<In, Out>(scope: Scope, callable: Callable<In, Out>, value: In): Promise<Out> {
  return callInFrame(scope, callable, value, false);
}

/**
 * A call in its frame, the one place frames are opened and closed: open it
 * (or answer from the resume journal), run the body, close the frame
 * (disposing its tool instances), trace.
 */
async function callInFrame<In, Out>(scope: Scope, callable: Callable<In, Out>, input: In, validate: boolean): Promise<Out> {
  const path = scope.childPath(scope.childName(callable.name));
  scope.abort.throwIfAborted(path);
  const value = validate ? validateInput(callable, input, path) : input;
  const frame = scope.openFrame(callable, path);
  const { tracer, journal } = scope.run;
  // Only a trace or a resume journal reads these (the input hash is a sha256 of the input's stable JSON).
  const fields = tracer.enabled || journal ? frameFields(scope, frame, callable, value) : undefined;
  // A journaled output that its schema rejects is not returned: the call runs again.
  const recorded = fields && journal?.lookup(path, fields.inputHash, callable.output);
  if (fields && recorded) {
    frameResumed(frame, fields, recorded.output);
    return recorded.output as Out;
  }
  if (fields) tracer.emit({ type: "start", ...fields });
  // Another executor (DBOS) may take the call, with its open frame, elsewhere.
  const elsewhere = scope.run.options.executor?.dispatch?.(frame, callable, value, fields);
  if (elsewhere) return elsewhere;
  let output: Out;
  try {
    try {
      output = await runCallable(scope, frame, callable, value);
    } finally {
      const closing = frame.close();
      if (closing) await closing;
    }
  } catch (caught) {
    throw frameFailed(frame, fields, caught);
  }
  frameSucceeded(frame, fields, output);
  return output;
}

/** The body of a call: a worker's turns (whose answer was validated as it was parsed), a tool or a flow and its output check. */
async function runCallable<In, Out>(scope: Scope, frame: Frame, callable: Callable<In, Out>, input: In): Promise<Out> {
  switch (callable.kind) {
    case "worker":
      return workerTurns(frame, callable, input);
    case "tool":
      return checkOutput(callable, await runTool(scope, frame, callable, input), frame.path);
    case "flow":
      return checkOutput(callable, await callable.body(makeFlowContext(frame), input), frame.path);
  }
}

function checkOutput<Out>(callable: { readonly name: string; readonly output: z.ZodType<Out> }, output: unknown, path: string): Out {
  const parsed = callable.output.safeParse(output);
  if (!parsed.success) throw new OutputError(callable.name, path, fieldIssues(parsed.error));
  return parsed.data;
}
