// Figure 2. Map efficiency: N items at latency L ± J and concurrency C; the
// efficiency is the ideal makespan ⌈N/C⌉·L divided by the wall time (1.0 is
// perfect), for flowc, LangGraph.js and the AI SDK (the bare SDK as reference).
// Then a tree reduce of the N results with batch 8 (a worker per batch) vs the
// ideal ⌈log₈ N⌉·L, each level running all its batches at once.
import { sidesFor } from "../peers/sides.ts";
import { flowcRunner, run } from "../lib/flowc.ts";
import { runFigureChild } from "../lib/child.ts";
import { judged, pairedInterval } from "../lib/rows.ts";
import { bootstrapMedian, fmt, fmtInterval, pairedRatio, ratioInterval, rng, round, summarize, timeMs } from "../lib/stats.ts";
import type { FigureOptions, Row } from "../lib/types.ts";
import { takeWarnings } from "../lib/warnings.ts";
import { checkSum, expectedSum, items } from "../lib/workload.ts";
import { startServerThread } from "../server/thread.ts";

const FIGURE = "2. Map efficiency";
const CACHES =
  "no compile step measured (the plan was built by `flowc build` at the start of the run); every side warmed with one full untimed run (JIT, the SDK client's connection pool); no response cache: every call goes to the server";

/** The efficiency a perfect greedy pool reaches with this jitter (no overhead at all), averaged over seeds. */
function greedyBound(n: number, c: number, latency: number, jitter: number): number {
  const ideal = Math.ceil(n / c) * latency;
  let sum = 0;
  const seeds = 50;
  for (let seed = 1; seed <= seeds; seed++) {
    const random = rng(seed);
    const lanes = new Array<number>(c).fill(0);
    for (let i = 0; i < n; i++) {
      let k = 0;
      for (let j = 1; j < c; j++) if (lanes[j]! < lanes[k]!) k = j;
      lanes[k]! += latency + (random() * 2 - 1) * jitter;
    }
    sum += ideal / Math.max(...lanes);
  }
  return sum / seeds;
}

