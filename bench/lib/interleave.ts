// The measuring loop of the figures' child processes: every side runs the same
// items `runs` times, one after another, the order rotated each round, so a
// slow moment of the machine falls on every side in turn.
// A type-only import: peers/sides.ts itself loads LangGraph, which a child must not.
import type { Runner } from "../peers/sides.ts";
import { timeMs } from "./stats.ts";
import { checkSum } from "./workload.ts";

export interface InterleavedTimes {
  /** Wall time of each run, by side (ms). */
  readonly times: Record<string, number[]>;
  /** The process's CPU time during each run, all threads, by side (ms). */
  readonly cpu: Record<string, number[]>;
}

export async function interleavedRuns(sides: readonly (readonly [string, Runner])[], xs: readonly number[], concurrency: number, runs: number): Promise<InterleavedTimes> {
  const times: Record<string, number[]> = Object.fromEntries(sides.map(([name]) => [name, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(sides.map(([name]) => [name, []]));
  for (let k = 0; k < runs; k++) {
    for (let s = 0; s < sides.length; s++) {
      const [name, runner] = sides[(s + k) % sides.length]!;
      let out: number[] = [];
      const cpuStart = process.cpuUsage();
      times[name]!.push(await timeMs(async () => void (out = await runner(xs, concurrency))));
      const used = process.cpuUsage(cpuStart);
      cpu[name]!.push((used.user + used.system) / 1000);
      checkSum(name, out, xs.length);
    }
  }
  return { times, cpu };
}
