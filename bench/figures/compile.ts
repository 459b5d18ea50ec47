// Figure 5. Compile: `flowc build` of generated projects of 50, 200 and 800
// modules against `baml-cli generate` on the same declarations in BAML, cold
// and cached, wall time and CPU time; and `flowc check` of one file in a cold
// process against `node -e ""`.
//
// Every run is a fresh process; the output folder is removed before each
// build. Cold: no flowc emit or tool-check cache (FLOWC_CACHE=0), no V8 code
// cache for the CLI bundle (FLOWC_CODE_CACHE=off). Cached: flowc's cache in a
// folder of this figure's own (FLOWC_CACHE_DIR), filled by one untimed build
// of the same project, and the bundle's V8 code cache as `npm run bench`
// recorded it (scripts/build-cli.mjs). baml-cli keeps no cache between runs.
//
// Wall and CPU time come from bash's `time` keyword around the command
// (TIMEFORMAT "%3R %3U %3S"): real time, and the user + system time of the
// command and every process it waited for (getrusage(RUSAGE_CHILDREN)), all
// threads included. Node's spawnSync gives no resource usage of a child, and
// both flowc and baml-cli are one process with threads, so that is all their
// work. Bash starts outside the timed part, the same for every side.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BENCH_DIR, FLOWC_BIN, ROOT_DIR } from "../lib/paths.ts";
import { fmt, fmtInterval, pairedRatio, ratioInterval, round, summarize } from "../lib/stats.ts";
import type { FigureOptions, Row } from "../lib/types.ts";
import { errorText as message, judged, notMeasured, pairedInterval } from "../lib/rows.ts";
import { cliMode } from "../lib/cli-mode.ts";
// The flowc side is the repository's own project generator, so `scripts/gen-project.ts` and this figure measure the same thing.
import { flowModule, RECORDS, WORKERS } from "../../scripts/gen-project.ts";

const FIGURE = "5. Compile";

export interface Timed {
  /** Wall time (ms), from bash's `time`. */
  readonly ms: number;
  /** User + system CPU time of the command and its children, all threads (ms). */
  readonly cpuMs: number;
  readonly status: number | null;
  readonly stderr: string;
  readonly stdout: string;
}

const TIME_SCRIPT = `TIMEFORMAT='%3R %3U %3S'; { time "$@" >"$BENCH_TIME_OUT" 2>"$BENCH_TIME_ERR"; } 2>&1`;

/** Runs `cmd args` under bash's `time`: its wall time, its CPU time (all threads, waited-for children), exit status and output. */
export function timeProcess(cmd: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Timed {
  const scratch = path.join(BENCH_DIR, ".tmp", "time");
  mkdirSync(scratch, { recursive: true });
  const outFile = path.join(scratch, `out-${process.pid}`);
  const errFile = path.join(scratch, `err-${process.pid}`);
  const r = spawnSync("bash", ["-c", TIME_SCRIPT, "bash", cmd, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", BAML_LOG: "warn", ...env, BENCH_TIME_OUT: outFile, BENCH_TIME_ERR: errFile },
    maxBuffer: 1 << 20,
  });
  if (r.error) throw r.error;
  const read = (f: string): string => (existsSync(f) ? readFileSync(f, "utf8") : "");
  const stdout = read(outFile);
  const stderr = read(errFile);
  const m = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stdout);
  if (!m) throw new Error(`no timing from bash's time for ${cmd} (exit ${r.status}): ${(r.stdout + r.stderr + stderr).trim().slice(-400)}`);
  return { ms: Number(m[1]) * 1000, cpuMs: (Number(m[2]) + Number(m[3])) * 1000, status: r.status, stderr, stdout };
}

