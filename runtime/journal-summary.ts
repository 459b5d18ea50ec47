// A quick look at a journal file for `flowc run`: whose run it is (its first
// line) and how the last run on it ended (its last line), whatever its size.
import { firstAndLastLine } from "./journal-scan.ts";
import type { TraceEvent } from "./trace.ts";

type RunStartEvent = Extract<TraceEvent, { type: "run-start" }>;

/** What a journal file holds, from its first and last lines: its run, and how the last run on it ended. */
export interface JournalSummary {
  /** The run-start line; undefined when the file is not a flowc journal. */
  readonly header: RunStartEvent | undefined;
  readonly ended: "ok" | "failed" | "unfinished";
}

/** Undefined for an empty file. Reads two lines, whatever the journal's size. */
export function summarizeJournal(path: string): JournalSummary | undefined {
  const lines = firstAndLastLine(path);
  if (!lines) return undefined;
  const first = parseLine(lines.first);
  const last = parseLine(lines.last);
  const header = first?.type === "run-start" && typeof first.callable === "string" ? first : undefined;
  const ended = last?.type === "run-end" ? (last.ok ? "ok" : "failed") : "unfinished";
  return { header, ended };
}

function parseLine(line: string): TraceEvent | undefined {
  try {
    const value = JSON.parse(line) as TraceEvent;
    return value !== null && typeof value === "object" ? value : undefined;
  } catch {
    return undefined;
  }
}
