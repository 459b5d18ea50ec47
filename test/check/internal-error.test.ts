// A bug in the checker (here: a rule that throws) becomes FLW900 at the node
// that was being checked, with a code frame, instead of at 1:1.
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { checkText } from "./helpers.ts";

vi.mock("../../compiler/check/declarations.ts", async (original) => ({
  ...(await original<typeof import("../../compiler/check/declarations.ts")>()),
  enumDef: () => {
    throw new Error("bang");
  },
}));

vi.mock("../../compiler/check/expr-operators.ts", async (original) => ({
  ...(await original<typeof import("../../compiler/check/expr-operators.ts")>()),
  checkUnary: () => {
    throw new Error("boom");
  },
}));

describe("FLW900", () => {
  it("points at the node being checked when the checker throws", () => {
    const { diagnostics, dir } = checkText("flow f(b: bool) -> bool {\n  let c = b\n  return   not c\n}\n");
    expect(diagnostics.map((d) => [path.relative(dir, d.span.file), d.span.start.line, d.span.start.column, d.span.end.column, d.code, d.message])).toEqual([
      ["main.flow", 3, 12, 17, "FLW900", "internal error in flowc: boom"],
    ]);
    expect(diagnostics[0]!.hint).toMatch(/^this is a bug in flowc; please report it together with the file that triggers it\nboom\nError: boom/);
  });

  it("points at a worker's `context`", () => {
    const { diagnostics } = checkText("type T { a: int }\nworker w(t: T) -> T {\n  instructions: \"x\"\n  context: not t\n}\n");
    expect(diagnostics.map((d) => [d.span.start.line, d.span.start.column, d.code])).toEqual([[4, 12, "FLW900"]]);
  });

  it("points at the declaration being checked", () => {
    const { diagnostics } = checkText("type T { a: int }\n\nenum E { a, b }\n");
    expect(diagnostics.map((d) => [d.span.start.line, d.span.start.column, d.span.end.column, d.code, d.message])).toEqual([
      [3, 1, 16, "FLW900", "internal error in flowc: bang"],
    ]);
  });
});
