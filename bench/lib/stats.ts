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

/**
 * A 95 % bootstrap interval for the median of `values` (2,000 resamples, a
 * fixed seed so a report can be rebuilt): how far the median itself would move
 * if the same number of runs were made again.
 */
export function medianInterval(values: readonly number[], seed = 1): { readonly low: number; readonly high: number } {
  const random = rng(seed);
  const medians: number[] = [];
  for (let b = 0; b < 2000; b++) {
    medians.push(summarize(values.map(() => values[Math.floor(random() * values.length)]!)).median);
  }
  medians.sort((x, y) => x - y);
  return { low: medians[49]!, high: medians[1949]! };
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
