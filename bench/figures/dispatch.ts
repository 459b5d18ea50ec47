// Figure 1. Dispatch overhead: N calls of a trivial worker through flowc vs the
// same calls with the bare openai SDK, LangGraph.js (Send fan-out with
// maxConcurrency) and the Vercel AI SDK (generateObject + p-limit), against
// the same zero-latency loopback server at the same concurrency.
import { sidesFor } from "../peers/sides.ts";
import { flowcRunner } from "../lib/flowc.ts";
import { pairedRatio, summarize, timeMs } from "../lib/stats.ts";
import type { FigureOptions, Row } from "../lib/types.ts";
import { takeWarnings } from "../lib/warnings.ts";
import { checkSum, items } from "../lib/workload.ts";
import { startServerThread } from "../server/thread.ts";

const FIGURE = "1. Dispatch overhead";

export async function dispatchFigure({ quick, log }: FigureOptions): Promise<Row[]> {
  const n = quick ? 500 : 2000;
  const runs = quick ? 3 : 7;
  const concurrency = 16;
  const server = await startServerThread({ script: "echo", latencyMs: 0 });
  try {
    const flowc = await flowcRunner(server.url);
    const sides = sidesFor(server.url, flowc.runner);
    const times = new Map<string, number[]>(sides.map(([name]) => [name, []]));
    const xs = items(n);
    // Warm-up: JIT, connection pools, lazy imports.
    for (const [name, runner] of sides) checkSum(name, await runner(items(n >> 2), concurrency), n >> 2);
    for (let k = 0; k < runs; k++) {
      // Rotate the order so no side always runs right after the same other side.
      for (let s = 0; s < sides.length; s++) {
        const [name, runner] = sides[(s + k) % sides.length]!;
        let out: number[] = [];
        const ms = await timeMs(async () => void (out = await runner(xs, concurrency)));
        checkSum(name, out, n);
        times.get(name)!.push(ms);
      }
      log(`  run ${k + 1}/${runs}: ${sides.map(([name]) => `${name} ${times.get(name)!.at(-1)!.toFixed(0)} ms`).join(", ")}`);
    }
    const stats = await server.stats();
    const f = times.get("flowc")!;
    const measured = `${n} calls of a trivial worker (system + user message, strict JSON-schema reply {value:int}, zod-validated), concurrency ${concurrency}, zero-latency loopback server; wall time of all ${n} calls, ${runs} interleaved runs after a warm-up`;
    const perCall = (ms: number[]): number => (summarize(ms).median * 1000) / n;
    const warnings = takeWarnings();
    const row = (name: string, id: string, target: string, limit: number, how: string): Row => {
      const ratio = pairedRatio(f, times.get(name)!);
      return {
        figure: FIGURE,
        id,
        measured: `${measured}. ${how}`,
        unit: "ms",
        flowc: summarize(f),
        peer: { name, value: summarize(times.get(name)!) },
        ratioLabel: `flowc ÷ ${name} (wall time)`,
        ratio,
        target,
        pass: limit === 1 ? ratio.median < 1 : ratio.median <= limit,
        extra: { flowcMicrosPerCall: perCall(f), peerMicrosPerCall: perCall(times.get(name)!) },
      };
    };
    return [
      {
        ...row(
          "bare openai SDK",
          "dispatch.bare-sdk",
          "≤ 1.03",
          1.03,
          "flowc: `run(fan_out, { xs }, { provider: openai, concurrency })` of bench/plans/dispatch.flow; bare: `client.chat.completions.create` in a bounded pool, JSON.parse, zod parse.",
        ),
        notes: [`flowc plan: ${flowc.source}`, `server: ${stats.requests} requests, ${stats.errors} errors during the runs`, ...warnings],
      },
      row("LangGraph.js", "dispatch.langgraph", "< 1.00 (below the peer)", 1, "LangGraph: a `Send` per item from START to a node calling ChatOpenAI.withStructuredOutput (jsonSchema, strict), `maxConcurrency`."),
      row("Vercel AI SDK", "dispatch.ai-sdk", "< 1.00 (below the peer)", 1, "AI SDK: `generateObject` (openai.chat model, zod schema) per item under p-limit."),
    ];
  } finally {
    await server.close();
  }
}
