// Programs the checker accepted whose generated TypeScript failed (or did not
// parse), found by the property test through tsc (test/fuzz/tsc-property.test.ts).
// Each is built and the whole folder is type-checked once with tsc --strict.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compile, type CompileResult } from "../../compiler/index.ts";
import { removeDir, scratchDir, typecheck, writeAll, writeText } from "./harness.ts";

const CASES: Record<string, string> = {
  // A map body that is one call with a call in its arguments needs `async`.
  "nested_call.flow": `
worker inner(x: int) -> int { instructions: "i" }
worker outer(y: int) -> int { instructions: "o" }
flow f(xs: int[]) -> int[] {
  return map x in xs => outer(inner(x))
}`,
  // A \`.flow\` variable named like the loop counter of \`repeat\`.
  "round.flow": `
flow f(round: string) -> string {
  let out = ""
  repeat (max: 2) {
    out = out + round
  }
  return out
}`,
  // Declarations named like the parameters of the generated functions, and types TypeScript cannot name so.
  "params.flow": `
enum as { x, y }
type unique { a: as }
worker ctx(n: int) -> int { instructions: "c" }
flow input(n: int) -> int {
  return ctx(n)
}
flow options(n: int) -> int {
  return input(n)
}`,
  // Comparisons of literals TypeScript sees cannot be equal, and of references it narrowed.
  "literals.flow": `
enum E { a, b, c }
flow f(b: bool, e: E) -> bool {
  let x = (true and false) != (true or false)
  let y = E.a == E.b
  let z = 1e3 == 1.5
  let one = "b"
  if one == one {
    return x
  }
  let s = one + one
  if b {
    return b == false
  }
  if e == E.a {
    return e == E.b
  }
  return y or z or s == "bb"
}`,
  // \`reduce\` over an empty list (with \`empty:\`, else FLW417), and \`concat\`/\`flatten\` whose literals TypeScript would type otherwise.
  "generics.flow": `
worker merge(items: string[]) -> string { instructions: "m" }
flow f(xs: string[]) -> ("a" | "b")[] {
  let r = reduce filter x in [] => true with merge (empty: "")
  let pairs = concat([{ k: "a" }], [{ k: "b" }])
  let flat = flatten([["a"], ["b"]])
  return concat(flat, map p in pairs => p.k)
}`,
  // A list of a record's literal (with an optional field) and an object literal that fits the record.
  "record_join.flow": `
type R { f0: int, f1?: "a" | "b" }
flow f(r: R) -> int[] {
  let v = { f0: 1 }
  return map x in [[r, { f0: 34, f1: "a" }], [r, v]] => len(x)
}`,
  // \`let xs = []\` read before the assignment that gives it its element type.
  "learned.flow": `
flow f(n: int) -> int[] {
  let xs = []
  let copies = []
  repeat (max: 3) {
    copies = concat(copies, [len(xs)])
    xs = concat(xs, [n])
  }
  let ys = xs
  return concat(ys, copies)
}`,
};

describe("generated code of fuzz findings passes tsc --strict", () => {
  let dir: string;
  let result: CompileResult;
  beforeAll(async () => {
    dir = scratchDir("findings");
    for (const [name, text] of Object.entries(CASES)) writeText(path.join(dir, name), text);
    const files = Object.keys(CASES).map((name) => path.join(dir, name));
    result = await compile(files, { rootDir: dir, outDir: path.join(dir, "gen"), checkTools: false, cacheDir: false });
    writeAll(result.files);
  });
  afterAll(() => removeDir(dir));

  test("they check and build", () => {
    expect(result.diagnostics.map((d) => `${path.basename(d.span.file)}:${d.span.start.line} ${d.code} ${d.message}`)).toEqual([]);
    expect(result.files).toHaveLength(Object.keys(CASES).length);
  });

  test("the generated code has no tsc error", () => {
    expect(typecheck(dir)).toBe("");
  });

  test("what they became", () => {
    const text = (name: string) => result.files.find((f) => f.source.endsWith(name))!.text;
    expect(text("nested_call.flow")).toContain("async (x: number, ctx) => await ctx.call(outer, { y: await ctx.call(inner, { x }) }),");
    expect(text("round.flow")).toContain("for (let round_2 = 0; round_2 < 2; round_2++) {\n    out = out + round;");
    expect(text("params.flow")).toContain("export const ctx_: Worker<");
    expect(text("params.flow")).toContain("return runFlow(input_, input, options);");
    expect(text("params.flow")).toContain("export type as_ = z.infer<typeof as_>;");
    expect(text("params.flow")).toContain("export type unique_ = {\n  a: as_;\n};");
    expect(text("literals.flow")).toContain("const x: boolean = ((true && false) as boolean) !== (true || false);");
    expect(text("literals.flow")).toContain('const y: boolean = ("a" as E) === "b";');
    expect(text("literals.flow")).toContain('if ((one as "b") === (one as "b")) {');
    expect(text("literals.flow")).toContain("return (b as boolean) === false;");
    expect(text("literals.flow")).toContain('if (e === "a") {\n    return (e as E) === "b";');
    expect(text("generics.flow")).toContain("await ctx.reduce<string>(\n    [].filter((x: never) => true),");
    expect(text("generics.flow")).toContain('concat<{ k: "a" | "b" }>([{ k: "a" }], [{ k: "b" }]);');
    expect(text("learned.flow")).toContain("let xs: number[] = [];");
    expect(text("learned.flow")).toContain("const ys: number[] = xs;");
  });
});
