// How a call frame ends (callInFrame in callable.ts): the error a failed
// frame rejects with, and the trace's end/error lines.
import { AbortedError, abortReason } from "./errors.ts";
import type { Frame, Scope } from "./frame.ts";
import { hashJson } from "./json.ts";
import type { AnyCallable, Worker } from "./types.ts";

/** A frame's fields in its trace lines; built only when a trace or a resume journal reads them. */
export type FrameFields = ReturnType<typeof frameFields>;

export function frameFields(scope: Scope, frame: Frame, callable: AnyCallable, value: unknown) {
  return {
    path: frame.path,
    parent: scope.frame?.path ?? null,
    callable: callable.name,
    kind: callable.kind,
    depth: frame.depth,
    // sha256 of the input's stable JSON (the root frame's input is the run's, hashed once by `run()`).
    inputHash: scope.path === "" && scope.run.inputHash !== "" ? scope.run.inputHash : hashJson(value),
    ...(callable.kind === "worker" ? { model: scope.run.resolveModel(callable as Worker<unknown, unknown>).id } : {}),
  };
}

/** Traces a frame that returned `output`. */
export function frameSucceeded(frame: Frame, fields: FrameFields | undefined, output: unknown): void {
  const run = frame.run;
  if (!fields || !run.tracer.enabled) return;
  const durationMs = run.elapsed() - frame.startedAt;
  run.tracer.emit({ type: "end", ...fields, durationMs, output, usage: frame.usage.snapshot(), ...messagesOf(frame) });
}

/**
 * Traces a frame answered from the resume journal; nothing when the trace is
 * that journal (appending to it: the frame's lines are already there).
 */
export function frameResumed(frame: Frame, fields: FrameFields, output: unknown): void {
  const run = frame.run;
  if (!run.tracer.enabled || run.appendsToJournal) return;
  run.tracer.emit({ type: "start", ...fields });
  run.tracer.emit({ type: "end", ...fields, durationMs: 0, output, usage: frame.usage.snapshot(), resumed: true });
}

/** The error a failed frame rejects with (traced when tracing). */
export function frameFailed(frame: Frame, fields: FrameFields | undefined, caught: unknown): unknown {
  // A bare AbortError (user code rejecting with signal.reason) becomes the runtime's AbortedError.
  const error = frame.signal.aborted && caught instanceof Error && caught.name === "AbortError" ? abortReason(frame.signal, frame.path) : caught;
  if (fields) traceError(frame, fields, error);
  return error;
}

function traceError(frame: Frame, fields: FrameFields, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  // A sibling stopped by fail-fast or a budget carries the stopping reason; say so.
  const aborted = frame.signal.aborted && (error === frame.signal.reason || error instanceof AbortedError);
  const durationMs = frame.run.elapsed() - frame.startedAt;
  frame.run.tracer.emit({
    type: "error",
    ...fields,
    durationMs,
    error: aborted ? `aborted: ${err.message}` : err.message,
    errorName: aborted ? "Aborted" : err.name,
    usage: frame.usage.snapshot(),
    ...messagesOf(frame),
  });
}

export function messagesOf(frame: Frame): { messages?: readonly unknown[] } {
  return frame.run.options.traceMessages && frame.callable.kind === "worker" ? { messages: frame.messages } : {};
}