export async function mapFigure({ quick, log }: FigureOptions): Promise<Row[]> {
  const n = quick ? 320 : 1000;
  const runs = quick ? 2 : 7;
  // The figure with a target: more runs, as the median of 7 still moved by ~±0.5 % between runs of the figure.
  const isolatedRuns = quick ? 2 : 11;
  const C = 32;
  const L = 50;
  const J = 10;
  const ideal = Math.ceil(n / C) * L;
  const server = await startServerThread({ script: "echo", latencyMs: L, jitterMs: J, seed: 7 });
  const rows: Row[] = [];
  try {
    // First, before this process loads any peer: flowc against the bare SDK pool in a clean process.
    await server.reset();
    const isolated = await runFigureChild<{ flowc: number[]; bare: number[] }>("map-child.ts", [server.url, n, isolatedRuns, C]);
    const childStats = await server.stats();
    const isolatedEff = { flowc: isolated.flowc.map((ms) => ideal / ms), bare: isolated.bare.map((ms) => ideal / ms) };
    log(`  flowc vs bare SDK (own process): flowc ${summarize(isolatedEff.flowc).median.toFixed(3)}, bare ${summarize(isolatedEff.bare).median.toFixed(3)}`);
    const flowc = await flowcRunner(server.url);
    const sides = sidesFor(server.url, flowc.runner);
    const eff = new Map<string, number[]>(sides.map(([name]) => [name, []]));
    const maxInFlight = new Map<string, number>();
    const xs = items(n);
    // Warm-up at full size, untimed: the first full run of each side pays for JIT and a cold socket pool.
    for (const [name, runner] of sides) checkSum(name, await runner(xs, C), n);
    for (let k = 0; k < runs; k++) {
      for (let s = 0; s < sides.length; s++) {
        const [name, runner] = sides[(s + k) % sides.length]!;
        await server.reset();
        let out: number[] = [];
        const ms = await timeMs(async () => void (out = await runner(xs, C)));
        checkSum(name, out, n);
        const st = await server.stats();
        maxInFlight.set(name, Math.max(maxInFlight.get(name) ?? 0, st.maxInFlight));
        eff.get(name)!.push(ideal / ms);
      }
      log(`  run ${k + 1}/${runs}: ${sides.map(([name]) => `${name} ${eff.get(name)!.at(-1)!.toFixed(3)}`).join(", ")}`);
    }
    const measured = (runCount: number): string =>
      `${n} items, latency ${L} ms ± ${J} ms (uniform jitter), concurrency ${C}; efficiency = ⌈N/C⌉·L ÷ wall time = ${ideal} ms ÷ wall time ` +
      `(1.0 is ideal); ${runCount} interleaved runs`;
    const f = eff.get("flowc")!;
    const lagNote = `server timers fired on average ${round(childStats.timerLagTotalMs / Math.max(1, childStats.timedRequests), 2)} ms late (at worst ${round(childStats.timerLagMaxMs, 1)} ms): harness noise included in both sides`;
    const inflight = `most requests in flight at the server: ${childStats.maxInFlight} in the child; next to the peers ${sides.map(([name]) => `${name} ${maxInFlight.get(name)}`).join(", ")}`;
    rows.push({
      figure: FIGURE,
      id: "map.efficiency",
      measured:
        `${measured(isolatedRuns)}. flowc runs bench/plans/dispatch.flow \`fan_out\` (\`map x in xs => echo_value(x: x)\`) with concurrency ${C}; ` +
        `flowc and the bare SDK pool run in a child process of their own that loads neither peer (figures/map-child.ts), each warmed with one full untimed run.`,
      unit: "ratio",
      flowc: summarize(isolatedEff.flowc),
      peer: { name: "bare openai SDK pool (reference)", value: summarize(isolatedEff.bare) },
      ratioLabel: "flowc efficiency ÷ bare SDK efficiency",
      ratio: pairedRatio(isolatedEff.flowc, isolatedEff.bare),
      target: "≥ 0.97 (flowc efficiency)",
      ...judged(bootstrapMedian(isolatedEff.flowc), "flowc efficiency", { op: ">=", limit: 0.97 }),
      caches: CACHES,
      notes: [
        `the bare SDK pool's efficiency in the same runs: ${fmtInterval(bootstrapMedian(isolatedEff.bare))} (median, 95 % interval, runs); flowc ÷ bare SDK pool ${fmtInterval(ratioInterval(isolatedEff.flowc, isolatedEff.bare))}`,
        `a perfect greedy pool with this jitter and no overhead at all would reach ${round(greedyBound(n, C, L, J), 3)} (simulated over 50 seeds)`,
        "the server counts the latency from each request's arrival (its own work happens inside it, as a remote server's does)",
        lagNote,
        inflight,
        `in this process, after LangGraph turned AsyncLocalStorage on (every promise dearer), flowc reached ${fmt(summarize(f))} and the bare SDK pool ${fmt(summarize(eff.get("bare openai SDK")!))}: reported, not the figure`,
        `flowc plan: ${flowc.source}`,
      ],
    });
    for (const [name] of sides.slice(2)) {
      const p = eff.get(name)!;
      rows.push({
        figure: FIGURE,
        id: `map.${name === "LangGraph.js" ? "langgraph" : "ai-sdk"}`,
        measured: `${measured(runs)}. ${name === "LangGraph.js" ? "LangGraph: Send fan-out, maxConcurrency " + C : "AI SDK: generateObject under p-limit(" + C + ")"}.`,
        unit: "ratio",
        flowc: summarize(f),
        peer: { name, value: summarize(p) },
        ratioLabel: `flowc efficiency ÷ ${name} efficiency`,
        ratio: pairedRatio(f, p),
        interval: pairedInterval(f, p, `flowc efficiency ÷ ${name} efficiency`),
        target: "none set (compared)",
        verdict: null,
        caches: CACHES,
      });
    }

    // Tree reduce: fixed latency (no jitter) so the ideal ⌈log₈ N⌉·L is exact.
    await server.configure({ jitterMs: 0 });
    const levels = Math.ceil(Math.log(n) / Math.log(8) - 1e-9);
    const idealReduce = levels * L;
    const parts = items(n).map((value) => ({ value }));
    const provider = flowc.provider;
    const reduceC = Math.ceil(n / 8);
    const reduceRuns = quick ? 2 : 5;
    const wall: number[] = [];
    const wall32: number[] = [];
    let calls = 0;
    for (let k = 0; k < reduceRuns; k++) {
      for (const [c, into] of [
        [reduceC, wall],
        [C, wall32],
      ] as const) {
        await server.reset();
        let out: { value: number } = { value: 0 };
        const ms = await timeMs(async () => void (out = (await run(flowc.plan.fan_in, { parts }, { provider, concurrency: c })).output as { value: number }));
        if (out.value !== expectedSum(n)) throw new Error(`reduce: got ${out.value}, expected ${expectedSum(n)}`);
        into.push(ms);
        if (c === reduceC) calls = (await server.stats()).requests;
      }
    }
    const w = summarize(wall);
    rows.push({
      figure: FIGURE,
      id: "reduce.tree",
      measured:
        `tree reduce of the ${n} results with batch 8 (bench/plans/dispatch.flow \`fan_in\`: \`reduce parts with add_up (batch: 8)\`, a worker per batch), ` +
        `latency ${L} ms fixed, run concurrency ${reduceC} (enough for every batch of a level at once); ideal ⌈log₈ ${n}⌉·L = ${levels}·${L} = ${idealReduce} ms; ${reduceRuns} runs`,
      unit: "ms",
      flowc: w,
      peer: { name: `ideal ⌈log₈ N⌉·L`, value: summarize([idealReduce]) },
      ratioLabel: "wall time ÷ ideal",
      ratio: summarize(wall.map((x) => x / idealReduce)),
      target: "none set (reported); 1.0 is ideal",
      verdict: null,
      caches: CACHES,
      notes: [
        `${calls} combining calls per reduce`,
        `at run concurrency ${C} instead: ${round(summarize(wall32).median, 1)} ms (${round(summarize(wall32).min, 1)}–${round(summarize(wall32).max, 1)}), ${round(summarize(wall32).median / idealReduce, 3)}× ideal (the first level's ${Math.ceil(n / 8)} batches then need ${Math.ceil(Math.ceil(n / 8) / C)} rounds)`,
        ...takeWarnings(),
      ],
    });
    return rows;
  } finally {
    await server.close();
  }
}
