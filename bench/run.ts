// `npm run bench` (full, about 21 min on 2 cores) or `npm run bench -- --quick` (2–3 min on a quiet machine).
// Options: --only dispatch,map,... to run some figures; --no-write to print only;
// --out DIR to write elsewhere. A full run writes bench/results.json and
// bench/RESULTS.md; a quick run writes bench/.tmp/quick/ (never over the full
// run's files). Both print the table.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
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
import { buildPlans, checkOneRuntime } from "./lib/plans.ts";
import { BUDGET_S, consoleTable, markdown, type Results } from "./lib/report.ts";
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

function parseArgs(argv: readonly string[]): { quick: boolean; only: string[]; write: boolean; reportOnly: boolean; out: string | null } {
  let quick = false;
  let out: string | null = null;
  let reportOnly = false;
  let write = true;
  let only = Object.keys(FIGURES);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--quick") quick = true;
    else if (a === "--no-write") write = false;
    else if (a === "--report-only") reportOnly = true;
    else if (a === "--out") out = path.resolve(argv[++i] ?? ".");
    else if (a.startsWith("--out=")) out = path.resolve(a.slice(6));
    else if (a === "--only") only = (argv[++i] ?? "").split(",").filter(Boolean);
    else if (a.startsWith("--only=")) only = a.slice(7).split(",").filter(Boolean);
    else if (a === "--help" || a === "-h") {
      process.stdout.write(
        "usage: npm run bench [-- --quick] [--only dispatch,map,niah,oolong,compile,memory] [--no-write] [--out DIR]\n" +
          "       npm run bench -- --report-only [--out DIR]   (rewrite RESULTS.md from results.json in DIR, measuring nothing)\n" +
          "A full run writes bench/results.json and bench/RESULTS.md; a quick run bench/.tmp/quick/ (--out DIR: there instead).\n",
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
  return { quick, only, write, reportOnly, out };
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

/** results.json from before verdicts had intervals: `pass` judged the median alone; say so rather than drop it. */
function withVerdicts(saved: Results): Results {
  const rows = saved.rows.map((r) => {
    const pass = (r as { pass?: boolean | null }).pass;
    if (r.verdict !== undefined || typeof pass !== "boolean") return r;
    return { ...r, verdict: pass ? ("met" as const) : ("missed" as const), notes: [...(r.notes ?? []), "verdict from an older results.json: judged on the median alone, without an interval"] };
  });
  return { ...saved, rows };
}

const { quick, only, write, reportOnly, out } = parseArgs(process.argv.slice(2));
// A quick run never writes over the full run's results.
const outDir = out ?? (quick ? path.join(BENCH_DIR, ".tmp", "quick") : BENCH_DIR);
if (reportOnly) {
  const saved = withVerdicts(JSON.parse(readFileSync(path.join(outDir, "results.json"), "utf8")) as Results);
  writeFileSync(path.join(outDir, "RESULTS.md"), markdown(saved));
  process.stdout.write(consoleTable(saved.rows) + `\nrewrote ${path.relative(process.cwd(), path.join(outDir, "RESULTS.md"))} from results.json there\n`);
  process.exit(0);
}
checkOneRuntime();
collectWarnings();
const started = performance.now();
const loadStart = os.loadavg();
const log = (line: string): void => void process.stderr.write(line + "\n");
log(`flowc bench (${quick ? "QUICK: reduced sizes, a smoke test, not figures of record" : "full"}): ${only.join(", ")}`);
log("@flowc/runtime resolves to ../runtime/index.ts (one runtime for the figures and the generated plans)");

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

process.stdout.write(`\n${quick ? "QUICK RUN (reduced sizes, a smoke test; not figures of record)\n" : ""}` + consoleTable(rows) + "\n");
const budget = BUDGET_S[results.mode];
log(`${results.mode} run: ${results.durationS.toFixed(1)} s (${results.durationS > budget ? "over" : "within"} the ${budget} s budget)`);
if (write) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "results.json"), JSON.stringify(results, null, 2) + "\n");
  writeFileSync(path.join(outDir, "RESULTS.md"), markdown(results));
  log(`wrote ${path.relative(process.cwd(), path.join(outDir, "results.json"))} and ${path.relative(process.cwd(), path.join(outDir, "RESULTS.md"))}`);
}
