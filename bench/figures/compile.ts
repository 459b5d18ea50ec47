// Figure 5. Compile: `flowc check` of one file in a cold process vs `node -e ""`,
// and `flowc build` of a generated 200-module project vs `baml-cli generate` on
// the equivalent BAML declarations. Every run is a fresh process; the output
// folders are removed before each build so every run generates everything.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BENCH_DIR, FLOWC_BIN, ROOT_DIR } from "../lib/paths.ts";
import { pairedRatio, summarize } from "../lib/stats.ts";
import type { FigureOptions, Row } from "../lib/types.ts";
import { errorText as message, notMeasured } from "../lib/rows.ts";
import { cliMode } from "../lib/cli-mode.ts";
// The flowc side is the repository's own project generator, so `scripts/gen-project.ts` and this figure measure the same thing.
import { flowModule, RECORDS, WORKERS } from "../../scripts/gen-project.ts";

const FIGURE = "5. Compile";

interface Timed {
  ms: number;
  status: number | null;
  stderr: string;
  stdout: string;
}

function timeProcess(cmd: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Timed {
  const start = performance.now();
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", BAML_LOG: "warn", ...env }, maxBuffer: 64 << 20 });
  const ms = performance.now() - start;
  if (r.error) throw r.error;
  return { ms, status: r.status, stderr: r.stderr, stdout: r.stdout };
}

function mustSucceed(label: string, t: Timed): number {
  if (t.status !== 0) throw new Error(`${label} exited ${t.status}: ${(t.stderr || t.stdout).trim().slice(0, 2000)}`);
  return t.ms;
}

const rec = (i: number, j: number): string => `R${i}_${j}`;

/** The same declarations in BAML (one global namespace, so no imports). */
export function bamlModule(i: number): string {
  const lines: string[] = [];
  for (let j = 0; j < RECORDS; j++) {
    const prev = j > 0 ? rec(i, j - 1) : null;
    lines.push(
      `/// Record ${j} of module ${i}.`,
      `class ${rec(i, j)} {`,
      `  name string`,
      `  score int @description("1 (weak) to 10 (exceptional)")`,
      `  tags string[]`,
      `  ok bool`,
      `  stage "seed" | "series_a" | "later"`,
      prev ? `  prev ${prev}?` : `  note string?`,
      ...(j === 1 && i > 0 ? [`  origin ${rec(i - 1, 0)}?`] : []),
      `}`,
      "",
    );
  }
  for (let j = 0; j < WORKERS; j++) {
    lines.push(
      `/// Worker ${j} of module ${i}.`,
      `function W${i}_${j}(item: ${rec(i, j)}) -> ${rec(i, (j + 1) % RECORDS)} {`,
      `  client "openai/gpt-4.1-mini"`,
      `  prompt #"`,
      `    Score {{ item.name }} from 1 to 10 and list its tags.`,
      `    {{ item }}`,
      `    {{ ctx.output_format }}`,
      `  "#`,
      `}`,
      "",
    );
  }
  return lines.join("\n");
}

const pad = (i: number): string => String(i).padStart(3, "0");

function bamlVersion(): string {
  const r = spawnSync(bamlCli(), ["--version"], { encoding: "utf8" });
  return (r.stdout || "").trim().split(/\s+/).pop() ?? "unknown";
}

function bamlCli(): string {
  return path.join(BENCH_DIR, "node_modules", ".bin", "baml-cli");
}

export function writeProjects(dir: string, modules: number): { flowDir: string; bamlDir: string } {
  rmSync(dir, { recursive: true, force: true });
  const flowDir = path.join(dir, "flow");
  const bamlDir = path.join(dir, "baml");
  mkdirSync(path.join(flowDir, "src"), { recursive: true });
  mkdirSync(path.join(bamlDir, "baml_src"), { recursive: true });
  for (let i = 0; i < modules; i++) {
    writeFileSync(path.join(flowDir, "src", `m${pad(i)}.flow`), flowModule(i));
    writeFileSync(path.join(bamlDir, "baml_src", `m${pad(i)}.baml`), bamlModule(i));
  }
  writeFileSync(
    path.join(bamlDir, "baml_src", "generators.baml"),
    `generator target {\n  output_type "typescript"\n  output_dir "../"\n  version "${bamlVersion()}"\n  default_client_mode async\n}\n`,
  );
  return { flowDir, bamlDir };
}

function countFiles(dir: string, ext: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile() && e.name.endsWith(ext)) n++;
  return n;
}

