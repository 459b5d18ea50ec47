// Runs every `test/fixtures/check/NAME.flow` through the checker and compares
// the rendered diagnostics (no color, paths relative to the fixtures folder)
// with `NAME.diagnostics.txt` beside it. `UPDATE=1 npx vitest run test/check`
// rewrites the goldens: do it on purpose only, and read every changed golden.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, fixtureNames, renderFixture } from "./helpers.ts";

const update = process.env.UPDATE === "1";

describe("check fixtures", () => {
  for (const name of fixtureNames()) {
    it(name, () => {
      const actual = renderFixture(name);
      const golden = path.join(FIXTURES, `${name}.diagnostics.txt`);
      if (update) {
        writeFileSync(golden, actual);
        return;
      }
      expect(existsSync(golden), `missing golden ${name}.diagnostics.txt (run with UPDATE=1)`).toBe(true);
      expect(actual).toBe(readFileSync(golden, "utf8"));
    });
  }
});
