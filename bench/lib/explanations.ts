// Why a target was missed, as far as the benchmark's own evidence goes. Each
// explanation is printed only when its row missed its target, and points at
// the rows (or the diagnostics in bench/README.md) that support it.
import { fmt } from "./stats.ts";
import type { Row } from "./types.ts";

type Explain = (row: Row, rows: readonly Row[]) => string;

const byId = (rows: readonly Row[], id: string): Row | undefined => rows.find((r) => r.id === id);

const EXPLANATIONS: Record<string, Explain> = {
  "dispatch.bare-sdk": () =>
    "What flowc does per call beyond the bare loop: input and output zod validation, a call frame, a sha256 of the " +
    "input's stable JSON for the trace (done even when no trace or resume is configured), an abort race around the " +
    "request, usage accounting, and it passes the map's AbortSignal into the SDK, which adds an abort listener per " +
    "request that is never removed (see memory.peak-rss). On a loaded 2-core machine the spread of the runs is wide; " +
    "compare the per-call microseconds in the details.",
  "map.efficiency": (_row, rows) => {
    const r = byId(rows, "map.efficiency");
    return (
      `The bare SDK pool in the same runs reached ${fmt(r?.peer?.value, 3)}: the distance from 1.0 that both share is ` +
      "the harness on 2 cores (HTTP and JSON on the same cores as the client, timers firing late under load; see the " +
      "timer-lag note), and flowc ÷ bare SDK is flowc's own share."
    );
  },
  "niah.speedup.c16": (row, rows) => {
    const split = byId(rows, "niah.split");
    const c16 = byId(rows, "niah.makespan.c16");
    const share = split?.flowc && c16?.flowc ? Math.round((100 * split.flowc.median) / c16.flowc.median) : null;
    return (
      `The runtime's built-in split takes ${fmt(split?.flowc, 0, " ms")} on this document (a hand-written chunker ` +
      `${fmt(split?.peer?.value, 1, " ms")}), ${share !== null ? `${share} % of the makespan at 16` : "part of every run"}: ` +
      'softBoundary() calls text.lastIndexOf("\\n\\n", end) over the whole text, and without a paragraph break that scans back ' +
      "to the start of the document for every chunk, so split is quadratic in the document length and costs the same at " +
      `every concurrency. At 16 flowc took ${fmt(c16?.flowc, 0, " ms")}, the bare SDK on the same chunks ` +
      `${fmt(c16?.peer?.value, 0, " ms")}, and the bare SDK's own speedup was ${fmt(row.peer?.value, 2)}×. ` +
      "Even with split fixed the target is tight: no scheduler can beat calls ÷ " +
      "⌈calls/16⌉ (the ideal bound in the notes), so every fixed per-run cost (hashing the whole input twice for the " +
      "trace, sending the document through HTTP and JSON on 2 cores) must stay within a few percent of the makespan at 16."
    );
  },
  "compile.build": (row) => {
    const tsx = (row.notes ?? []).some((n) => n.includes("through tsx"));
    return (
      `flowc build took ${row.ratio ? row.ratio.median.toFixed(2) : "?"}× the time of baml-cli generate. flowc parses, checks and emits each module in ` +
      "Node, then formats every generated module with prettier (about 10 ms of CPU a module by the compiler's own " +
      "measure, spread over worker threads, which on 2 cores leaves little room); baml-cli is a small Node launcher " +
      "around a native (Rust) addon that parses and generates in one pass." +
      (tsx
        ? " This run also started flowc from its TypeScript sources through tsx (the dist/ bundle was older than the " +
          "sources), which loads ~770 ES modules (640 of them lodash-es, chevrotain's dependency) through tsx's loader hooks."
        : "")
    );
  },
  "memory.peak-rss": () =>
    "The runtime passes the map's AbortSignal (shared by every item) to each SDK request; openai-node's " +
    "fetchWithTimeout adds a `once` abort listener to that signal and never removes it, so a 100,000-item map leaves " +
    "100,000 listeners (and what their closures hold) on one signal. Node's EventTarget scans its listener list on " +
    "every addEventListener, so the map also slows down quadratically (the bare SDK, given no signal, stays linear). " +
    "A per-request AbortController linked to the frame's signal, and unlinked when the request settles, removes both.",
  "dispatch.langgraph": () => "flowc was slower than LangGraph.js in these runs; see the per-call microseconds.",
  "dispatch.ai-sdk": () => "flowc was slower than the AI SDK in these runs; see the per-call microseconds.",
  "niah.exactness": () => "A seed came back with the wrong number or none: see the per-seed list.",
  "niah.context": () => "The largest context grew with the document: split did not bound the chunk size.",
  "oolong.exactness": () => "Some answers differed from the generator's: see the misses listed.",
};

export function explain(row: Row, rows: readonly Row[]): string | null {
  if (row.pass !== false) return null;
  return EXPLANATIONS[row.id]?.(row, rows) ?? null;
}
