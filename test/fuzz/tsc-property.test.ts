// Property (issue #14): every program the checker accepts builds, and the
// native `tsc --strict --noEmit` finds no error in the generated TypeScript.
// Programs come from test/support/gen-program.ts: records, enums, workers,
// tools and flows with every kind of binding and expression, names that are
// JavaScript built-ins (`constructor`, `Object`, `Promise`, `z`, `ctx`, ...)
// and expressions nested close to, or past, the nesting limit. Each batch is
// built in one compile and checked by one tsc run. `npm run fuzz -- --tsc
// --cases 10000` runs the long version.
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, expect, test } from "vitest";
import { PACKAGE_ROOT, scratchDir } from "../emit/harness.ts";
import type { ProgramShape } from "../support/gen-program.ts";
import { runBatch, type BatchReport } from "../support/tsc-run.ts";

const root = scratchDir("tsc-property");
afterAll(() => rmSync(root, { recursive: true, force: true }));

export const shapeArbitrary: fc.Arbitrary<ProgramShape> = fc.record({
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  hostile: fc.constantFrom(0, 0.1, 0.3),
  deep: fc.constantFrom<ProgramShape["deep"]>("none", "none", "near", "over"),
});

test("programs the checker accepts build and pass tsc --strict: 3 batches of 100", async () => {
  const reports: BatchReport[] = [];
  await fc.assert(
    fc.asyncProperty(fc.array(shapeArbitrary, { minLength: 100, maxLength: 100 }), async (shapes) => {
      const report = await runBatch(shapes, mkdtempSync(path.join(root, "batch-")));
      reports.push(report);
      const shown = report.failures.slice(0, 3).map((f) => `seed ${f.shape.seed} (${f.kind}): ${f.detail.split("\n").slice(0, 4).join("\n")}\n${f.source}`);
      expect(shown, `failures in ${path.relative(PACKAGE_ROOT, root)}`).toEqual([]);
    }),
    // One batch takes seconds: no shrinking (a failure names its program and seed).
    { numRuns: 3, seed: 14, endOnFailure: true },
  );
  const total = (key: "programs" | "accepted" | "deepAccepted" | "nestedTooDeeply") => reports.reduce((n, r) => n + r[key], 0);
  expect(total("programs")).toBe(300);
  // The generator must write mostly programs that check, or the property proves little.
  expect(total("accepted")).toBeGreaterThan(150);
  expect(total("deepAccepted")).toBeGreaterThan(30);
  expect(total("nestedTooDeeply")).toBeGreaterThan(30);
}, 300_000);
