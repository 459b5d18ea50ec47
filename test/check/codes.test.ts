// Every code in the diagnostics table must be exercised by some check fixture:
// its code has to appear in a `.diagnostics.txt` golden. The tool-file codes
// belong to the tool checker's tests, and FLW900 (a bug in flowc) cannot be;
// FLW110 needs a file of megabytes (test/check/hostile.test.ts) and FLW226
// comes from generating code, not checking (test/cli/hostile-paths.test.ts).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { D } from "../../compiler/diagnostics/table.ts";
import { FIXTURES } from "./helpers.ts";

const ELSEWHERE = new Set(["FLW110", "FLW226", "FLW450", "FLW451", "FLW900"]);

describe("diagnostics table", () => {
  it("has unique codes in the FLW1xx-4xx, 9xx ranges", () => {
    const codes = Object.values(D).map((t) => t.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^FLW[12349]\d\d$/);
  });

  it("has messages that are lower-case and end without a period", () => {
    for (const [name, t] of Object.entries(D)) {
      expect(t.message, name).not.toMatch(/\.$/);
      expect(t.message[0], name).not.toMatch(/[A-Z]/);
    }
  });

  it("has every code covered by a check fixture", () => {
    const goldens = readdirSync(FIXTURES)
      .filter((f) => f.endsWith(".diagnostics.txt"))
      .map((f) => readFileSync(path.join(FIXTURES, f), "utf8"))
      .join("\n");
    const missing = Object.entries(D)
      .filter(([, t]) => !ELSEWHERE.has(t.code) && !goldens.includes(` ${t.code}: `))
      .map(([name, t]) => `${t.code} ${name}`);
    expect(missing).toEqual([]);
  });
});
