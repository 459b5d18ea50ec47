// Child process of figure 1: flowc and the bare openai SDK, interleaved, in a
// process that never loads LangGraph or the AI SDK. LangGraph turns on
// AsyncLocalStorage, which stays on for the rest of a process and makes every
// promise dearer (~4x per async step in Node 20): measured next to it, the
// side that makes more promises pays more, whatever its own cost.
// A third side, the bare loop reading the raw response as flowc's provider
// does (peers/bare.ts), shows the runtime's own work apart from that saving.
// Prints one JSON line: { flowc: ms[], bare: ms[], bareRaw: ms[], cpu: { flowc: ms[], bare: ms[], bareRaw: ms[] }, source }
// (cpu: the process's CPU time during each run, all threads).
import { bareRunner } from "../peers/bare.ts";
import { flowcRunner } from "../lib/flowc.ts";
import { timeMs } from "../lib/stats.ts";
import { checkSum, items } from "../lib/workload.ts";

const [url, nArg, runsArg, cArg] = process.argv.slice(2);
const n = Number(nArg);
const runs = Number(runsArg);
const concurrency = Number(cArg);
const flowc = await flowcRunner(url!);
const sides: [string, (xs: readonly number[], c: number) => Promise<number[]>][] = [
  ["flowc", flowc.runner],
  ["bare", bareRunner(url!)],
  ["bareRaw", bareRunner(url!, undefined, { rawResponse: true })],
];
const times: Record<string, number[]> = { flowc: [], bare: [], bareRaw: [] };
const cpu: Record<string, number[]> = { flowc: [], bare: [], bareRaw: [] };
// Warm-up: JIT, connection pools, lazy imports.
for (const [name, runner] of sides) checkSum(name, await runner(items(n >> 2), concurrency), n >> 2);
const xs = items(n);
for (let k = 0; k < runs; k++) {
  for (let s = 0; s < sides.length; s++) {
    const [name, runner] = sides[(s + k) % sides.length]!;
    let out: number[] = [];
    const cpuStart = process.cpuUsage();
    times[name]!.push(await timeMs(async () => void (out = await runner(xs, concurrency))));
    const used = process.cpuUsage(cpuStart);
    cpu[name]!.push((used.user + used.system) / 1000);
    checkSum(name, out, n);
  }
}
process.stdout.write(`${JSON.stringify({ ...times, cpu, source: flowc.source })}\n`);
