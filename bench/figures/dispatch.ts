// Figure 1. Dispatch overhead: N calls of a trivial worker through flowc vs the
// same calls made by hand, against the same zero-latency loopback server at the
// same concurrency.
//
// The target row compares flowc with the bare loop that takes the same
// shortcut as flowc's provider (the SDK's raw response, parsed by hand,
// skipping the SDK's own parsing step): what is left is the runtime's own work
// per call. The plain bare-SDK loop (with the SDK's parsing) is an informative
// row. These three run in a child process of their own (dispatch-child.ts): the
// peers change the process they run in (LangGraph's AsyncLocalStorage). Then
// LangGraph.js and the Vercel AI SDK run here, against flowc again.
import { runFigureChild } from "../lib/child.ts";
import { sidesFor } from "../peers/sides.ts";
import { flowcRunner } from "../lib/flowc.ts";
import { judged, pairedInterval } from "../lib/rows.ts";
import { fmt, fmtInterval, pairedRatio, ratioInterval, round, summarize, timeMs } from "../lib/stats.ts";
import type { FigureOptions, Row } from "../lib/types.ts";
import { takeWarnings } from "../lib/warnings.ts";
import { checkSum, items } from "../lib/workload.ts";
import type { ServerStats } from "../server/server.ts";
import { startServerThread } from "../server/thread.ts";

const FIGURE = "1. Dispatch overhead";
const LIMIT = 1.03;

interface ChildTimes {
  readonly flowc: number[];
  /** The bare loop with the SDK's own response parsing. */
  readonly bare: number[];
  /** The bare loop reading the raw response, as flowc's provider does. */
  readonly bareRaw: number[];
  /** CPU time of the child process during each run (all its threads). */
  readonly cpu: { readonly flowc: number[]; readonly bare: number[]; readonly bareRaw: number[] };
  readonly source: string;
}

const CACHES =
  "no compile step is timed (the plan was built by `flowc build` at the start of the run); each side warmed up (JIT, the SDK client's connection pool) " +
  "with one untimed quarter-size run before the timed runs; tsx's transform cache as the machine had it (it changes only the child process's start, which is not timed)";
const PEER_CACHES =
  "no compile step is timed; each side warmed up (JIT, its client's connection pool, lazy imports) with one untimed quarter-size run in the runner's process before the timed runs";

/** What the server saw of the requests: every one compared (body and headers), or how many. */
function requestsNote(st: ServerStats): { same: boolean; text: string } {
  const bodies = Object.keys(st.bodyShapes).length;
  const headers = Object.keys(st.headerShapes).length;
  const same = st.requestsCompared === st.requests && bodies === 1 && headers === 1 && st.shapesDropped === 0;
  const text = same
    ? `the server compared all ${st.requests.toLocaleString("en-US")} requests of the three sides: one kind of body (numbers aside) and one kind of headers (as sent, names, order and values; the content length aside)`
    : `the server compared ${st.requestsCompared.toLocaleString("en-US")} of ${st.requests.toLocaleString("en-US")} requests: ${bodies} kind(s) of body and ${headers} kind(s) of headers` +
      (st.shapesDropped ? ` (and ${st.shapesDropped} requests of further kinds)` : "") +
      `; kinds of body by count: ${Object.values(st.bodyShapes).join(", ")}; of headers: ${Object.values(st.headerShapes).join(", ")}`;
  return { same, text };
}

