// Child process of figure 6: runs one side's N-item map against the server
// given on the command line. Every second it prints a progress line (items
// done, peak RSS so far), and at the end a result line, as JSON.
import type { RunEvent } from "../../runtime/index.ts";
import { bareRunner } from "../peers/bare.ts";
import { flowcRunner } from "../lib/flowc.ts";
import { checkSum, items } from "../lib/workload.ts";

const [side, url, nArg, cArg] = process.argv.slice(2);
const n = Number(nArg);
const concurrency = Number(cArg);
const rssMB = (): number => process.resourceUsage().maxRSS / 1024;
let done = 0;
const start = performance.now();
const ticker = setInterval(() => {
  process.stdout.write(JSON.stringify({ progress: done, n, elapsedMs: performance.now() - start, maxRssMB: rssMB() }) + "\n");
}, 1000);
ticker.unref();

let calls = 0;
if (side === "flowc") {
  const onEvent = (e: RunEvent): void => {
    if (e.type === "map-progress") done = e.done;
  };
  const { runner } = await flowcRunner(url!, { onEvent });
  checkSum("flowc", await runner(items(n), concurrency), n);
  calls = n;
} else if (side === "bare") {
  const bare = bareRunner(url!, () => done++);
  checkSum("bare", await bare(items(n), concurrency), n);
  calls = n;
} else if (side === "idle-flowc") {
  await flowcRunner(url!);
} else {
  throw new Error(`unknown side ${side}`);
}
clearInterval(ticker);
const wallMs = performance.now() - start;
process.stdout.write(
  JSON.stringify({ side, n, calls, wallMs, maxRssMB: rssMB(), heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20 }) + "\n",
);