function mustSucceed(label: string, t: Timed): Timed {
  if (t.status !== 0) throw new Error(`${label} exited ${t.status}: ${(t.stderr || t.stdout).trim().slice(0, 2000)}`);
  return t;
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

let bamlVersionSeen: string | undefined;
function bamlVersion(): string {
  if (bamlVersionSeen) return bamlVersionSeen;
  const r = spawnSync(bamlCli(), ["--version"], { encoding: "utf8" });
  return (bamlVersionSeen = (r.stdout || "").trim().split(/\s+/).pop() ?? "unknown");
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


/** Cold: no flowc cache of any kind. */
const COLD_ENV = { FLOWC_CACHE: "0", FLOWC_CODE_CACHE: "off" } as const;
const COLD =
  "cold: no flowc emit or tool-check cache (FLOWC_CACHE=0), no V8 code cache for the CLI bundle (FLOWC_CODE_CACHE=off), a fresh process and an empty output folder each run";
const cachedText = (what: string): string =>
  `cached: flowc's emit and tool-check cache in a folder of this figure's own (FLOWC_CACHE_DIR), filled by one untimed ${what} first; ` +
  "the CLI bundle's V8 code cache on (dist/flowc.cjs.cache, recorded when the bundle was built at the start of `npm run bench`); a fresh process and an empty output folder each run";
const BAML_CACHES = "baml-cli keeps no cache between runs; Node 20 keeps no compile cache for its launcher";
const OS_CACHE = "both sides ran once untimed first, so the OS file cache holds their programs and the project's files";

/** Runs each side once per round, the order rotated round by round. */
function rounds<K extends string>(sides: readonly (readonly [K, () => Timed])[], count: number): Record<K, Timed[]> {
  const out = Object.fromEntries(sides.map(([k]) => [k, [] as Timed[]])) as Record<K, Timed[]>;
  for (let r = 0; r < count; r++) {
    for (let s = 0; s < sides.length; s++) {
      const [k, fn] = sides[(s + r) % sides.length]!;
      out[k].push(fn());
    }
  }
  return out;
}

const wall = (ts: readonly Timed[]): number[] => ts.map((t) => t.ms);
const cpu = (ts: readonly Timed[]): number[] => ts.map((t) => t.cpuMs);

export async function compileFigure({ quick, log }: FigureOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const checkRounds = quick ? 3 : 11;
  const buildRounds = quick ? 3 : 9;
  const sizes = quick ? [5, 20, 80] : [50, 200, 800];
  const mode = `flowc ran as ${cliMode()}`;
  const tmp = path.join(BENCH_DIR, ".tmp", "compile");
  rmSync(tmp, { recursive: true, force: true });

  // check: one file, a fresh process each run, vs node -e "". oolong.flow has
  // a tool, so the tool check (a tsc process) runs; dispatch.flow has none, so
  // its check is flowc's start-up and little else.
  const checkFile = path.join(BENCH_DIR, "plans", "oolong.flow");
  const startFile = path.join(BENCH_DIR, "plans", "dispatch.flow");
  try {
    if (!existsSync(FLOWC_BIN)) throw new Error("bin/flowc.js is missing");
    const checkCache = path.join(tmp, "check-cache");
    const node = (): Timed => mustSucceed("node -e", timeProcess(process.execPath, ["-e", ""], ROOT_DIR));
    const check =
      (env: Record<string, string>, file = checkFile) =>
      (): Timed =>
        mustSucceed("flowc check", timeProcess(process.execPath, [FLOWC_BIN, "check", file], ROOT_DIR, env));
    const cold = check(COLD_ENV);
    const cached = check({ FLOWC_CACHE_DIR: checkCache });
    const start = check(COLD_ENV, startFile);
    // As installed: the code cache ships in the package (dist/flowc.cjs.cache), so a first run has it.
    const startCode = check({ FLOWC_CACHE: "0" }, startFile);
    node();
    cold();
    cached(); // fills the cache
    start();
    const t = rounds(
      [
        ["node", node],
        ["cold", cold],
        ["cached", cached],
        ["start", start],
        ["startCode", startCode],
      ],
      checkRounds,
    );
    log(
      `  check: cold ${summarize(wall(t.cold)).median.toFixed(0)} ms, cached ${summarize(wall(t.cached)).median.toFixed(0)} ms, ` +
        `no tool ${summarize(wall(t.start)).median.toFixed(0)} ms (code cache on: ${summarize(wall(t.startCode)).median.toFixed(0)} ms), node -e ${summarize(wall(t.node)).median.toFixed(0)} ms`,
    );
    const sides = `${checkRounds} interleaved rounds of node -e "", flowc check of oolong.flow cold and cached, and of dispatch.flow cold without and with the code cache (order rotated); wall and CPU time from bash's \`time\``;
    const measured = (which: string, file = "oolong.flow (one file with a tool, so the tool check runs)"): string =>
      `\`node bin/flowc.js check bench/plans/${file}\`, ${which}; ${sides}`;
    const cpuNote = (ts: readonly Timed[]): string =>
      `CPU time (user + system, all threads): flowc ${fmt(summarize(cpu(ts)), 1, " ms")}, node -e "" ${fmt(summarize(cpu(t.node)), 1, " ms")}; flowc ÷ node -e "" ${fmtInterval(ratioInterval(cpu(ts), cpu(t.node)))}`;
    const checkRow = (id: string, which: string, ts: readonly Timed[], label: string, target: string, caches: string, notes: readonly string[], file?: string) =>
      rows.push({
        figure: FIGURE,
        id,
        measured: measured(which, file),
        unit: "ms",
        flowc: summarize(wall(ts)),
        peer: { name: 'node -e ""', value: summarize(wall(t.node)) },
        ratioLabel: `${label} ÷ node -e "" (wall time)`,
        ratio: pairedRatio(wall(ts), wall(t.node)),
        interval: pairedInterval(wall(ts), wall(t.node), `${label === "flowc check" ? "flowc check (cold)" : label} ÷ node -e ""`),
        target,
        verdict: null,
        caches,
        notes: [mode, cpuNote(ts), ...notes],
      });
    checkRow("compile.check", "a cold process", t.cold, "flowc check", "none set (start-up cost, reported)", `${COLD}. ${OS_CACHE}`, []);
    checkRow("compile.check.cached", "flowc's caches warm", t.cached, "flowc check (cached)", "none set (reported)", `${cachedText("check")}. ${OS_CACHE}`, [
      `flowc check cold ÷ cached: ${fmtInterval(ratioInterval(wall(t.cold), wall(t.cached)))}`,
    ]);
    const noTool = "dispatch.flow (one file, no tool: no tsc runs, so this is flowc's start-up and the check itself)";
    const startIv = ratioInterval(wall(t.start), wall(t.node));
    rows.push({
      figure: FIGURE,
      id: "compile.check.start",
      measured: measured("a cold process", noTool),
      unit: "ms",
      flowc: summarize(wall(t.start)),
      peer: { name: 'node -e ""', value: summarize(wall(t.node)) },
      ratioLabel: 'flowc check, no tool (cold) ÷ node -e "" (wall time)',
      ratio: pairedRatio(wall(t.start), wall(t.node)),
      target: '≤ 2.0 (flowc check of one file within 2× node -e "", cold)',
      ...judged(startIv, 'flowc check, no tool (cold) ÷ node -e ""', { op: "<=", limit: 2 }),
      caches: `${COLD}. ${OS_CACHE}`,
      notes: [mode, cpuNote(t.start)],
    });
    checkRow(
      "compile.check.start-code-cache",
      "no flowc cache, the code cache on",
      t.startCode,
      "flowc check, no tool (code cache on)",
      "none set (reported: a first run after install)",
      `no flowc emit or tool-check cache (FLOWC_CACHE=0); the CLI bundle's V8 code cache on, as it ships in the package (dist/flowc.cjs.cache); a fresh process each run. ${OS_CACHE}`,
      [`without ÷ with the code cache (wall time): ${fmtInterval(ratioInterval(wall(t.start), wall(t.startCode)))}`],
      noTool,
    );
  } catch (error) {
    rows.push(notMeasured(FIGURE, "compile.check", "`flowc check` of one file vs `node -e \"\"`", error));
  }

  // build: generated projects, flowc build (cold, cached) vs baml-cli generate.
  let bamlProblem: string | null = existsSync(bamlCli()) ? null : "baml-cli is not installed (run npm ci in bench/)";
  for (const modules of sizes) {
    const dir = path.join(tmp, `m${modules}`);
    const { flowDir, bamlDir } = writeProjects(dir, modules);
    const cacheDir = path.join(dir, "flowc-cache");
    const baml = (): Timed => {
      rmSync(path.join(bamlDir, "baml_client"), { recursive: true, force: true });
      return mustSucceed("baml-cli generate", timeProcess(bamlCli(), ["generate", "--from", "baml_src"], bamlDir));
    };
    const build = (env: Record<string, string>) => (): Timed => {
      rmSync(path.join(flowDir, "out"), { recursive: true, force: true });
      return mustSucceed("flowc build", timeProcess(process.execPath, [FLOWC_BIN, "build", "src", "--out", "out"], flowDir, env));
    };
    const cold = build(COLD_ENV);
    const cached = build({ FLOWC_CACHE_DIR: cacheDir });
    // As installed: no flowc cache, the code cache that ships in the package on.
    const installed = build({ FLOWC_CACHE: "0" });
    const what = `a generated ${modules}-module project (${RECORDS} records + ${WORKERS} workers per module, each module importing a record of the previous one)`;
    let bamlNote = "";
    try {
      if (bamlProblem) throw new Error(bamlProblem);
      baml();
      bamlNote = `baml-cli ${bamlVersion()} (native addon from @boundaryml/baml) wrote ${countFiles(path.join(bamlDir, "baml_client"), ".ts")} .ts files into baml_client/`;
    } catch (error) {
      bamlProblem = `baml-cli could not run here: ${message(error)}`;
    }
    let t: Record<"cold" | "cached" | "installed" | "baml", Timed[]>;
    let files = 0;
    try {
      if (!existsSync(FLOWC_BIN)) throw new Error("bin/flowc.js is missing");
      cold();
      files = countFiles(path.join(flowDir, "out"), ".ts");
      if (files !== modules) throw new Error(`flowc build wrote ${files} .ts files for ${modules} modules`);
      cached(); // fills the cache
      const sides: [("cold" | "cached" | "installed" | "baml"), () => Timed][] = [
        ["cold", cold],
        ["cached", cached],
        ["installed", installed],
      ];
      if (!bamlProblem) sides.push(["baml", baml]);
      const r: Partial<Record<"cold" | "cached" | "installed" | "baml", Timed[]>> = rounds(sides, buildRounds);
      t = { cold: r.cold!, cached: r.cached!, installed: r.installed!, baml: r.baml ?? [] };
    } catch (error) {
      rows.push(notMeasured(FIGURE, `compile.build.cold.${modules}`, `\`flowc build\` of ${what}`, error));
      continue;
    }
    const paired = t.baml.length > 0;
    log(
      `  build ${modules}: flowc cold ${summarize(wall(t.cold)).median.toFixed(0)} ms (CPU ${summarize(cpu(t.cold)).median.toFixed(0)}), ` +
        `cached ${summarize(wall(t.cached)).median.toFixed(0)} ms, code cache on ${summarize(wall(t.installed)).median.toFixed(0)} ms (CPU ${summarize(cpu(t.installed)).median.toFixed(0)}), baml ${paired ? `${summarize(wall(t.baml)).median.toFixed(0)} ms (CPU ${summarize(cpu(t.baml)).median.toFixed(0)})` : "—"}`,
    );
    const measured =
      `\`flowc build src --out out\` of ${what}, flowc wrote ${files} .ts files; against \`baml-cli generate\` of the same declarations in BAML; ` +
      `${buildRounds} interleaved rounds of flowc cold, flowc cached, flowc with the code cache only and baml-cli (order rotated), each a fresh process into an empty output folder; wall and CPU time from bash's \`time\``;
    const peer = (values: number[]) => ({ name: "baml-cli generate", value: paired ? summarize(values) : null });
    const cpuNote = (ts: readonly Timed[]): string =>
      paired
        ? `CPU time (user + system, all threads): flowc ${fmt(summarize(cpu(ts)), 1, " ms")}, baml-cli ${fmt(summarize(cpu(t.baml)), 1, " ms")}; flowc ÷ baml-cli ${fmtInterval(ratioInterval(cpu(ts), cpu(t.baml)))}`
        : `CPU time (user + system, all threads): flowc ${fmt(summarize(cpu(ts)), 1, " ms")}`;
    const parallelism = (ts: readonly Timed[]): string => `${round(summarize(cpu(ts)).median / summarize(wall(ts)).median, 2)}`;
    const notes = [mode, bamlProblem ?? bamlNote];
    const coldWall: Row = {
      figure: FIGURE,
      id: `compile.build.cold.${modules}`,
      measured,
      unit: "ms",
      flowc: summarize(wall(t.cold)),
      peer: peer(wall(t.baml)),
      ratioLabel: "flowc build (cold) ÷ baml-cli generate (wall time)",
      ratio: paired ? pairedRatio(wall(t.cold), wall(t.baml)) : null,
      target: "≤ 1.00 (flowc no slower than BAML)",
      ...(paired ? judged(ratioInterval(wall(t.cold), wall(t.baml)), "flowc build (cold) ÷ baml-cli generate, wall time", { op: "<=", limit: 1 }) : { verdict: null }),
      caches: `flowc ${COLD}; ${BAML_CACHES}. ${OS_CACHE}`,
      notes: [
        ...notes,
        cpuNote(t.cold),
        `CPU time ÷ wall time (median): flowc ${parallelism(t.cold)}${paired ? `, baml-cli ${parallelism(t.baml)}` : ""}`,
      ],
      extra: { modules, flowcMsPerModule: summarize(wall(t.cold)).median / modules },
    };
    rows.push(coldWall);
    /** A CPU-time row of flowc (runs `ts`) against baml-cli, from the same rounds. */
    const cpuRow = (id: string, measuredText: string, ts: readonly Timed[], which: string, target: string, caches: string, notes: string[] = []): Row => ({
      figure: FIGURE,
      id: `${id}.${modules}`,
      measured: measuredText,
      unit: "ms",
      flowc: summarize(cpu(ts)),
      peer: peer(cpu(t.baml)),
      ratioLabel: `flowc build (${which}) ÷ baml-cli generate (CPU time)`,
      ratio: pairedRatio(cpu(ts), cpu(t.baml)),
      interval: pairedInterval(cpu(ts), cpu(t.baml), `flowc build (${which}) ÷ baml-cli generate, CPU time`),
      target,
      verdict: null,
      caches,
      ...(notes.length > 0 ? { notes } : {}),
    });
    if (paired) {
      rows.push(
        cpuRow(
          "compile.build.cold-cpu",
          `CPU time (user + system, all threads and waited-for children) of the same runs as compile.build.cold.${modules}`,
          t.cold,
          "cold",
          "none set (reported: the work done, whatever the cores)",
          `flowc ${COLD}; ${BAML_CACHES}`,
        ),
        cpuRow(
          "compile.build.installed-cpu",
          `CPU time of \`flowc build\` as in compile.build.cold.${modules}, but with the V8 code cache that ships in the package (a first build after install), in the same rounds`,
          t.installed,
          "code cache on",
          "none set (reported: a first build after install)",
          `flowc: no emit or tool-check cache (FLOWC_CACHE=0), the CLI bundle's V8 code cache on (dist/flowc.cjs.cache, as the package ships it), a fresh process and an empty output folder each run; ${BAML_CACHES}`,
          [`wall time: flowc ${fmt(summarize(wall(t.installed)), 1, " ms")}; flowc ÷ baml-cli ${fmtInterval(ratioInterval(wall(t.installed), wall(t.baml)))}`],
        ),
      );
    }
    rows.push({
      figure: FIGURE,
      id: `compile.build.cached.${modules}`,
      measured: `${measured}; flowc's cache warm (an unchanged project rebuilt into an empty output folder)`,
      unit: "ms",
      flowc: summarize(wall(t.cached)),
      peer: peer(wall(t.baml)),
      ratioLabel: "flowc build (cached) ÷ baml-cli generate (wall time)",
      ratio: paired ? pairedRatio(wall(t.cached), wall(t.baml)) : null,
      interval: paired ? pairedInterval(wall(t.cached), wall(t.baml), "flowc build (cached) ÷ baml-cli generate, wall time") : null,
      target: "none set (reported: a rebuild of an unchanged project)",
      verdict: null,
      caches: `flowc ${cachedText("build")}; ${BAML_CACHES}. ${OS_CACHE}`,
      notes: [cpuNote(t.cached), `flowc cold ÷ cached (wall time): ${fmtInterval(ratioInterval(wall(t.cold), wall(t.cached)))}`],
    });
    // The 800-module projects take ~40 MB: keep only the last one's for a look.
    if (modules !== sizes.at(-1)) rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
