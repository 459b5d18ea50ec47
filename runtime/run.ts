// Entry points: `run` (output, usage, duration) and `runFlow` (output only).
import { dispatchValidated, validateInput } from "./callable.ts";
import { abortReason, BudgetExceededError } from "./errors.ts";
import { Scope } from "./frame.ts";
import { hashJson } from "./json.ts";
import type { RunOptions, RunResult } from "./options.ts";
import { RunState } from "./run-state.ts";
import { ResumeJournal } from "./resume.ts";
import { JOURNAL_VERSION, round } from "./trace.ts";
import type { Callable, Flow } from "./types.ts";

export async function run<In, Out>(callable: Callable<In, Out>, input: In, options: RunOptions = {}): Promise<RunResult<Out>> {
  // Another executor (DBOS) runs the whole run its own way.
  if (options.executor?.run) return options.executor.run(callable, input, options);
  // Bad input fails before anything is set up (no trace file, no provider).
  const value = validateInput(callable, input, callable.name);
  // A sha256 of the whole input: only the trace and a resume journal read it.
  const inputHash = options.trace !== undefined || options.resume !== undefined ? hashJson(value) : "";
  // A journal of another run fails here, before the trace file is opened (it may be the same file).
  const journal = options.resume === undefined ? undefined : openJournal(options.resume, callable, inputHash);
  let state: RunState;
  try {
    state = new RunState(options, journal, inputHash);
  } catch (error) {
    journal?.close();
    throw error;
  }
  if (journal) state.emit({ type: "resume", source: journal.source, ...journal.counts });
  if (state.tracer.enabled) {
    state.tracer.emit({
      type: "run-start",
      callable: callable.name,
      kind: callable.kind,
      inputHash,
      startedAt: new Date().toISOString(),
      journal: JOURNAL_VERSION,
      ...(journal ? { resumed: { entries: journal.counts.entries } } : {}),
    });
  }
  const root = new Scope({ run: state, path: "", depth: -1, abort: state.abort, declaredDepthLimit: null });
  let outcome: { ok: true; output: Out } | { ok: false; error: unknown };
  try {
    // Validated above: the root call does not parse the (possibly big) input again.
    outcome = { ok: true, output: await dispatchValidated(root, callable, value) };
  } catch (error) {
    outcome = { ok: false, error: runError(state, error) };
  }
  await root.close();
  const durationMs = round(state.elapsed());
  const usage = state.usage.report();
  state.tracer.emit({
    type: "run-end",
    ok: outcome.ok,
    ...(outcome.ok ? {} : { error: String((outcome.error as Error)?.message ?? outcome.error) }),
    usage: usage.total,
    durationMs,
  });
  state.emit({ type: "run-end", ok: outcome.ok, usage, durationMs });
  await state.dispose();
  if (!outcome.ok) throw outcome.error;
  return { output: outcome.output, usage, durationMs };
}

/** The typed entry point of generated code: the flow's output. */
export async function runFlow<In, Out>(flow: Flow<In, Out>, input: In, options?: RunOptions): Promise<Out> {
  return (await run(flow, input, options)).output;
}

function openJournal(source: NonNullable<RunOptions["resume"]>, callable: { readonly name: string; readonly kind: string }, inputHash: string): ResumeJournal {
  const journal = ResumeJournal.from(source);
  try {
    journal.verify({ callable: callable.name, kind: callable.kind, inputHash });
  } catch (error) {
    journal.close();
    throw error;
  }
  return journal;
}

/** A stopped run fails with why it was stopped (a budget), not with a sibling's symptom. */
function runError(state: RunState, error: unknown): unknown {
  if (state.signal.aborted) {
    const reason = abortReason(state.signal, "");
    if (reason instanceof BudgetExceededError) return reason;
  }
  return error;
}
