// Checker rules the property test through tsc (test/fuzz/tsc-property.test.ts)
// showed to be too strict or inconsistent with the generated code.
import { describe, expect, it } from "vitest";
import type { FlowDef } from "../../compiler/plan/ir.ts";
import { typeToString } from "../../compiler/check/types.ts";
import { checkText, codes, flow, lets } from "./helpers.ts";

/** The type of each variable, as the plan declares it (not its first value's). */
function letTypes(f: FlowDef): Record<string, string> {
  return Object.fromEntries([...lets(f)].map(([name, s]) => [name, typeToString(s.type)]));
}

describe("`let xs = []` has its learned type for the whole flow", () => {
  it("also where it is read before the assignment that teaches it", () => {
    const { diagnostics, main } = checkText(
      "flow f(n: int) -> int[] {\n  let xs = []\n  let ys = xs\n  let k = len(xs)\n  repeat (max: 2) {\n    xs = concat(xs, [n])\n  }\n  return ys\n}\n",
    );
    expect(codes(diagnostics)).toEqual([]);
    expect(letTypes(flow(main, "f"))).toEqual({ xs: "int[]", ys: "int[]", k: "int" });
  });

  it("learns from an array literal (it was checked against `never[]`)", () => {
    const { diagnostics, main } = checkText("flow f(n: int) -> int[] {\n  let xs = []\n  xs = [n, 2]\n  return xs\n}\n");
    expect(codes(diagnostics)).toEqual([]);
    expect(letTypes(flow(main, "f"))).toEqual({ xs: "int[]" });
  });

  it("reports a mismatch once, where the types meet", () => {
    const { diagnostics } = checkText('flow f(n: int) -> int[] {\n  let xs = []\n  let ys = xs\n  xs = [n]\n  ys = ["a"]\n  return xs\n}\n');
    expect(diagnostics.map((d) => `${d.span.start.line}:${d.span.start.column} ${d.code} ${d.message}`)).toEqual([
      '5:9 FLW301 expected `int`, found `"a"`',
    ]);
  });
});

describe("object literals", () => {
  it("join field by field in a list", () => {
    const { diagnostics, main } = checkText('flow f() -> json {\n  let xs = [{ k: "a", n: 1 }, { k: "b", n: 1.5 }]\n  return xs\n}\n');
    expect(codes(diagnostics)).toEqual([]);
    expect(letTypes(flow(main, "f"))).toEqual({ xs: '{ k: "a" | "b", n: number }[]' });
  });

  it("join with a record they fit as the record", () => {
    const { diagnostics, main } = checkText('type R { a: int, b?: string }\nflow f(r: R) -> json {\n  let o = { a: 1 }\n  let xs = [o, r]\n  return xs\n}\n');
    expect(codes(diagnostics)).toEqual([]);
    expect(letTypes(flow(main, "f"))).toEqual({ o: "{ a: int }", xs: "R[]" });
  });

  it("do not join with other fields", () => {
    const { diagnostics } = checkText('flow f() -> json {\n  return [{ k: "a" }, { j: "b" }]\n}\n');
    expect(codes(diagnostics)).toEqual(["FLW316"]);
  });

  it("in `concat` are not made to match the first list's literals exactly", () => {
    const { diagnostics, main } = checkText('flow f() -> json {\n  let xs = concat([{ k: "a" }], [{ k: "b" }])\n  let ys = concat([], [{ k: "b" }])\n  return [xs, ys]\n}\n');
    expect(codes(diagnostics)).toEqual([]);
    expect(letTypes(flow(main, "f"))).toEqual({ xs: '{ k: "a" | "b" }[]', ys: '{ k: "b" }[]' });
  });
});
