// `npm run bench` (full, < 15 min on 2 cores) or `npm run bench -- --quick` (< 60 s).
// Options: --only dispatch,map,... to run some figures; --no-write to print only.
// Writes bench/results.json and bench/RESULTS.md and prints the table.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { compileFigure } from "./figures/compile.ts";
import { dispatchFigure } from "./figures/dispatch.ts";
import { mapFigure } from "./figures/map.ts";
import { memoryFigure } from "./figures/memory.ts";
import { niahFigure } from "./figures/niah.ts";
import { oolongFigure } from "./figures/oolong.ts";
import { machine } from "./lib/machine.ts";
import { BENCH_DIR, ROOT_DIR } from "./lib/paths.ts";
import { cliMode } from "./lib/cli-mode.ts";
import { buildPlans } from "./lib/plans.ts";
import { consoleTable, markdown, type Results } from "./lib/report.ts";
import { notMeasured } from "./lib/rows.ts";
import type { Figure, Row } from "./lib/types.ts";
import { collectWarnings } from "./lib/warnings.ts";

const FIGURES: Record<string, { title: string; run: Figure }> = {
  dispatch: { title: "1. Dispatch overhead", run: dispatchFigure },
  map: { title: "2. Map efficiency", run: mapFigure },
  niah: { title: "3. Long context (NIAH)", run: niahFigure },
  oolong: { title: "4. Aggregation (OOLONG)", run: oolongFigure },
  compile: { title: "5. Compile", run: compileFigure },
  memory: { title: "6. Memory", run: memoryFigure },
};

function parseArgs(argv: readonly string[]): { quick: boolean; only: string[]; write: boolean; reportOnly: boolean } {
  let quick = false;
  let reportOnly = false;
  let write = true;
  let only = Object.keys(FIGURES);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--quick") quick = true;
    else if (a === "--no-write") write = false;
    else if (a === "--report-only") reportOnly = true;
    else if (a === "--only") only = (argv[++i] ?? "").split(",").filter(Boolean);
    else if (a.startsWith("--only=")) only = a.slice(7).split(",").filter(Boolean);
    else if (a === "--help" || a === "-h") {
      process.stdout.write(
        "usage: npm run bench [-- --quick] [--only dispatch,map,niah,oolong,compile,memory] [--no-write]\n" +
          "       npm run bench -- --report-only    (rewrite RESULTS.md from results.json, measuring nothing)\n",
      );
      process.exit(0);
    } else {
      process.stderr.write(`unknown option ${a} (try --help)\n`);
      process.exit(2);
    }
  }
  for (const f of only) {
    if (!FIGURES[f]) {
      process.stderr.write(`unknown figure ${f}: one of ${Object.keys(FIGURES).join(", ")}\n`);
      process.exit(2);
    }
  }
  return { quick, only, write, reportOnly };
}

function version(pkg: string, from = BENCH_DIR): string {
  try {
    return JSON.parse(readFileSync(path.join(from, "node_modules", pkg, "package.json"), "utf8")).version;
  } catch {
    return "not installed";
  }
}

/** The commit measured, and whether runtime/compiler sources differed from it. */
function revision(): string {
  const git = (...args: string[]): string => spawnSync("git", args, { cwd: ROOT_DIR, encoding: "utf8" }).stdout?.trim() ?? "";
  const head = git("rev-parse", "--short", "HEAD");
  if (!head) return "unknown (not a git checkout)";
  const dirty = git("status", "--porcelain", "--", "runtime", "compiler", "grammar", "cli", "bin").split("\n").filter(Boolean).length;
  return dirty ? `${head} with ${dirty} uncommitted change(s) in runtime/compiler/grammar/cli/bin` : head;
}

const { quick, only, write, reportOnly } = parseArgs(process.argv.slice(2));
if (reportOnly) {
  const saved = JSON.parse(readFileSync(path.join(BENCH_DIR, "results.json"), "utf8")) as Results;
  writeFileSync(path.join(BENCH_DIR, "RESULTS.md"), markdown(saved));
  process.stdout.write(consoleTable(saved.rows) + "\nrewrote bench/RESULTS.md from bench/results.json\n");
  process.exit(0);
}
collectWarnings();
const started = performance.now();
const loadStart = os.loadavg();
const log = (line: string): void => void process.stderr.write(line + "\n");
log(`flowc bench (${quick ? "quick" : "full"}): ${only.join(", ")}`);

const flowcCli = cliMode();
log(`flowc CLI: ${flowcCli}`);
const plans = buildPlans();
log(plans.compiled ? `plans compiled by flowc build in ${plans.buildMs?.toFixed(0)} ms` : `plans: ${plans.reason}; using bench/handwritten/`);

const rows: Row[] = [];
const figureSeconds: Record<string, number> = {};
for (const name of only) {
  const { title, run } = FIGURES[name]!;
  const t = performance.now();
  log(`${title} ...`);
  const loadBefore = os.loadavg()[0]!;
  try {
    const got = await run({ quick, log });
    const load = `machine load average (1 min) over this figure: ${loadBefore.toFixed(2)} at start, ${os.loadavg()[0]!.toFixed(2)} at end, on ${os.cpus().length} cores`;
    if (got[0]) got[0] = { ...got[0], notes: [...(got[0].notes ?? []), load] };
    rows.push(...got);
  } catch (error) {
    rows.push(notMeasured(title, name, "(the figure failed before measuring)", error, ""));
    log(`  failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  figureSeconds[name] = (performance.now() - t) / 1000;
  log(`  ${figureSeconds[name]!.toFixed(1)} s`);
}

const results: Results = {
  mode: quick ? "quick" : "full",
  machine: machine(),
  loadAverage: { start: loadStart, end: os.loadavg() },
  durationS: (performance.now() - started) / 1000,
  figureSeconds,
  revision: revision(),
  flowcCli,
  plans: plans.compiled
    ? "compiled by `flowc build plans --out generated` (bench/plans/*.flow → bench/generated/plans/*.ts)"
    : `hand-written bench/handwritten/*.ts (to docs/generated-code.md), because ${plans.reason}`,
  versions: {
    openai: version("openai", ROOT_DIR),
    "@langchain/langgraph": version("@langchain/langgraph"),
    "@langchain/openai": version("@langchain/openai"),
    "@langchain/core": version("@langchain/core"),
    ai: version("ai"),
    "@ai-sdk/openai": version("@ai-sdk/openai"),
    "@boundaryml/baml": version("@boundaryml/baml"),
  },
  rows,
};

process.stdout.write("\n" + consoleTable(rows) + "\n");
if (write) {
  writeFileSync(path.join(BENCH_DIR, "results.json"), JSON.stringify(results, null, 2) + "\n");
  writeFileSync(path.join(BENCH_DIR, "RESULTS.md"), markdown(results));
  log(`\nwrote bench/results.json and bench/RESULTS.md (${results.durationS.toFixed(1)} s)`);
}
