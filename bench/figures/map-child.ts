// Child process of figure 2: flowc and the bare openai SDK pool over the same
// map, interleaved, in a process that never loads LangGraph or the AI SDK (see
// lib/child.ts). Each side is warmed with one full untimed run: the first full
// run of every side came out 1–3 % slower than the rest (JIT, a cold socket pool).
// Prints one JSON line: { flowc: ms[], bare: ms[] } (wall time of each run).
import { bareRunner } from "../peers/bare.ts";
import { flowcRunner } from "../lib/flowc.ts";
import { interleavedRuns } from "../lib/interleave.ts";
import type { Runner } from "../peers/sides.ts";
import { checkSum, items } from "../lib/workload.ts";

const [url, nArg, runsArg, cArg] = process.argv.slice(2);
const n = Number(nArg);
const concurrency = Number(cArg);
const sides: [string, Runner][] = [
  ["flowc", (await flowcRunner(url!)).runner],
  ["bare", bareRunner(url!)],
];
const xs = items(n);
for (const [name, runner] of sides) checkSum(name, await runner(xs, concurrency), n);
const { times } = await interleavedRuns(sides, xs, concurrency, Number(runsArg));
process.stdout.write(`${JSON.stringify(times)}\n`);
