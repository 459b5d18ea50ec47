// Figure 6. Memory: one map of N items of the trivial worker at zero latency
// per child process (run with --expose-gc), flowc and the bare loop, order
// rotated run by run. Each child forces a GC at checkpoints (10k, 100k and
// 300k items done in a full run) and records the live heap and its peak RSS
// so far (memory-child.ts), so one run gives every size. The server runs in
// this process, so it does not count. A child that does not finish in time is
// stopped, and what it had done by then is reported.
import { spawn } from "node:child_process";
import path from "node:path";
import { BENCH_DIR } from "../lib/paths.ts";
import { judged, pairedInterval } from "../lib/rows.ts";
import { pairedRatio, ratioInterval, round, summarize } from "../lib/stats.ts";
import type { FigureOptions, Row } from "../lib/types.ts";
import { startServerThread } from "../server/thread.ts";

const FIGURE = "6. Memory";
const LIMIT = 1.1;

interface Checkpoint {
  readonly items: number;
  readonly heapBytes: number;
  readonly maxRssMB: number;
  readonly elapsedMs: number;
}

interface ChildResult {
  side: string;
  n: number;
  wallMs: number;
  maxRssMB: number;
  baselineHeapBytes: number;
  checkpoints: Checkpoint[];
  after: Checkpoint | null;
  /** Set when the child was stopped at the time limit. */
  timedOut?: { done: number; elapsedMs: number };
}

export function child(side: string, url: string, n: number, concurrency: number, checkpoints: readonly number[], limitMs: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    // node itself with tsx's loader (no tsx wrapper process), so the PID we stop is the one that runs.
    const args = ["--expose-gc", "--import", "tsx", path.join(BENCH_DIR, "figures", "memory-child.ts"), side, url, String(n), String(concurrency), checkpoints.join(",")];
    const p = spawn(process.execPath, args, {
      cwd: BENCH_DIR,
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(BENCH_DIR, "tsconfig.json") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let killed = false;
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => {
      killed = true;
      p.kill("SIGKILL");
    }, limitMs);
    p.on("close", (code) => {
      clearTimeout(timer);
      const lines = out.trim().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
      const last = lines.at(-1);
      if (killed) {
        if (!last) return reject(new Error(`memory child ${side} printed nothing in ${limitMs / 1000} s`));
        return resolve({ side, n, wallMs: last.elapsedMs, maxRssMB: last.maxRssMB, baselineHeapBytes: 0, checkpoints: [], after: null, timedOut: { done: last.progress, elapsedMs: last.elapsedMs } });
      }
      if (code !== 0 || !last || last.progress !== undefined) {
        return reject(new Error(`memory child ${side} exited ${code}: ${err.trim().slice(-800)}`));
      }
      resolve(last as ChildResult);
    });
  });
}

const k = (n: number): string => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));
const perItem = (r: ChildResult, c: Checkpoint): number => (c.heapBytes - r.baselineHeapBytes) / c.items;

