// Long fuzz runs. Writes every failing case to .tmp/fuzz-failures/ so it can be replayed.
//
//   npm run fuzz                           100,000 mutated programs through `check` (test/support/fuzz-run.ts)
//   npm run fuzz -- --tsc --cases 10000    10,000 generated programs: check, build those the checker
//                                          accepts, and tsc --strict the generated code (test/support/tsc-run.ts)
//   tsx scripts/fuzz.ts [--tsc] --cases N --seed S
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { runFuzz } from "../test/support/fuzz-run.ts";
import type { ProgramShape } from "../test/support/gen-program.ts";
import { runBatch, type ProgramFailure } from "../test/support/tsc-run.ts";

// (Repeated options: the last one wins, so `npm run fuzz -- --cases 10` overrides the script's own.)
const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "100000" },
    seed: { type: "string", default: "1" },
    tsc: { type: "boolean", default: false },
    batch: { type: "string", default: "500" },
  },
});
const cases = Number(values.cases);
const seed = Number(values.seed);
const started = Date.now();
const failuresDir = join(".tmp", "fuzz-failures");
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

if (values.tsc) await tscFuzz();
else mutationFuzz();

function mutationFuzz(): void {
  const report = runFuzz({ root: process.cwd(), cases, seed });
  console.log(`${report.cases} cases, ${report.withErrors} with diagnostics, ${report.failures.length} failures, ${seconds()}s`);
  if (report.failures.length === 0) return;
  mkdirSync(failuresDir, { recursive: true });
  for (const f of report.failures) {
    writeFileSync(join(failuresDir, `seed-${f.seed}.flow`), f.source);
    console.log(`seed ${f.seed} (${f.file}): ${f.problem.split("\n")[0]}`);
  }
  process.exitCode = 1;
}

/** The shape of case `i`: its own seed, names from the hostile pool in 0, 10 or 30 % of the slots, a deep expression in half. */
function shapeOf(i: number): ProgramShape {
  return { seed: seed + i, hostile: [0, 0.1, 0.3][i % 3]!, deep: (["none", "near", "none", "over"] as const)[i % 4]! };
}

async function tscFuzz(): Promise<void> {
  const size = Number(values.batch);
  const scratch = resolve(".tmp", "fuzz-tsc");
  mkdirSync(scratch, { recursive: true });
  const totals = { programs: 0, accepted: 0, deepAccepted: 0, nestedTooDeeply: 0, crashes: 0, tscErrors: 0 };
  const failures: ProgramFailure[] = [];
  for (let first = 0; first < cases; first += size) {
    const shapes = Array.from({ length: Math.min(size, cases - first) }, (_, k) => shapeOf(first + k));
    const dir = mkdtempSync(join(scratch, "batch-"));
    const report = await runBatch(shapes, dir);
    totals.programs += report.programs;
    totals.accepted += report.accepted;
    totals.deepAccepted += report.deepAccepted;
    totals.nestedTooDeeply += report.nestedTooDeeply;
    totals.crashes += report.failures.filter((f) => f.kind === "crash").length;
    totals.tscErrors += report.failures.filter((f) => f.kind === "tsc").length;
    failures.push(...report.failures);
    // Keep the folder of a failing batch to look at; drop the others.
    if (report.failures.length === 0) rmSync(dir, { recursive: true, force: true });
    console.log(
      `${totals.programs}/${cases} programs: ${totals.accepted} accepted (${totals.deepAccepted} nested close to the limit), ` +
        `${totals.nestedTooDeeply} FLW108, ${totals.crashes} crashes, ${totals.tscErrors} with tsc errors, ${seconds()}s`,
    );
  }
  if (failures.length === 0) return;
  mkdirSync(failuresDir, { recursive: true });
  for (const f of failures) {
    const name = `tsc-seed-${f.shape.seed}-${f.shape.hostile}-${f.shape.deep}`;
    writeFileSync(join(failuresDir, `${name}.flow`), f.source);
    writeFileSync(join(failuresDir, `${name}.txt`), `${JSON.stringify(f.shape)}\n${f.kind}\n${f.detail}\n`);
    console.log(`seed ${f.shape.seed} (${f.kind}): ${f.detail.split("\n")[0]}`);
  }
  process.exitCode = 1;
}
