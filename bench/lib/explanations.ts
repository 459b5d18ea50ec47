// What the run measured around a target that was missed or not decided. Each
// text is built only from this run's rows (their figures, intervals and
// extras): no constant, no claim the run did not check. Printed for rows
// whose verdict is "missed" or "not decided".
import { fmt, fmtInterval, round, type Interval } from "./stats.ts";
import type { Row } from "./types.ts";

type Explain = (row: Row, rows: readonly Row[]) => string | null;

const byId = (rows: readonly Row[], id: string): Row | undefined => rows.find((r) => r.id === id);
const med = (r: Row | undefined, side: "flowc" | "peer"): number | undefined => (side === "flowc" ? r?.flowc?.median : r?.peer?.value?.median);
const num = (x: unknown, digits = 1): string => (typeof x === "number" && Number.isFinite(x) ? String(round(x, digits)) : "?");

const EXPLANATIONS: Record<string, Explain> = {
  "dispatch.overhead": (row, rows) => {
    const bare = byId(rows, "dispatch.bare-sdk");
    const e = row.extra ?? {};
    return (
      `per call (median wall time ÷ ${num(e.calls, 0)} calls): flowc ${num(e.flowcMicrosPerCall)} µs, the bare loop reading raw responses ${num(e.bareRawMicrosPerCall)} µs` +
      (bare?.extra ? `, the bare SDK ${num(bare.extra.bareMicrosPerCall)} µs` : "") +
      `; CPU time of the child, flowc ÷ the raw-response loop: ${fmtInterval(e.cpuRatio as Interval | undefined)}` +
      (bare?.ratio ? `; flowc ÷ bare SDK (with its parsing step): ${fmt(bare.ratio)}` : "")
    );
  },
  "dispatch.langgraph": (row) => `flowc ${fmt(row.flowc, 1, " ms")}, LangGraph.js ${fmt(row.peer?.value, 1, " ms")} over the same runs`,
  "dispatch.ai-sdk": (row) => `flowc ${fmt(row.flowc, 1, " ms")}, the AI SDK ${fmt(row.peer?.value, 1, " ms")} over the same runs`,
  "map.efficiency": (row) =>
    `the bare SDK pool reached ${fmt(row.peer?.value, 3)} in the same runs; flowc ÷ it ${fmt(row.ratio, 3)}` +
    (row.peer?.value && row.peer.value.median < 0.97 ? "; the bare pool's own median is below 0.97 too" : ""),
  "niah.speedup.c16": (row, rows) => {
    const c1 = byId(rows, "niah.makespan.c1");
    const c16 = byId(rows, "niah.makespan.c16");
    const e = row.extra ?? {};
    return (
      `at 1 flowc took ${fmt(c1?.flowc, 0, " ms")} and the bare SDK ${fmt(c1?.peer?.value, 0, " ms")}; at 16 flowc ${fmt(c16?.flowc, 0, " ms")} and the bare SDK ${fmt(c16?.peer?.value, 0, " ms")}; ` +
      `the bare SDK's speedup was ${fmt(row.peer?.value, 2)}×; with ${num(e.calls, 0)} calls no scheduler can pass ${num(e.bound, 2)}×; split took ${num(e.splitMs)} ms of each run`
    );
  },
  "memory.peak-rss": (row, rows) => {
    const size = row.id.split(".").at(-1);
    const heap = byId(rows, `memory.heap-per-item.${size}`);
    return (
      `peak RSS flowc ${fmt(row.flowc, 1, " MB")}, bare loop ${fmt(row.peer?.value, 1, " MB")}` +
      (heap ? `; live heap per item done at ${size}: flowc ${fmt(heap.flowc, 0, " bytes")}, bare loop ${fmt(heap.peer?.value, 0, " bytes")}` : "")
    );
  },
  "compile.build.cold": (row, rows) => {
    const size = row.id.split(".").at(-1);
    const cpu = byId(rows, `compile.build.cold-cpu.${size}`);
    if (!cpu) return null;
    const par = (side: "flowc" | "peer"): string => {
      const c = med(cpu, side);
      const w = med(row, side);
      return c !== undefined && w ? String(round(c / w, 2)) : "?";
    };
    return (
      `CPU time flowc ${fmt(cpu.flowc, 0, " ms")}, baml-cli ${fmt(cpu.peer?.value, 0, " ms")} (flowc ÷ baml-cli ${fmtInterval(cpu.interval)}); ` +
      `CPU ÷ wall time (medians): flowc ${par("flowc")}, baml-cli ${par("peer")}`
    );
  },
  "compile.check.start": (row, rows) => {
    const withCache = byId(rows, "compile.check.start-code-cache");
    const cpu = (row.notes ?? []).find((n) => n.startsWith("CPU time"));
    return (
      (cpu ? `${cpu}; ` : "") +
      (withCache ? `with the code cache that ships in the package: ${fmt(withCache.flowc, 0, " ms")} (÷ node -e "": ${fmt(withCache.ratio, 2)})` : "")
    ) || null;
  },
  "niah.exactness": (row) => (row.notes ?? []).join("; ") || null,
  "oolong.exactness": (row) => (row.notes ?? []).slice(0, 3).join("; ") || null,
};

/** Row ids that share an explanation: compile.build.cold.200 → compile.build.cold. */
function keyOf(id: string): string {
  if (EXPLANATIONS[id]) return id;
  return id.replace(/\.[^.]+$/, "");
}

export function explain(row: Row, rows: readonly Row[]): string | null {
  if (row.verdict !== "missed" && row.verdict !== "not decided") return null;
  return EXPLANATIONS[keyOf(row.id)]?.(row, rows) ?? null;
}
