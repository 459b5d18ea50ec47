import type { Summary } from "./stats.ts";

export interface FigureOptions {
  readonly quick: boolean;
  readonly log: (line: string) => void;
}

/** One line of the results table. */
export interface Row {
  /** "1. Dispatch overhead" */
  readonly figure: string;
  readonly id: string;
  /** What was measured, in words (sizes, latency, concurrency, runs). */
  readonly measured: string;
  readonly unit: string;
  /** flowc's figure (median, min, max over runs); null when it could not be measured. */
  readonly flowc: Summary | null;
  readonly peer?: { readonly name: string; readonly value: Summary | null };
  /** What the ratio means, e.g. "flowc ÷ bare SDK (wall time)". */
  readonly ratioLabel?: string;
  readonly ratio?: Summary | null;
  readonly target?: string;
  /** true met, false missed, null not measured or no target. */
  readonly pass?: boolean | null;
  readonly notes?: readonly string[];
  readonly extra?: Record<string, unknown>;
}

export type Figure = (options: FigureOptions) => Promise<Row[]>;
