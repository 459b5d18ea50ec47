// Long fuzz run: `npm run fuzz` (100,000 cases) or `tsx scripts/fuzz.ts --cases N --seed S`.
// Writes every failing case to .tmp/fuzz-failures/ so it can be replayed.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runFuzz } from "../test/support/fuzz-run.ts";

const { values } = parseArgs({
  options: { cases: { type: "string", default: "100000" }, seed: { type: "string", default: "1" } },
});
const cases = Number(values.cases);
const seed = Number(values.seed);
const started = Date.now();
const report = runFuzz({ root: process.cwd(), cases, seed });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`${report.cases} cases, ${report.withErrors} with diagnostics, ${report.failures.length} failures, ${seconds}s`);
if (report.failures.length > 0) {
  const dir = join(".tmp", "fuzz-failures");
  mkdirSync(dir, { recursive: true });
  for (const f of report.failures) {
    writeFileSync(join(dir, `seed-${f.seed}.flow`), f.source);
    console.log(`seed ${f.seed} (${f.file}): ${f.problem.split("\n")[0]}`);
  }
  process.exitCode = 1;
}
