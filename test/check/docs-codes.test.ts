// Every diagnostic code must be documented in docs/language.md.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { D } from "../../compiler/diagnostics/table.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("docs", () => {
  it("docs/language.md lists every diagnostic code", () => {
    const file = path.join(ROOT, "docs/language.md");
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, "utf8");
    const missing = Object.values(D)
      .map((t) => t.code)
      .filter((code) => !text.includes(code));
    expect(missing).toEqual([]);
  });
});
