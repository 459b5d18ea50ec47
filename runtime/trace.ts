// The trace: one JSON line per frame event, written as it happens, so a
// crashed run still leaves its journal (`resume.ts` reads it back). Values are
// written as they were, so a resumed call returns exactly what it returned;
// only credentials the runtime knows are scrubbed (redact.ts), and an `end`
// line that had one in it says `"redacted": true` (resume runs that call
// again). Error texts are redacted as messages (patterns too); secret tool
// arguments are masked (secret-fields.ts).
import { closeSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { RepairEvent, RetryEvent } from "./options.ts";
import type { UsageTotals } from "./usage.ts";
import { redact, scrubKnown } from "./redact.ts";
import { maskSecretFields, maskToolCallMessages } from "./secret-fields.ts";

/** The journal format, in every `run-start` line. */
export const JOURNAL_VERSION = 1;

export type CallableKind = "worker" | "tool" | "flow";

interface FrameFields {
  readonly path: string;
  /** Path of the enclosing frame; null for the root frame. */
  readonly parent: string | null;
  readonly callable: string;
  readonly kind: CallableKind;
  readonly depth: number;
  /** sha256 of the stable JSON of the validated input. */
  readonly inputHash: string;
  /** For workers: the model id requested (after overrides). */
  readonly model?: string;
}

/** `t` is milliseconds since the run started. */
export type TraceEvent =
  | {
      readonly type: "run-start";
      readonly t: number;
      readonly callable: string;
      readonly kind: CallableKind;
      /** sha256 of the stable JSON of the run's validated input: with `callable`, what makes a journal this run's. */
      readonly inputHash: string;
      readonly startedAt: string;
      /** JOURNAL_VERSION (absent in traces written before it). */
      readonly journal?: number;
      /** In a run resumed from a journal: how many results it found there. */
      readonly resumed?: { readonly entries: number };
    }
  | ({ readonly type: "start"; readonly t: number } & FrameFields)
  | ({
      readonly type: "end";
      readonly t: number;
      readonly durationMs: number;
      readonly output: unknown;
      /** Tokens of this frame and everything below it. */
      readonly usage: UsageTotals;
      /** True when the output came from a resumed journal instead of a call. */
      readonly resumed?: true;
      /** True when a known secret was scrubbed from this line: its output is not the real one, so resume runs the call again. */
      readonly redacted?: true;
      /** A worker's chat history, with RunOptions.traceMessages. */
      readonly messages?: readonly unknown[];
    } & FrameFields)
  | ({
      readonly type: "error";
      readonly t: number;
      readonly durationMs: number;
      readonly error: string;
      readonly errorName: string;
      readonly usage: UsageTotals;
      readonly messages?: readonly unknown[];
    } & FrameFields)
  | {
      readonly type: "approval";
      readonly t: number;
      readonly path: string;
      readonly tool: string;
      readonly decision: "approve-once" | "approve-for-run" | "deny";
      /** The policy that decided, or "remembered" for an earlier "for this run". */
      readonly by: string;
      readonly arguments: unknown;
      readonly reason?: string;
    }
  | { readonly type: "dispose-error"; readonly t: number; readonly path: string; readonly tool: string; readonly error: string }
  | (RetryEvent & { readonly t: number })
  | (RepairEvent & { readonly t: number })
  | { readonly type: "run-end"; readonly t: number; readonly ok: boolean; readonly error?: string; readonly usage: UsageTotals; readonly durationMs: number };

/** Where trace lines go. Each line is one JSON object, already redacted, without a newline. */
export interface TraceSink {
  write(line: string): void;
  close?(): void | Promise<void>;
}

/**
 * A sink that writes lines to a file (created, with its directory), truncated
 * at run start, or with `append` added after what it holds (resuming its own
 * journal). A line is one write, so a crash leaves at most one torn last line;
 * appending starts on a new line after it.
 */
export function fileTraceSink(path: string, options: { readonly append?: boolean } = {}): TraceSink {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, options.append ? "a+" : "w");
  if (options.append && !endsWithNewline(fd)) writeSync(fd, "\n");
  return {
    write: (line) => void writeSync(fd, `${line}\n`),
    close: () => closeSync(fd),
  };
}

function endsWithNewline(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

/** A sink that keeps lines in memory (tests, programmatic use). */
export function memoryTraceSink(): TraceSink & { readonly lines: string[]; events(): TraceEvent[] } {
  const lines: string[] = [];
  return { lines, write: (line) => void lines.push(line), events: () => lines.map((l) => JSON.parse(l) as TraceEvent) };
}

type WithoutT<E> = E extends unknown ? Omit<E, "t"> : never;
export type TraceEventInput = WithoutT<TraceEvent>;

export class Tracer {
  constructor(
    private readonly sink: TraceSink | undefined,
    private readonly elapsed: () => number,
  ) {}

  /** False without a sink: callers skip work (hashing inputs) that only the trace needs. */
  get enabled(): boolean {
    return this.sink !== undefined;
  }

  emit(event: TraceEventInput): void {
    if (!this.sink) return;
    const { type, ...fields } = shown(event);
    const t = round(this.elapsed());
    const line = JSON.stringify({ type, t, ...fields }, jsonSafe);
    const scrubbed = scrubKnown(line);
    if (scrubbed === line) return this.sink.write(line);
    // A known secret was in it: an end line says so, and resume will not return its output.
    this.sink.write(type === "end" ? scrubKnown(JSON.stringify({ type, t, ...fields, redacted: true }, jsonSafe)) : scrubbed);
  }

  async close(): Promise<void> {
    await this.sink?.close?.();
  }
}

/** The event as a trace shows it: error texts redacted as messages, secret tool arguments masked. */
function shown(event: TraceEventInput): TraceEventInput {
  switch (event.type) {
    case "error":
      return { ...event, error: redact(event.error), ...(event.messages ? { messages: maskToolCallMessages(event.messages) } : {}) };
    case "end":
      return event.messages ? { ...event, messages: maskToolCallMessages(event.messages) } : event;
    case "run-end":
      return event.error === undefined ? event : { ...event, error: redact(event.error) };
    case "dispose-error":
      return { ...event, error: redact(event.error) };
    case "approval":
      return { ...event, arguments: maskSecretFields(event.arguments), ...(event.reason ? { reason: redact(event.reason) } : {}) };
    default:
      return event;
  }
}

export function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}
