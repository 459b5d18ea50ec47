// Medians with min and max beside them: these machines are noisy, so every
// figure is several runs, and ratios are taken run by run (paired, interleaved).
import { prng as rng } from "../../test/support/prng.ts";

export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error("summarize: no runs");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: values.map((v) => round(v, 4)) };
}

/** Element-wise a[i] / b[i]: the ratio of runs made side by side. */
export function pairedRatio(a: readonly number[], b: readonly number[]): Summary {
  return summarize(a.map((x, i) => x / b[i]!));
}

/** A 95 % interval of a median, from the bootstrap: how far the median would move if the runs were made again. */
export interface Interval {
  /** The median of the values themselves. */
  readonly median: number;
  readonly low: number;
  readonly high: number;
  /** How many values (pairs, for a ratio) it was taken over. */
  readonly n: number;
}

const RESAMPLES = 2000;

/**
 * A 95 % percentile-bootstrap interval for the median of `values`: 2,000
 * resamples with replacement, the 2.5th and 97.5th percentiles of their
 * medians. Seeded (mulberry32), so the same values give the same interval and
 * a report can be rebuilt from results.json. With 2 to 5 values it is about
 * [min, max]; with one value it is that value (and `decide` calls that not decided).
 */
export function bootstrapMedian(values: readonly number[], seed = 1): Interval {
  if (values.length === 0) throw new Error("bootstrapMedian: no values");
  const median = summarize(values).median;
  if (values.length === 1) return { median, low: median, high: median, n: 1 };
  const random = rng(seed);
  const medians = new Float64Array(RESAMPLES);
  const sample = new Array<number>(values.length);
  for (let b = 0; b < RESAMPLES; b++) {
    for (let i = 0; i < values.length; i++) sample[i] = values[Math.floor(random() * values.length)]!;
    medians[b] = summarize(sample).median;
  }
  medians.sort();
  return { median, low: medians[Math.floor(RESAMPLES * 0.025) - 1]!, high: medians[Math.ceil(RESAMPLES * 0.975) - 1]!, n: values.length };
}

/** The interval of the median of the paired ratios a[i] / b[i]. */
export function ratioInterval(a: readonly number[], b: readonly number[], seed = 1): Interval {
  if (a.length !== b.length) throw new Error(`ratioInterval: ${a.length} runs against ${b.length}`);
  return bootstrapMedian(
    a.map((x, i) => x / b[i]!),
    seed,
  );
}

/** A target on a median: `op limit`, e.g. { op: "<=", limit: 1.03 }. */
export interface Target {
  readonly op: "<=" | "<" | ">=" | ">";
  readonly limit: number;
}

export type Verdict = "met" | "missed" | "not decided";

export interface Decision {
  readonly verdict: Verdict;
  /** For "not decided": what would decide it, in words, from this run's numbers. */
  readonly decide?: string;
  /** For "not decided": about how many pairs would make the interval clear the limit if the median stayed where it is. */
  readonly pairsNeeded?: number;
}

const wanted = (t: Target, x: number): boolean => (t.op === "<=" ? x <= t.limit : t.op === "<" ? x < t.limit : t.op === ">=" ? x >= t.limit : x > t.limit);

/**
 * Met when the whole interval is on the right side of the limit, missed when
 * the whole interval is on the wrong side, not decided otherwise. A limit an
 * interval only touches (low or high equal to it) decides nothing: "≤ 1.03" is
 * met when the interval's upper end is below 1.03.
 *
 * For "not decided" it estimates the pairs that would decide it: an interval
 * of the median narrows about as 1/√n, so the side of the interval facing the
 * limit must shrink from its width now to the median's distance from the limit:
 * n' ≈ n · (width ÷ distance)².
 */
export function decide(iv: Interval, target: Target): Decision {
  const right = (x: number): boolean => wanted(target, x) && x !== target.limit;
  const wrong = (x: number): boolean => !wanted(target, x) && x !== target.limit;
  if (iv.n >= 2 && right(iv.low) && right(iv.high)) return { verdict: "met" };
  if (iv.n >= 2 && wrong(iv.low) && wrong(iv.high)) return { verdict: "missed" };
  if (iv.n < 2) {
    return { verdict: "not decided", decide: `one pair gives no interval: at least 2 pairs (more for a narrow interval)` };
  }
  const distance = Math.abs(iv.median - target.limit);
  // The half of the interval that faces the limit.
  const width = iv.median < target.limit ? iv.high - iv.median : iv.median - iv.low;
  if (distance === 0 || width === 0) {
    return {
      verdict: "not decided",
      decide: `the median (${round(iv.median, 4)}) is on the limit ${target.limit}: more pairs decide it only if the median moves off it`,
    };
  }
  const pairsNeeded = Math.ceil(iv.n * (width / distance) ** 2);
  const side = right(iv.median) ? "met" : "missed";
  return {
    verdict: "not decided",
    pairsNeeded,
    decide:
      `the interval ${round(iv.low, 3)}–${round(iv.high, 3)} contains ${target.limit}; the median ${round(iv.median, 3)} leans to ${side}: ` +
      `about ${pairsNeeded.toLocaleString("en-US")} pairs (now ${iv.n}) would decide it if the median and the spread of the pairs stayed as they are` +
      (pairsNeeded > iv.n ? ` (${round(pairsNeeded / iv.n, 1)}× this run's)` : ""),
  };
}

/** `1.02 (95 % 0.99–1.05, 11 pairs)`. */
export function fmtInterval(iv: Interval | null | undefined, digits = 3): string {
  if (!iv) return "—";
  return `${round(iv.median, digits)} (95 % ${round(iv.low, digits)}–${round(iv.high, digits)}, ${iv.n} pair${iv.n === 1 ? "" : "s"})`;
}

export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** `1.02 (0.98–1.07)`: median with min and max. */
export function fmt(s: Summary | null | undefined, digits = 3, unit = ""): string {
  if (!s) return "—";
  const f = (x: number): string => `${round(x, digits)}${unit}`;
  return s.min === s.max ? f(s.median) : `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}

/** Runs `n` workers that pull indexes 0..count-1 in order: a plain bounded pool. */
export async function pool(count: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await fn(next++);
  });
  await Promise.all(lanes);
}

/** Seeded PRNG (mulberry32, the tests' own), so every generated input is the same from run to run. */
export { rng };
