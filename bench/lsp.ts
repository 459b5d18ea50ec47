// How long a keystroke takes to show its diagnostics in the editor: in a
// ~2,000-line project (21 modules, each importing the one before; records,
// workers and a flow), the last module open, one character typed into it
// (an incremental didChange), timed until the server publishes that file's
// diagnostics. Once with the server's default debounce (which is part of
// what a user waits for) and once without it (the check alone, over stdio).
// Target: median under 50 ms.
//
//   npx tsx bench/lsp.ts [--keystrokes 200]
//
// Writes bench/lsp-results.json and prints the numbers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { flowModule } from "../scripts/gen-project.ts";
import { LspClient, positionIn } from "../test/lsp/client.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argIndex = process.argv.indexOf("--keystrokes");
const KEYSTROKES = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 200;
const WARMUP = 30;
const MODULES = 21;
const TARGET_MS = 50;

/** gen-project's module (5 records, 5 workers) plus a flow over them. */
function moduleText(i: number): string {
  return `${flowModule(i)}
/// Scores the items of module ${i} and keeps the good ones.
flow f${i}(items: R${i}_0[]) -> R${i}_1[] {
  let scored = map item in items (concurrency: 4) => w${i}_0(item)
  let good = filter s in scored => s.score >= 5 and s.ok
  if len(good) == 0 {
    return scored
  }
  return good
}
`;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function measure(dir: string, file: string, debounceMs: number | undefined) {
  const client = await LspClient.start({ root: dir, initializationOptions: { checkTools: false, ...(debounceMs === undefined ? {} : { debounceMs }) } });
  const opened = client.nextDiagnostics(file);
  await client.open(file);
  const initial = await opened;
  if (initial.length !== 0) throw new Error(`the generated project has diagnostics: ${JSON.stringify(initial)}`);
  const times: number[] = [];
  for (let k = 0; k < WARMUP + KEYSTROKES; k++) {
    // Type into the flow's doc comment: every keystroke changes the text, none adds a problem.
    const at = positionIn(client.text(file), "and keeps the good ones", "and keeps the good ones".length);
    const published = client.nextDiagnostics(file);
    const start = performance.now();
    await client.insert(file, at, "x");
    const diagnostics = await published;
    const ms = performance.now() - start;
    if (diagnostics.length !== 0) throw new Error(`unexpected diagnostics: ${JSON.stringify(diagnostics)}`);
    if (k >= WARMUP) times.push(ms);
  }
  await client.stop();
  const sorted = [...times].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { median: round(percentile(sorted, 0.5)), p90: round(percentile(sorted, 0.9)), min: round(sorted[0]!), max: round(sorted.at(-1)!) };
}

const dir = mkdtempSync(path.join(os.tmpdir(), "flowc-lsp-bench-"));
try {
  const files = Array.from({ length: MODULES }, (_, i) => {
    const file = path.join(dir, `m${String(i).padStart(3, "0")}.flow`);
    writeFileSync(file, moduleText(i));
    return file;
  });
  const lines = files.reduce((n, f) => n + readFileSync(f, "utf8").split("\n").length, 0);
  const last = files.at(-1)!;
  const withDebounce = await measure(dir, last, undefined);
  const withoutDebounce = await measure(dir, last, 0);
  const results = {
    what: "didChange (one character) to publishDiagnostics of that file, ms",
    project: { modules: MODULES, lines },
    keystrokes: KEYSTROKES,
    warmup: WARMUP,
    targetMedianMs: TARGET_MS,
    defaultDebounce: withDebounce,
    noDebounce: withoutDebounce,
    node: process.version,
    cores: os.cpus().length,
  };
  writeFileSync(path.join(ROOT, "bench", "lsp-results.json"), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(
    `${lines} lines in ${MODULES} modules, ${KEYSTROKES} keystrokes\n` +
      `  default debounce: median ${withDebounce.median} ms, p90 ${withDebounce.p90} ms (min ${withDebounce.min}, max ${withDebounce.max})\n` +
      `  no debounce:      median ${withoutDebounce.median} ms, p90 ${withoutDebounce.p90} ms (min ${withoutDebounce.min}, max ${withoutDebounce.max})\n` +
      `  target: median < ${TARGET_MS} ms: ${withDebounce.median < TARGET_MS ? "met" : "NOT met"}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
