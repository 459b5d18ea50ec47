// The trace: one JSON line per frame event, written as it happens, so a
// crashed run still leaves its journal. Lines are redacted before writing.
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { UsageTotals } from "./usage.ts";
import { redact, secretsFromEnv } from "./redact.ts";

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
  | { readonly type: "run-start"; readonly t: number; readonly callable: string; readonly kind: CallableKind; readonly inputHash: string; readonly startedAt: string }
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
  /** A failed model request of the worker frame at `path` that will be sent again after `delayMs`. */
  | {
      readonly type: "retry";
      readonly t: number;
      readonly path: string;
      readonly model: string;
      /** The attempt that failed (1 = the first); at most `retries` + 1 are made. */
      readonly attempt: number;
      readonly retries: number;
      readonly delayMs: number;
      readonly status?: number;
      readonly error: string;
    }
  /** An invalid answer of the worker frame at `path`, sent back with `problem` for repair number `repair`. */
  | {
      readonly type: "repair";
      readonly t: number;
      readonly path: string;
      readonly worker: string;
      readonly model: string;
      readonly repair: number;
      readonly repairTurns: number;
      readonly problem: string;
    }
  | { readonly type: "run-end"; readonly t: number; readonly ok: boolean; readonly error?: string; readonly usage: UsageTotals; readonly durationMs: number };

/** Where trace lines go. Each line is one JSON object, already redacted, without a newline. */
export interface TraceSink {
  write(line: string): void;
  close?(): void | Promise<void>;
}

/** A sink that appends lines to a file (created, with its directory; truncated at run start). */
export function fileTraceSink(path: string): TraceSink {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, "w");
  return {
    write: (line) => void writeSync(fd, `${line}\n`),
    close: () => closeSync(fd),
  };
}

/** A sink that keeps lines in memory (tests, programmatic use). */
export function memoryTraceSink(): TraceSink & { readonly lines: string[]; events(): TraceEvent[] } {
  const lines: string[] = [];
  return { lines, write: (line) => void lines.push(line), events: () => lines.map((l) => JSON.parse(l) as TraceEvent) };
}

type WithoutT<E> = E extends unknown ? Omit<E, "t"> : never;
export type TraceEventInput = WithoutT<TraceEvent>;

export class Tracer {
  private readonly secrets = secretsFromEnv();

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
    const { type, ...fields } = event;
    const line = JSON.stringify({ type, t: round(this.elapsed()), ...fields }, jsonSafe);
    this.sink.write(redact(line, this.secrets));
  }

  async close(): Promise<void> {
    await this.sink?.close?.();
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