export async function compileFigure({ quick, log }: FigureOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const runs = quick ? 2 : 5;
  // 7, not 3: one full run gave 1.049 with 3 runs where the runs before and after gave 0.88-0.96.
  const buildRuns = quick ? 1 : 7;
  const modules = quick ? 20 : 200;
  const mode = `flowc ran as ${cliMode()}`;

  // check: one file, cold process, vs node -e "".
  const checkFile = path.join(BENCH_DIR, "plans", "oolong.flow");
  try {
    if (!existsSync(FLOWC_BIN)) throw new Error("bin/flowc.js is missing");
    const node: number[] = [];
    const flowc: number[] = [];
    mustSucceed("node -e", timeProcess(process.execPath, ["-e", ""], ROOT_DIR));
    // The runner's `flowc build plans` already filled tsx's transform cache; the full run warms up once more.
    if (!quick) mustSucceed("flowc check (warm-up)", timeProcess(process.execPath, [FLOWC_BIN, "check", checkFile], ROOT_DIR));
    for (let k = 0; k < runs; k++) {
      node.push(mustSucceed("node -e", timeProcess(process.execPath, ["-e", ""], ROOT_DIR)));
      flowc.push(mustSucceed("flowc check", timeProcess(process.execPath, [FLOWC_BIN, "check", checkFile], ROOT_DIR)));
    }
    log(`  check: flowc ${summarize(flowc).median.toFixed(0)} ms, node -e ${summarize(node).median.toFixed(0)} ms`);
    rows.push({
      figure: FIGURE,
      id: "compile.check",
      measured: `\`node bin/flowc.js check bench/plans/oolong.flow\`, a cold process each run (${runs} runs; tsx's transform cache already filled by an earlier run)`,
      unit: "ms",
      flowc: summarize(flowc),
      peer: { name: 'node -e ""', value: summarize(node) },
      ratioLabel: 'flowc check ÷ node -e "" (wall time)',
      ratio: pairedRatio(flowc, node),
      target: "none set (startup cost, reported)",
      pass: null,
      notes: [mode],
    });
  } catch (error) {
    rows.push(missing("compile.check", "`flowc check` of one file vs `node -e \"\"`", error));
  }

  // build: a generated project, flowc build vs baml-cli generate.
  const dir = path.join(BENCH_DIR, ".tmp", "compile");
  const { flowDir, bamlDir } = writeProjects(dir, modules);
  const measured =
    `a generated ${modules}-module project (${RECORDS} records + ${WORKERS} workers per module, each module importing a record of the previous one), ` +
    `output removed before each run, a cold process each run (${buildRuns} interleaved run(s)${quick ? "" : " after one warm-up of each"})`;
  const bamlGen = (): number => {
    rmSync(path.join(bamlDir, "baml_client"), { recursive: true, force: true });
    return mustSucceed("baml-cli generate", timeProcess(bamlCli(), ["generate", "--from", "baml_src"], bamlDir));
  };
  // Cold: flowc's on-disk caches off (FLOWC_CACHE=0), like baml-cli, which keeps none.
  // Cached: the same build again with the emit and tool-check caches warm.
  const flowcBuild = (cache = false): number => {
    rmSync(path.join(flowDir, "out"), { recursive: true, force: true });
    const env: Record<string, string> = cache ? {} : { FLOWC_CACHE: "0" };
    return mustSucceed("flowc build", timeProcess(process.execPath, [FLOWC_BIN, "build", "src", "--out", "out"], flowDir, env));
  };
  let bamlOk = false;
  let bamlNote = "";
  try {
    if (!existsSync(bamlCli())) throw new Error("baml-cli is not installed (run npm ci in bench/)");
    bamlGen(); // warm-up
    bamlOk = true;
    bamlNote = `baml-cli ${bamlVersion()} (native binary from @boundaryml/baml-linux-x64-gnu) wrote ${countFiles(path.join(bamlDir, "baml_client"), ".ts")} .ts files into baml_client/`;
  } catch (error) {
    bamlNote = `baml-cli could not run here: ${message(error)}`;
  }
  let flowcOk = false;
  let flowcError: unknown = null;
  let files = 0;
  let flowc0: number | null = null;
  try {
    if (!existsSync(FLOWC_BIN)) throw new Error("bin/flowc.js is missing");
    if (!quick) flowcBuild(); // warm-up
    else flowc0 = flowcBuild();
    files = countFiles(path.join(flowDir, "out"), ".ts");
    if (files !== modules) throw new Error(`flowc build wrote ${files} .ts files for ${modules} modules`);
    flowcOk = true;
  } catch (error) {
    flowcError = error;
  }
  const flowc: number[] = [];
  const baml: number[] = [];
  for (let k = 0; k < buildRuns; k++) {
    if (flowcOk) flowc.push(k === 0 && flowc0 !== null ? flowc0 : flowcBuild());
    if (bamlOk) baml.push(bamlGen());
  }
  const paired = flowcOk && bamlOk;
  log(`  build: flowc ${flowcOk ? summarize(flowc).median.toFixed(0) : "—"} ms, baml ${bamlOk ? summarize(baml).median.toFixed(0) : "—"} ms`);
  if (flowcOk) {
    const ratio = paired ? pairedRatio(flowc, baml) : null;
    rows.push({
      figure: FIGURE,
      id: "compile.build",
      measured: `\`flowc build src --out out\` of ${measured}; flowc wrote ${files} .ts files`,
      unit: "ms",
      flowc: summarize(flowc),
      peer: { name: "baml-cli generate", value: bamlOk ? summarize(baml) : null },
      ratioLabel: "flowc build ÷ baml-cli generate (wall time)",
      ratio,
      target: "≤ 1.00 (flowc no slower than BAML)",
      pass: ratio ? ratio.median <= 1 : null,
      notes: [mode, "flowc's caches off (FLOWC_CACHE=0): every module is emitted and formatted", bamlNote],
      extra: { modules, flowcMsPerModule: summarize(flowc).median / modules },
    });
    flowcBuild(true); // fills the cache
    const cached: number[] = [];
    const bamlAgain: number[] = [];
    for (let k = 0; k < buildRuns; k++) {
      cached.push(flowcBuild(true));
      if (bamlOk) bamlAgain.push(bamlGen());
    }
    rows.push({
      figure: FIGURE,
      id: "compile.build.cached",
      measured: `the same build with flowc's emit cache warm (an unchanged project rebuilt into an empty output folder)`,
      unit: "ms",
      flowc: summarize(cached),
      peer: { name: "baml-cli generate", value: bamlOk ? summarize(bamlAgain) : null },
      ratioLabel: "flowc build (cached) ÷ baml-cli generate (wall time)",
      ratio: paired ? pairedRatio(cached, bamlAgain) : null,
      target: "none set (reported: what a rebuild of an unchanged project costs)",
      pass: null,
      notes: [mode],
    });
  } else {
    rows.push({
      ...missing("compile.build", `\`flowc build\` of ${measured}`, flowcError),
      peer: { name: "baml-cli generate", value: bamlOk ? summarize(baml) : null },
      notes: [`not measured: ${message(flowcError)}`, bamlNote],
    });
  }
  return rows;
}

function missing(id: string, measured: string, error: unknown): Row {
  return notMeasured(FIGURE, id, measured, error);
}
