// Child process of figure 1: flowc, the bare loop reading raw responses (as
// flowc's provider does: the baseline of the target row) and the bare openai
// SDK with its own response parsing, interleaved with the order rotated each
// round, in a process that never loads LangGraph or the AI SDK (lib/child.ts
// says why).
// Prints one JSON line: { flowc: ms[], bare: ms[], bareRaw: ms[], cpu: { flowc: ms[], bare: ms[], bareRaw: ms[] }, source }
// (cpu: the process's CPU time during each run, all threads).
import { bareRunner } from "../peers/bare.ts";
import { flowcRunner } from "../lib/flowc.ts";
import { interleavedRuns } from "../lib/interleave.ts";
import type { Runner } from "../peers/sides.ts";
import { checkSum, items } from "../lib/workload.ts";

const [url, nArg, runsArg, cArg] = process.argv.slice(2);
const n = Number(nArg);
const concurrency = Number(cArg);
const flowc = await flowcRunner(url!);
const sides: [string, Runner][] = [
  ["flowc", flowc.runner],
  ["bare", bareRunner(url!)],
  ["bareRaw", bareRunner(url!, undefined, { rawResponse: true })],
];
// Warm-up: JIT, connection pools, lazy imports.
for (const [name, runner] of sides) checkSum(name, await runner(items(n >> 2), concurrency), n >> 2);
const { times, cpu } = await interleavedRuns(sides, items(n), concurrency, Number(runsArg));
process.stdout.write(`${JSON.stringify({ ...times, cpu, source: flowc.source })}\n`);
