import { bootstrapMedian, decide, ratioInterval, type Interval, type Target, type Verdict } from "./stats.ts";
import type { Row } from "./types.ts";

export function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n").slice(0, 6).join(" ").slice(0, 600);
}

/** A row for a figure that could not be measured: reported as such, never dropped. */
export function notMeasured(figure: string, id: string, measured: string, error: unknown, unit = "ms"): Row {
  return { figure, id, measured, unit, flowc: null, verdict: null, notes: [`not measured: ${errorText(error)}`] };
}

/** The row fields of a target judged on an interval: the interval, the verdict and what would decide it. */
export function judged(iv: Interval, of: string, target: Target): Pick<Row, "interval" | "verdict" | "decide"> {
  const d = decide(iv, target);
  return { interval: { ...iv, of }, verdict: d.verdict, ...(d.decide ? { decide: d.decide } : {}) };
}

/** The interval of the median paired ratio a[i] ÷ b[i], for a row with no target. */
export function pairedInterval(a: readonly number[], b: readonly number[], of: string): Row["interval"] {
  return a.length === b.length && a.length > 0 ? { ...ratioInterval(a, b), of } : null;
}

/** The interval of a median, for a row with no target. */
export function medianOf(values: readonly number[], of: string): Row["interval"] {
  return values.length > 0 ? { ...bootstrapMedian(values), of } : null;
}

/** An exact target (no noise: answers right or wrong, a count): met or missed. */
export function exact(ok: boolean): Verdict {
  return ok ? "met" : "missed";
}
