// Defining callables, and the one dispatch path every call goes through:
// validate input → open a child frame → run the worker/tool/flow → validate
// output → close the frame (disposing its tool instances) → trace. A worker's
// frame is run and ended by the worker loop (worker-loop.ts).
import { makeFlowContext } from "./context.ts";
import { fieldIssues, InputError, OutputError } from "./errors.ts";
import type { Frame, Scope } from "./frame.ts";
import { frameFailed, frameFields, frameResumed, frameSucceeded, type FrameFields } from "./frame-end.ts";
import type { z } from "zod";
import type { Callable, Flow, FlowSpec, ModelSpec, Tool, ToolSpec, Worker, WorkerSpec } from "./types.ts";
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
export function dispatch<In, Out>(scope: Scope, callable: Callable<In, Out>, input: In): Promise<Out> {
  return startCall(scope, callable, input, true);
}

/** `dispatch` of an input `run` has just validated against the same schema (a big input is not parsed twice). */
export function dispatchValidated<In, Out>(scope: Scope, callable: Callable<In, Out>, value: In): Promise<Out> {
  return startCall(scope, callable, value, false);
}

/**
 * Not async: a worker's frame is run and ended by the worker loop's own async
 * function, so a worker call costs one async layer (a promise and a job) less.
 * Whatever fails before the body starts still rejects; it never throws.
 */
function startCall<In, Out>(scope: Scope, callable: Callable<In, Out>, input: In, validate: boolean): Promise<Out> {
  let frame: Frame;
  let value: In;
  let fields: FrameFields | undefined;
  try {
    const path = scope.childPath(scope.childName(callable.name));
    scope.abort.throwIfAborted(path);
    value = validate ? validateInput(callable, input, path) : input;
    frame = scope.openFrame(callable, path);
    const tracer = scope.run.tracer;
    const journal = scope.run.journal;
    // Only a trace or a resume journal reads these (the input hash is a sha256 of the input's stable JSON).
    fields = tracer.enabled || journal ? frameFields(scope, frame, callable, value) : undefined;
    // A journaled output that its schema rejects is not returned: the call runs again.
    const recorded = fields && journal?.lookup(path, fields.inputHash, callable.output);
    if (fields && recorded) {
      frameResumed(frame, fields, recorded.output);
      return Promise.resolve(recorded.output as Out);
    }
    if (fields) tracer.emit({ type: "start", ...fields });
  } catch (error) {
    return Promise.reject(error);
  }
  // Another executor (DBOS) may take the call, with its open frame, elsewhere.
  const elsewhere = scope.run.options.executor?.dispatch?.(frame, callable, value, fields);
  if (elsewhere) return elsewhere;
  return callable.kind === "worker" ? runWorker(frame, callable, value, fields) : runBody(scope, frame, callable, value, fields);
}

/** A tool or a flow in its frame: run, check the output, close the frame, trace. */
async function runBody<In, Out>(scope: Scope, frame: Frame, callable: Tool<In, Out> | Flow<In, Out>, input: In, fields: FrameFields | undefined): Promise<Out> {
  let output: Out;
  try {
    try {
      const result = callable.kind === "tool" ? await runTool(scope, frame, callable, input) : await callable.body(makeFlowContext(frame), input);
      output = checkOutput(callable, result, frame.path);
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

function checkOutput<Out>(callable: { readonly name: string; readonly output: z.ZodType<Out> }, output: unknown, path: string): Out {
  const parsed = callable.output.safeParse(output);
  if (!parsed.success) throw new OutputError(callable.name, path, fieldIssues(parsed.error));
  return parsed.data;
}