export async function dispatchFigure({ quick, log }: FigureOptions): Promise<Row[]> {
  const n = quick ? 500 : 2000;
  const runs = quick ? 3 : 5;
  // The target row gets many more runs: one pair of runs varies by ~10 % on a
  // 2-core VM, and its limit sits a few percent from the median.
  const isolatedRuns = quick ? 5 : 101;
  const concurrency = 16;
  const server = await startServerThread({ script: "echo", latencyMs: 0, compareRequests: true });
  try {
    // First, before this process loads any peer: flowc against the bare loops in a clean process.
    const isolated = await runFigureChild<ChildTimes>("dispatch-child.ts", [server.url, n, isolatedRuns, concurrency]);
    const childStats = await server.stats();
    const requests = requestsNote(childStats);
    await server.configure({ compareRequests: false });
    await server.reset();
    log(
      `  own process: flowc ${summarize(isolated.flowc).median.toFixed(0)} ms, bare raw ${summarize(isolated.bareRaw).median.toFixed(0)} ms, bare SDK ${summarize(isolated.bare).median.toFixed(0)} ms`,
    );
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
    const measured = `${n} calls of a trivial worker (system + user message, strict JSON-schema reply {value:int}, zod-validated), concurrency ${concurrency}, zero-latency loopback server; wall time of all ${n} calls`;
    const perCall = (ms: readonly number[]): number => (summarize(ms).median * 1000) / n;
    const warnings = takeWarnings();
    const own = {
      ratio: pairedRatio(isolated.flowc, isolated.bareRaw),
      cpu: ratioInterval(isolated.cpu.flowc, isolated.cpu.bareRaw),
      sdkParsing: ratioInterval(isolated.bare, isolated.bareRaw),
    };
    const childMeasured =
      `${measured}; ${isolatedRuns} interleaved rounds (order rotated each round) of three sides in a child process that loads no peer (figures/dispatch-child.ts), after one untimed warm-up run each`;
    const overheadJudged = judged(ratioInterval(isolated.flowc, isolated.bareRaw), "flowc ÷ bare loop (raw responses)", { op: "<=", limit: LIMIT });
    const overhead: Row = {
      figure: FIGURE,
      id: "dispatch.overhead",
      measured:
        `${childMeasured}. flowc: \`run(fan_out, { xs }, { provider: openai, concurrency })\` of bench/plans/dispatch.flow, whose provider reads the SDK's raw response (\`asResponse()\`) and parses the body itself; ` +
        "baseline: the bare loop that does the same (`client.chat.completions.create(...).asResponse()`, JSON.parse, zod parse in a bounded pool; peers/bare.ts with rawResponse): the runtime's own work per call",
      unit: "ms",
      flowc: summarize(isolated.flowc),
      peer: { name: "bare loop, raw responses", value: summarize(isolated.bareRaw) },
      ratioLabel: "flowc ÷ bare loop with raw responses (wall time)",
      ratio: own.ratio,
      target: `≤ ${LIMIT} (the interval's upper end below ${LIMIT})`,
      ...overheadJudged,
      // Unequal requests would not measure the runtime's overhead.
      ...(requests.same || overheadJudged.verdict !== "met"
        ? {}
        : { verdict: "not decided" as const, decide: "the sides did not send the same requests (see the notes): make them the same and run again" }),
      caches: CACHES,
      notes: [
        requests.text,
        `flowc plan: ${isolated.source}`,
        `CPU time of the child process per run (all threads): flowc ${fmt(summarize(isolated.cpu.flowc), 1, " ms")}, bare loop with raw responses ${fmt(summarize(isolated.cpu.bareRaw), 1, " ms")}; flowc ÷ it ${fmtInterval(own.cpu)}`,
        `per call (median wall time ÷ ${n}): flowc ${round(perCall(isolated.flowc), 1)} µs, bare loop with raw responses ${round(perCall(isolated.bareRaw), 1)} µs, bare SDK ${round(perCall(isolated.bare), 1)} µs`,
      ],
      extra: { calls: n, rounds: isolatedRuns, flowcMicrosPerCall: perCall(isolated.flowc), bareRawMicrosPerCall: perCall(isolated.bareRaw), cpuRatio: own.cpu },
    };
    const bareSdk: Row = {
      figure: FIGURE,
      id: "dispatch.bare-sdk",
      measured: `${childMeasured} (the same rounds as dispatch.overhead). bare: the same loop with the SDK's own response parsing (\`await client.chat.completions.create(...)\`), which flowc's provider skips`,
      unit: "ms",
      flowc: summarize(isolated.flowc),
      peer: { name: "bare openai SDK", value: summarize(isolated.bare) },
      ratioLabel: "flowc ÷ bare openai SDK (wall time)",
      ratio: pairedRatio(isolated.flowc, isolated.bare),
      interval: pairedInterval(isolated.flowc, isolated.bare, "flowc ÷ bare openai SDK"),
      target: "none set (informative: flowc skips a step of the SDK that this loop does not)",
      verdict: null,
      caches: CACHES,
      notes: [
        `the SDK's parsing step, bare SDK ÷ bare loop with raw responses: ${fmtInterval(own.sdkParsing)}`,
        `CPU time per run: bare SDK ${fmt(summarize(isolated.cpu.bare), 1, " ms")}; flowc ÷ it ${fmtInterval(ratioInterval(isolated.cpu.flowc, isolated.cpu.bare))}`,
        `in this process, after LangGraph turned AsyncLocalStorage on, flowc ÷ bare SDK was ${fmt(pairedRatio(f, times.get("bare openai SDK")!))} over ${runs} runs: reported, not the figure`,
      ],
      extra: { bareMicrosPerCall: perCall(isolated.bare) },
    };
    const peer = (name: string, id: string, how: string): Row => {
      const p = times.get(name)!;
      return {
        figure: FIGURE,
        id,
        measured: `${measured}; ${runs} interleaved rounds (order rotated) in the runner's process, after one quarter-size warm-up run each. ${how}`,
        unit: "ms",
        flowc: summarize(f),
        peer: { name, value: summarize(p) },
        ratioLabel: `flowc ÷ ${name} (wall time)`,
        ratio: pairedRatio(f, p),
        target: "< 1.00 (below the peer)",
        ...judged(ratioInterval(f, p), `flowc ÷ ${name}`, { op: "<", limit: 1 }),
        caches: PEER_CACHES,
        notes: [`per call: flowc ${round(perCall(f), 1)} µs, ${name} ${round(perCall(p), 1)} µs`],
      };
    };
    return [
      overhead,
      bareSdk,
      {
        ...peer("LangGraph.js", "dispatch.langgraph", "LangGraph: a `Send` per item from START to a node calling ChatOpenAI.withStructuredOutput (jsonSchema, strict), `maxConcurrency`."),
        notes: [`per call: flowc ${round(perCall(f), 1)} µs, LangGraph.js ${round(perCall(times.get("LangGraph.js")!), 1)} µs`, `server: ${stats.requests} requests, ${stats.errors} errors during these runs`, ...warnings],
      },
      peer("Vercel AI SDK", "dispatch.ai-sdk", "AI SDK: `generateObject` (openai.chat model, zod schema) per item under p-limit."),
    ];
  } finally {
    await server.close();
  }
}
