// The executor a run workflow runs its flow body with: each worker and tool
// call goes to a DBOS queue as a call workflow `RUN/PATH` (any process may run
// it), and its recorded result ends the call's frame here: output, usage in
// the run's report and frames, its frames' trace lines under this one. Flows
// run here (their calls are dispatched in turn); so does everything a worker
// delegates to (`uses`): it is part of the worker's call.
import { raceAbort } from "../clock.ts";
import { FlowcError } from "../errors.ts";
import type { Executor } from "../executors/executor.ts";
import type { Frame } from "../frame.ts";
import { frameFailed, frameSucceeded, type FrameFields } from "../frame-end.ts";
import type { TraceEvent } from "../trace.ts";
import type { AnyCallable } from "../types.ts";
import type { SharedOptions } from "./config.ts";
import { APP_VERSION, CALL_WORKFLOW, type Engine } from "./engine.ts";
import type { CallRecord } from "./workflows.ts";

export function remoteDispatcher(engine: Engine, runId: string, shared: SharedOptions): Executor {
  return {
    name: "dbos",
    dispatch: (frame, callable, input, fields) => (callable.kind === "flow" ? undefined : callElsewhere(engine, runId, shared, frame, callable, input, fields)),
  };
}

/** The workflow id of the call at `path` in run `runId`. */
export function callId(runId: string, path: string): string {
  return `${runId}/${path}`;
}

async function callElsewhere<Out>(
  engine: Engine,
  runId: string,
  shared: SharedOptions,
  frame: Frame,
  callable: AnyCallable,
  input: unknown,
  fields: FrameFields | undefined,
): Promise<Out> {
  let record: CallRecord;
  try {
    // Enqueueing an id that exists returns that workflow: a recovered run finds its calls again.
    const handle = await engine.client.enqueue(
      { workflowName: CALL_WORKFLOW, queueName: engine.queueOf(callable, frame.run), workflowID: callId(runId, frame.path), appVersion: APP_VERSION },
      runId,
      callable.name,
      frame.depth,
      input,
      shared,
    );
    record = (await raceAbort(engine.results.wait(handle.workflowID), frame.signal, frame.path)) as CallRecord;
  } catch (caught) {
    throw frameFailed(frame, fields, asFlowcError(caught));
  }
  const run = frame.run;
  for (const usage of record.usage) {
    const absolute = { ...usage, depth: usage.depth + frame.depth };
    const usd = run.usage.record(absolute);
    if (run.tracer.enabled) frame.addUsageToLineage(absolute, usd);
  }
  if (run.tracer.enabled) for (const event of record.trace) emitBelow(frame, event);
  frameSucceeded(frame, fields, record.output);
  return record.output as Out;
}

/** A line of the call's own trace, moved under this frame (its own start and end lines are this frame's). */
function emitBelow(frame: Frame, event: TraceEvent): void {
  if (event.type === "run-start" || event.type === "run-end") return;
  if ((event.type === "start" || event.type === "end" || event.type === "error") && event.depth === 0) return;
  const { t: _t, ...rest } = event;
  const moved: Record<string, unknown> = { ...rest, path: rebase(frame.path, event.path) };
  if ("parent" in event) moved.parent = event.parent === null ? frame.parent?.path ?? null : rebase(frame.path, event.parent);
  if ("depth" in event) moved.depth = event.depth + frame.depth;
  frame.run.tracer.emit(moved as never);
}

/** `write_memo/critique` (the call's own paths start with its name) under the frame at `at`. */
function rebase(at: string, path: string): string {
  const slash = path.indexOf("/");
  return slash < 0 ? at : `${at}${path.slice(slash)}`;
}

/** DBOS hands a call's error back as a plain Error with the original name and message. */
class CallFailedError extends FlowcError {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

function asFlowcError(error: unknown): unknown {
  if (error instanceof FlowcError || !(error instanceof Error)) return error;
  return new CallFailedError(error.name, error.message);
}
