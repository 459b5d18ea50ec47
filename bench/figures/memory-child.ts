// Child process of figure 6 (run with --expose-gc): one side's N-item map
// against the server given on the command line. After a 100-item warm-up (so
// lazy modules and the connection pool exist) it forces a GC and takes the
// live heap as the baseline; then at each checkpoint (items done) it forces a
// GC again and records the live heap (process.memoryUsage().heapUsed) and the
// peak RSS so far (process.resourceUsage().maxRSS). Every second it prints a
// progress line; at the end a result line, as JSON.
// Sides: flowc (bench/plans/dispatch.flow `fan_out` with an onEvent listener
// that counts map-progress events), bare (peers/bare.ts, the plain bounded
// pool), idle-flowc / idle-bare (load everything, run nothing).
import type { RunEvent } from "@flowc/runtime";
import { bareRunner } from "../peers/bare.ts";
import { flowcRunner } from "../lib/flowc.ts";
import { checkSum, items } from "../lib/workload.ts";

const [side, url, nArg, cArg, checkpointsArg] = process.argv.slice(2);
const n = Number(nArg);
const concurrency = Number(cArg);
const checkpoints = (checkpointsArg ?? "").split(",").filter(Boolean).map(Number);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("memory-child needs node --expose-gc");
const rssMB = (): number => process.resourceUsage().maxRSS / 1024;
const liveHeap = (): number => {
  gc();
  return process.memoryUsage().heapUsed;
};

interface Checkpoint {
  readonly items: number;
  /** Live heap after a forced GC (bytes). */
  readonly heapBytes: number;
  /** Peak RSS of the process so far (MB). */
  readonly maxRssMB: number;
  readonly elapsedMs: number;
}

let done = 0;
let next = 0;
const taken: Checkpoint[] = [];
let start = performance.now();
/** Called after each item: takes the checkpoint the count has reached. */
const tick = (count: number): void => {
  done = count;
  while (next < checkpoints.length && done >= checkpoints[next]!) {
    taken.push({ items: checkpoints[next]!, heapBytes: liveHeap(), maxRssMB: rssMB(), elapsedMs: performance.now() - start });
    next++;
  }
};
const ticker = setInterval(() => {
  process.stdout.write(JSON.stringify({ progress: done, n, elapsedMs: performance.now() - start, maxRssMB: rssMB() }) + "\n");
}, 1000);
ticker.unref();

let runner: (xs: readonly number[], c: number) => Promise<number[]>;
let counting = false;
if (side === "flowc" || side === "idle-flowc") {
  const onEvent = (e: RunEvent): void => {
    if (counting && e.type === "map-progress") tick(e.done);
  };
  runner = (await flowcRunner(url!, { onEvent })).runner;
} else if (side === "bare" || side === "idle-bare") {
  let count = 0;
  runner = bareRunner(url!, () => {
    if (counting) tick(++count);
  });
} else {
  throw new Error(`unknown side ${side}`);
}
let baseline = liveHeap();
let after: Checkpoint | null = null;
let held = 0;
if (!side.startsWith("idle")) {
  checkSum(side, await runner(items(100), concurrency), 100);
  baseline = liveHeap();
  start = performance.now();
  counting = true;
  const out = await runner(items(n), concurrency);
  counting = false;
  checkSum(side, out, n);
  // The results are still held here: the heap after the map, with its n results.
  after = { items: n, heapBytes: liveHeap(), maxRssMB: rssMB(), elapsedMs: performance.now() - start };
  held = out.length;
}
clearInterval(ticker);
process.stdout.write(
  JSON.stringify({ side, n, held, wallMs: performance.now() - start, maxRssMB: rssMB(), baselineHeapBytes: baseline, checkpoints: taken, after }) + "\n",
);
