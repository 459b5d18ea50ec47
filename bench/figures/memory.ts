// Figure 6. Memory: a 100,000-item map of a trivial worker at zero latency,
// run in a child process whose peak RSS (process.resourceUsage().maxRSS) is
// read at the end; the server runs in this process, so it does not count.
// A child that does not finish in time is stopped, and what it had done by
// then (items, peak RSS so far) is reported as a miss.
import { spawn } from "node:child_process";
import path from "node:path";
import { BENCH_DIR } from "../lib/paths.ts";
import { pairedRatio, round, summarize } from "../lib/stats.ts";
import type { FigureOptions, Row } from "../lib/types.ts";
import { startServerThread } from "../server/thread.ts";

const FIGURE = "6. Memory";

interface ChildResult {
  side: string;
  n: number;
  wallMs: number;
  maxRssMB: number;
  /** Set when the child was stopped at the time limit. */
  timedOut?: { done: number; elapsedMs: number };
}

export function child(side: string, url: string, n: number, concurrency: number, limitMs: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    // node itself with tsx's loader (no tsx wrapper process), so the PID we stop is the one that runs.
    const p = spawn(process.execPath, ["--import", "tsx", path.join(BENCH_DIR, "figures", "memory-child.ts"), side, url, String(n), String(concurrency)], {
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
        return resolve({ side, n, wallMs: last.elapsedMs, maxRssMB: last.maxRssMB, timedOut: { done: last.progress, elapsedMs: last.elapsedMs } });
      }
      if (code !== 0 || !last || last.progress !== undefined) {
        return reject(new Error(`memory child ${side} exited ${code}: ${err.trim().slice(-800)}`));
      }
      resolve(last as ChildResult);
    });
  });
}

export async function memoryFigure({ quick, log }: FigureOptions): Promise<Row[]> {
  const n = quick ? 5_000 : 100_000;
  const runs = quick ? 1 : 2;
  const limitMs = quick ? 60_000 : 180_000;
  const concurrency = 64;
  const server = await startServerThread({ script: "echo", latencyMs: 0 });
  try {
    const idle = quick ? null : await child("idle-flowc", server.url, 0, 1, 60_000);
    const flowc: ChildResult[] = [];
    const bare: ChildResult[] = [];
    for (let k = 0; k < runs; k++) {
      const f = await child("flowc", server.url, n, concurrency, limitMs);
      flowc.push(f);
      bare.push(await child("bare", server.url, n, concurrency, limitMs));
      const b = bare.at(-1)!;
      const show = (r: ChildResult): string =>
        r.timedOut
          ? `stopped after ${(r.timedOut.elapsedMs / 1000).toFixed(0)} s with ${r.timedOut.done}/${n} done, ${r.maxRssMB.toFixed(0)} MB so far`
          : `${r.maxRssMB.toFixed(0)} MB in ${(r.wallMs / 1000).toFixed(1)} s`;
      log(`  run ${k + 1}/${runs}: flowc ${show(f)}; bare SDK ${show(b)}`);
      if (f.timedOut) break; // a second run would only time out again
    }
    const finished = flowc.filter((r) => !r.timedOut);
    const stopped = flowc.find((r) => r.timedOut);
    const fs = summarize(flowc.map((r) => r.maxRssMB));
    const b = bare.map((r) => r.maxRssMB);
    const notes = [
      ...(idle ? [`a child that only loads tsx, the runtime, the provider and the plan peaks at ${round(idle.maxRssMB, 1)} MB`] : []),
      `wall time of the map: flowc ${finished.length ? `${round(summarize(finished.map((r) => r.wallMs)).median / 1000, 2)} s` : "did not finish"}, bare SDK ${round(summarize(bare.map((r) => r.wallMs)).median / 1000, 2)} s`,
    ];
    if (stopped?.timedOut) {
      notes.unshift(
        `flowc did not finish the ${n.toLocaleString("en-US")}-item map within ${limitMs / 1000} s: stopped with ${stopped.timedOut.done.toLocaleString("en-US")} items done and a peak RSS of ${round(stopped.maxRssMB, 1)} MB so far (the figure is that lower bound)`,
      );
    }
    return [
      {
        figure: FIGURE,
        id: "memory.peak-rss",
        measured: `peak RSS of a child process running a ${n.toLocaleString("en-US")}-item map of the trivial worker (bench/plans/dispatch.flow \`fan_out\`), zero latency, concurrency ${concurrency}; the loopback server runs in the parent; ${flowc.length} run(s), each stopped after ${limitMs / 1000} s`,
        unit: "MB",
        flowc: fs,
        peer: { name: "bare openai SDK pool, same calls", value: summarize(b) },
        ratioLabel: "flowc ÷ bare SDK (peak RSS)",
        ratio: pairedRatio(
          flowc.map((r) => r.maxRssMB),
          b.slice(0, flowc.length),
        ),
        target: "< 300 MB",
        pass: stopped ? false : fs.median < 300,
        notes,
      },
    ];
  } finally {
    await server.close();
  }
}
