// `flowc run --trace FILE` and `--resume JOURNAL`: where a run's journal is
// read from and written to. A journal is never overwritten: `--trace` on an
// existing trace is refused (with `--resume` as the way on when it is this
// run's), and `--resume` takes only a journal of this flow on this input. Only
// the first and last lines are read here; the runtime streams the rest.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { summarizeJournal, type JournalSummary } from "../runtime/journal-summary.ts";
import type { RunStartEvent } from "../runtime/resume.ts";
import { JOURNAL_VERSION } from "../runtime/trace.ts";
import { UsageError } from "./output.ts";
import { displayPath } from "./paths.ts";

/** What the run is: a journal is this run's when its run-start line says the same. */
export interface RunIdentity {
  readonly callable: string;
  readonly kind: string;
  /** hashJson of the validated input, as `run()` computes it. */
  readonly inputHash: string;
}

export interface JournalPlan {
  /** Where the trace is written (the resumed journal itself, appended to, unless --trace names another file). */
  readonly trace?: string;
  readonly resume?: string;
}

export function planJournal(options: { readonly trace?: string; readonly resume?: string }, cwd: string, run: RunIdentity): JournalPlan {
  const resume = options.resume === undefined ? undefined : path.resolve(cwd, options.resume);
  const trace = options.trace === undefined ? resume : path.resolve(cwd, options.trace);
  if (resume) checkResumable(resume, displayPath(resume, cwd), run);
  if (trace && trace !== resume) checkWritable(trace, displayPath(trace, cwd), run);
  return { ...(trace ? { trace } : {}), ...(resume ? { resume } : {}) };
}

function checkResumable(file: string, shown: string, run: RunIdentity): void {
  const hint = "--resume takes the --trace file of an earlier run of this flow on this input";
  if (!existsSync(file)) throw new UsageError(`no such journal: ${shown}`, hint);
  if (!statSync(file).isFile()) throw new UsageError(`${shown} is not a file`, hint);
  const summary = summarizeJournal(file);
  if (!summary) throw new UsageError(`${shown} is empty: there is nothing to resume`, "run without --resume (add --trace FILE to keep a journal)");
  const header = summary.header;
  if (!header) throw new UsageError(`${shown} is not a flowc trace: its first line is not the start of a run`, hint);
  if ((header.journal ?? 0) > JOURNAL_VERSION) {
    throw new UsageError(`${shown} was written by a newer flowc (journal format ${header.journal})`, "resume it with the flowc that wrote it");
  }
  if (header.callable !== run.callable || header.kind !== run.kind) {
    throw new UsageError(
      `${shown} is the journal of ${header.kind} ${header.callable}, not of ${run.kind} ${run.callable}`,
      `resume it by running ${header.callable} with the input it had; or run ${run.callable} without --resume`,
    );
  }
  if (header.inputHash !== run.inputHash) {
    throw new UsageError(
      `${shown} is the journal of a run of ${run.callable} on another input`,
      `pass the --input of the run that wrote it (started ${header.startedAt}), or run without --resume`,
    );
  }
}

function checkWritable(file: string, shown: string, run: RunIdentity): void {
  if (!existsSync(file)) return;
  if (!statSync(file).isFile()) throw new UsageError(`--trace ${shown} is not a file`, "pass the path of a file to write");
  const summary = summarizeJournal(file);
  if (!summary) return; // empty: nothing to lose
  const header = summary.header;
  if (header && isThisRun(header, run)) {
    throw new UsageError(
      `${shown} already holds the journal of this run (${state(summary)}); flowc run does not overwrite it`,
      `continue it with --resume ${shown} (calls it holds are not sent again), or write the trace to another path`,
    );
  }
  if (header) {
    throw new UsageError(
      `${shown} holds the trace of another run (${sameFlow(header, run) ? `${run.callable} on another input` : `${header.kind} ${header.callable}`}, started ${header.startedAt}); flowc run does not overwrite a trace`,
      `pass another --trace path, or delete ${shown} first`,
    );
  }
  throw new UsageError(`${shown} exists and is not a flowc trace; flowc run does not overwrite it`, "pass another --trace path");
}

function sameFlow(header: RunStartEvent, run: RunIdentity): boolean {
  return header.callable === run.callable && header.kind === run.kind;
}

function isThisRun(header: RunStartEvent, run: RunIdentity): boolean {
  return sameFlow(header, run) && header.inputHash === run.inputHash;
}

function state(summary: JournalSummary): string {
  if (summary.ended === "ok") return "it finished";
  if (summary.ended === "failed") return "it ended with an error";
  return "unfinished";
}