export async function memoryFigure({ quick, log }: FigureOptions): Promise<Row[]> {
  const checkpoints = quick ? [300, 1_000, 2_000] : [10_000, 100_000, 300_000];
  const n = checkpoints.at(-1)!;
  const runs = 2;
  const limitMs = quick ? 90_000 : 480_000;
  const concurrency = 64;
  // The server outlives every child at its time limit (the idle ones 60 s each): its default lifetime,
  // 15 min, is about what a full run takes on a quiet machine, and on a loaded one it closed mid-run.
  const lifetimeMs = 2 * 60_000 + runs * 2 * limitMs + 60_000;
  const server = await startServerThread({ script: "echo", latencyMs: 0 }, { maxRequests: 2_000_000, lifetimeMs });
  try {
    const idleFlowc = await child("idle-flowc", server.url, 0, 1, [], 60_000);
    const idleBare = await child("idle-bare", server.url, 0, 1, [], 60_000);
    const results: Record<"flowc" | "bare", ChildResult[]> = { flowc: [], bare: [] };
    const show = (r: ChildResult): string =>
      r.timedOut
        ? `stopped after ${(r.timedOut.elapsedMs / 1000).toFixed(0)} s with ${r.timedOut.done}/${n} done, ${r.maxRssMB.toFixed(0)} MB so far`
        : `${r.maxRssMB.toFixed(0)} MB in ${(r.wallMs / 1000).toFixed(1)} s`;
    for (let run = 0; run < runs; run++) {
      const order: ("flowc" | "bare")[] = run % 2 ? ["bare", "flowc"] : ["flowc", "bare"];
      for (const side of order) results[side].push(await child(side, server.url, n, concurrency, checkpoints, limitMs));
      log(`  run ${run + 1}/${runs} (${order.join(" first, then ")}): flowc ${show(results.flowc.at(-1)!)}; bare ${show(results.bare.at(-1)!)}`);
      if (results.flowc.at(-1)!.timedOut || results.bare.at(-1)!.timedOut) break; // a second run would only time out again
    }
    const stopped = [...results.flowc, ...results.bare].filter((r) => r.timedOut);
    const caches =
      "each run a fresh child process (node --expose-gc with tsx's loader; tsx's transform cache as the machine had it); a 100-item warm-up before the baseline; " +
      "no compile step measured (the plan was built at the start of the run)";
    const how =
      `one map of ${n.toLocaleString("en-US")} items of the trivial worker per child process (flowc: bench/plans/dispatch.flow \`fan_out\` with an onEvent listener counting map-progress events; ` +
      `bare: peers/bare.ts, the SDK in a bounded pool), zero latency, concurrency ${concurrency}; ${results.flowc.length} run(s) per side, order rotated; ` +
      "a forced GC at each checkpoint (the same for both sides), the loopback server in the parent process";
    const idleNote = `a child that loads everything and runs nothing peaks at ${round(idleFlowc.maxRssMB, 1)} MB (flowc) and ${round(idleBare.maxRssMB, 1)} MB (bare loop)`;
    if (stopped.length > 0) {
      const notes = stopped.map(
        (r) => `${r.side} did not finish within ${limitMs / 1000} s: stopped with ${r.timedOut!.done.toLocaleString("en-US")} items done and a peak RSS of ${round(r.maxRssMB, 1)} MB so far`,
      );
      return [
        {
          figure: FIGURE,
          id: `memory.peak-rss.${k(n)}`,
          measured: `peak RSS of ${how}`,
          unit: "MB",
          flowc: summarize(results.flowc.map((r) => r.maxRssMB)),
          peer: { name: "bare loop, same calls", value: summarize(results.bare.map((r) => r.maxRssMB)) },
          target: `flowc ≤ ${LIMIT}× the bare loop's peak RSS at ${k(n)} items`,
          verdict: "not decided",
          decide: `a run that finishes: ${notes.join("; ")}`,
          caches,
          notes: [...notes, idleNote],
        },
      ];
    }
    const rows: Row[] = [];
    const runsOf = (side: "flowc" | "bare", i: number): Checkpoint[] => results[side].map((r) => r.checkpoints[i]!);
    for (let i = 0; i < checkpoints.length; i++) {
      const size = checkpoints[i]!;
      const last = i === checkpoints.length - 1;
      const f = last ? results.flowc.map((r) => r.maxRssMB) : runsOf("flowc", i).map((c) => c.maxRssMB);
      const b = last ? results.bare.map((r) => r.maxRssMB) : runsOf("bare", i).map((c) => c.maxRssMB);
      const iv = ratioInterval(f, b);
      rows.push({
        figure: FIGURE,
        id: `memory.peak-rss.${k(size)}`,
        measured: last ? `peak RSS of the child over the whole run: ${how}` : `peak RSS of the child when ${size.toLocaleString("en-US")} items were done (the same runs)`,
        unit: "MB",
        flowc: summarize(f),
        peer: { name: "bare loop, same calls", value: summarize(b) },
        ratioLabel: "flowc ÷ bare loop (peak RSS)",
        ratio: pairedRatio(f, b),
        ...(last
          ? {
              target: `≤ ${LIMIT} (flowc's peak RSS within ${LIMIT}× the bare loop's at ${k(size)} items)`,
              ...judged(iv, "flowc ÷ bare loop, peak RSS", { op: "<=", limit: LIMIT }),
            }
          : { interval: pairedInterval(f, b, "flowc ÷ bare loop, peak RSS"), target: "none set (reported)", verdict: null }),
        caches,
        notes: last
          ? [
              idleNote,
              `peak RSS above that idle child: flowc ${round(summarize(f).median - idleFlowc.maxRssMB, 1)} MB, bare loop ${round(summarize(b).median - idleBare.maxRssMB, 1)} MB (medians)`,
              `wall time of the map: flowc ${round(summarize(results.flowc.map((r) => r.wallMs)).median / 1000, 1)} s, bare loop ${round(summarize(results.bare.map((r) => r.wallMs)).median / 1000, 1)} s (medians; checkpoints' forced GCs included)`,
            ]
          : [],
      });
    }
    for (let i = 0; i < checkpoints.length; i++) {
      const size = checkpoints[i]!;
      const f = results.flowc.map((r) => perItem(r, r.checkpoints[i]!));
      const b = results.bare.map((r) => perItem(r, r.checkpoints[i]!));
      rows.push({
        figure: FIGURE,
        id: `memory.heap-per-item.${k(size)}`,
        measured:
          `live heap after a forced GC when ${size.toLocaleString("en-US")} items were done, less the live heap after the warm-up (also after a forced GC), ÷ ${size.toLocaleString("en-US")}: ` +
          `what each item done keeps alive (its result, and anything the runner keeps); ${concurrency} calls in flight at that moment`,
        unit: "bytes",
        flowc: summarize(f),
        peer: { name: "bare loop, same calls", value: summarize(b) },
        ratioLabel: "flowc ÷ bare loop (bytes per item)",
        ratio: b.every((x) => x > 0) ? pairedRatio(f, b) : null,
        interval: b.every((x) => x > 0) ? pairedInterval(f, b, "flowc ÷ bare loop, bytes per item") : null,
        target: "none set (reported)",
        verdict: null,
        caches,
        notes: [
          `live heap at the baseline: flowc ${round(summarize(results.flowc.map((r) => r.baselineHeapBytes)).median / 2 ** 20, 1)} MB, bare loop ${round(summarize(results.bare.map((r) => r.baselineHeapBytes)).median / 2 ** 20, 1)} MB; ` +
            `at this checkpoint: flowc ${round(summarize(results.flowc.map((r) => r.checkpoints[i]!.heapBytes)).median / 2 ** 20, 1)} MB, bare loop ${round(summarize(results.bare.map((r) => r.checkpoints[i]!.heapBytes)).median / 2 ** 20, 1)} MB`,
          ...(i === checkpoints.length - 1
            ? [
                `after the map returned, its ${n.toLocaleString("en-US")} results held: flowc ${round(summarize(results.flowc.map((r) => perItem(r, r.after!))).median, 1)} bytes per item, bare loop ${round(summarize(results.bare.map((r) => perItem(r, r.after!))).median, 1)}`,
              ]
            : []),
        ],
      });
    }
    return rows;
  } finally {
    await server.close();
  }
}
