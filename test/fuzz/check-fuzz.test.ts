// `check` must terminate with diagnostics or success on any mutation of a
// valid program, and never throw. `npm run fuzz` runs 100,000 cases.
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { runFuzz } from "../support/fuzz-run.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

test("check never throws on 2,000 mutated programs", () => {
  const report = runFuzz({ root, cases: 2000, seed: 1 });
  const shown = report.failures.slice(0, 3).map((f) => `seed ${f.seed} ${f.file}: ${f.problem}`);
  expect(shown).toEqual([]);
  // The mutations must actually break things, or the test proves nothing.
  expect(report.withErrors).toBeGreaterThan(report.cases / 2);
}, 120_000);
