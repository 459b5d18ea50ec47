// The IR carries the checker's type of every binding (issue #14, item 1), and
// emit declares each variable and binder with it: generated code never
// re-infers a type, so it agrees with the checker under `tsc --strict`.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { typeToString } from "../../compiler/check/types.ts";
import { compile, type CompileResult } from "../../compiler/index.ts";
import type { Expr, FlowDef, Stmt } from "../../compiler/plan/ir.ts";
import { removeDir, scratchDir, typecheck, writeAll, writeText } from "./harness.ts";

// Each flow reassigns a variable whose first value TypeScript would infer
// narrower than the checker's type for it (all of them failed tsc before).
const PROGRAM = `
type Point { x: number, y: number }
type Tagged { kind: string, n: int }
enum Stage { seed, later }

tool make_point(x: number) -> Point from "./tools/make_point.ts"

flow objects(a: string) -> string {
  let p = { kind: "a", n: 1 }
  p = { kind: a, n: 2 }
  return p.kind
}

flow lists(a: string) -> string[] {
  let xs = ["x", "y"]
  xs = [a]
  let nested = [{ kind: "a" }]
  nested = [{ kind: a }]
  return concat(xs, map t in nested => t.kind)
}

flow learned(n: int) -> int[] {
  let xs = []
  xs = [n, 2]
  return xs
}

flow upgraded(x: number) -> Point {
  let p = { x: 1.5, y: 2.5 }
  p = make_point(x)
  return p
}

flow literals(s: Stage) -> string {
  let stage = Stage.seed
  stage = s
  let label = "draft"
  repeat (max: 2) {
    label = label + "!"
  }
  let picked = map v in ["a", "b"] => v
  return label + join(picked, ",")
}
`;

describe("bindings carry the checker's types", () => {
  let dir: string;
  let result: CompileResult;
  beforeAll(async () => {
    dir = scratchDir("bindings");
    writeText(path.join(dir, "app.flow"), PROGRAM);
    writeText(path.join(dir, "tools/make_point.ts"), "export function make_point(input: { x: number }) {\n  return { x: input.x, y: 0 };\n}\n");
    result = await compile([path.join(dir, "app.flow")], { rootDir: dir, outDir: path.join(dir, "gen"), cacheDir: false });
    writeAll(result.files);
  });
  afterAll(() => removeDir(dir));

  function flow(name: string): FlowDef {
    const found = result.program.modules[0]!.decls.find((d) => d.kind === "flow" && d.name === name);
    if (found?.kind !== "flow") throw new Error(`no flow ${name}`);
    return found;
  }

  /** `name: type` of every `let`, and of every map/filter binder (as `map v`). */
  function bindings(f: FlowDef): string[] {
    const out: string[] = [];
    const expr = (e: Expr): void => {
      if (e.kind === "map" || e.kind === "filter") {
        out.push(`${e.kind} ${e.binder}: ${typeToString(e.binderType)}`);
        expr(e.source);
        expr(e.body);
      } else if (e.kind === "builtin") e.args.forEach(expr);
    };
    const stmts = (list: readonly Stmt[]): void => {
      for (const s of list) {
        if (s.kind === "let") out.push(`${s.name}: ${typeToString(s.type)}`);
        if (s.kind === "let" || s.kind === "assign" || (s.kind === "return" && s.value)) expr(s.kind === "return" ? s.value! : s.value);
        if (s.kind === "repeat") stmts(s.body);
      }
    };
    stmts(f.body);
    return out;
  }

  test("the plan has the type of every variable as the checker decided it", () => {
    expect(result.diagnostics).toEqual([]);
    expect(bindings(flow("objects"))).toEqual(["p: { kind: string, n: int }"]);
    expect(bindings(flow("lists"))).toEqual(["xs: string[]", "nested: { kind: string }[]", "map t: { kind: string }"]);
    expect(bindings(flow("learned"))).toEqual(["xs: int[]"]);
    expect(bindings(flow("upgraded"))).toEqual(["p: Point"]);
    expect(bindings(flow("literals"))).toEqual(["stage: Stage", "label: string", 'picked: ("a" | "b")[]', 'map v: "a" | "b"']);
  });

  test("emit declares them with those types, and the result passes tsc --strict", () => {
    const text = result.files[0]!.text;
    expect(text).toContain('let p: { kind: string; n: number } = { kind: "a", n: 1 };');
    expect(text).toContain('let xs: string[] = ["x", "y"];');
    expect(text).toContain('let nested: { kind: string }[] = [{ kind: "a" }];');
    expect(text).toContain("let xs: number[] = [];");
    expect(text).toContain("let p: Point = { x: 1.5, y: 2.5 };");
    expect(text).toContain('let stage: Stage = "seed";');
    expect(text).toContain('let label: string = "draft";');
    expect(text).toContain("(t: { kind: string }) => t.kind");
    expect(typecheck(dir)).toBe("");
  });
});
