import type { Interval, Summary, Verdict } from "./stats.ts";

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
  /**
   * The 95 % bootstrap interval of the median the target is judged on (the
   * median paired ratio, or flowc's own median where the target is on it), and
   * what it is of.
   */
  readonly interval?: (Interval & { readonly of: string }) | null;
  readonly target?: string;
  /**
   * met: the whole interval on the right side of the limit; missed: all of it
   * on the wrong side; not decided: otherwise. Exact targets (answers right or
   * not) are met or missed. null: no target, or not measured.
   */
  readonly verdict?: Verdict | null;
  /** For "not decided": what would decide it (from this run's numbers). */
  readonly decide?: string;
  /** The state of every cache that can change the figure (cold, warm, what was on). */
  readonly caches?: string;
  readonly notes?: readonly string[];
  readonly extra?: Record<string, unknown>;
}

export type Figure = (options: FigureOptions) => Promise<Row[]>;
