import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { emitProgram, outputPath } from "../../compiler/emit/index.ts";
import { importSpecifierPath } from "../../compiler/emit/paths.ts";
import type { Declaration, Expr, FlowDef, Program, Stmt, Type } from "../../compiler/plan/ir.ts";
import { removeDir, scratchDir, typecheck, writeAll, writeText } from "./harness.ts";
import { e, field, module, param, s, span, t } from "./ir.ts";
import { sampleProgram } from "./sample.ts";

const ROOT = "/virtual/project";
const FILE = `${ROOT}/main.flow`;

async function emitOne(decls: Declaration[]): Promise<string> {
  const [file] = await emitProgram({ modules: [module(FILE, decls)] }, { rootDir: ROOT, outDir: `${ROOT}/out` });
  return file!.text;
}

function flow(body: Stmt[], params: [string, Type][] = [], returns: Type = t.void, name = "f"): FlowDef {
  return {
    kind: "flow",
    name,
    signature: { params: params.map(([n, ty]) => param(n, ty)), returns },
    body,
    span,
  };
}

/** The statements of `f_plan`, one per line, trimmed. */
async function planBody(
  body: Stmt[],
  params: [string, Type][] = [],
  returns: Type = t.void,
  extra: Declaration[] = [],
) {
  const text = await emitOne([...extra, flow(body, params, returns)]);
  const start = text.indexOf("async function f_plan");
  const end = text.indexOf("\n}\n", start);
  return text
    .slice(text.indexOf("{\n", text.indexOf(")", text.indexOf("): Promise", start))) + 2, end)
    .split("\n")
    .map((l) => l.trim())
    .join("\n");
}

const a = e.param("a", t.int);
const b = e.param("b", t.int);
const c = e.param("c", t.int);
const ints: [string, Type][] = [
  ["a", t.int],
  ["b", t.int],
  ["c", t.int],
];
const ret = (x: Expr) => [s.ret(x)];

describe("expressions", () => {
  test("precedence: parentheses only where needed", async () => {
    const cases: [Expr, string][] = [
      [e.bin("*", e.bin("+", a, b, t.int), c, t.int), "(a + b) * c"],
      [e.bin("+", a, e.bin("*", b, c, t.int), t.int), "a + b * c"],
      [e.bin("-", a, e.bin("-", b, c, t.int), t.int), "a - (b - c)"],
      [e.bin("-", e.bin("-", a, b, t.int), c, t.int), "a - b - c"],
      [e.neg(e.neg(a)), "-(-a)"],
      [e.neg(e.num(-2)), "-(-2)"],
      [e.bin("+", a, e.num(-2), t.int), "a + -2"],
      [e.bin("/", a, b, t.int), "Math.trunc(a / b)"],
      [e.bin("/", e.param("a", t.number), e.param("b", t.number), t.number), "a / b"],
    ];
    for (const [expr, expected] of cases) {
      const params: [string, Type][] = [
        ["a", expr.kind === "binary" && expr.left.type.kind === "number" ? t.number : t.int],
        ["b", expr.kind === "binary" && expr.left.type.kind === "number" ? t.number : t.int],
        ["c", t.int],
      ];
      expect(await planBody(ret(expr), params, expr.type)).toBe(`return ${expected};`);
    }
  });

  test("booleans: and/or/not, comparisons", async () => {
    const p = e.param("p", t.bool);
    const q = e.param("q", t.bool);
    const bools: [string, Type][] = [
      ["p", t.bool],
      ["q", t.bool],
    ];
    expect(await planBody(ret(e.not(e.bin("and", p, q))), bools, t.bool)).toBe("return !(p && q);");
    expect(await planBody(ret(e.bin("or", e.bin("and", p, q), p)), bools, t.bool)).toBe("return (p && q) || p;");
    expect(await planBody(ret(e.bin("and", e.bin("or", p, q), p)), bools, t.bool)).toBe("return (p || q) && p;");
    expect(await planBody(ret(e.bin("!=", e.bin("<", a, b), e.bin(">=", b, c))), ints, t.bool)).toBe(
      "return a < b !== b >= c;",
    );
  });

  test("== on records and arrays uses deepEqual, on primitives ===", async () => {
    const R = t.record("R", FILE);
    const rec: Declaration = { kind: "record", name: "R", fields: [field("x", t.int)], span };
    const x = e.param("x", R);
    const y = e.param("y", R);
    const body = await planBody(
      [
        s.if(e.bin("==", x, y), [s.ret(e.bool(true))]),
        s.if(e.bin("!=", e.array([x], t.array(R)), e.array([], t.array(t.never))), [s.ret(e.bool(true))]),
        s.ret(e.bin("==", e.member(x, "x", t.int), e.member(y, "x", t.int))),
      ],
      [
        ["x", R],
        ["y", R],
      ],
      t.bool,
      [rec],
    );
    expect(body).toContain("if (deepEqual(x, y)) {");
    expect(body).toContain("if (!deepEqual([x], [])) {");
    expect(body).toContain("return x.x === y.x;");
  });

  test("calls: awaited, named arguments, shorthand, member access on a call", async () => {
    const R = t.record("R", FILE);
    const decls: Declaration[] = [
      { kind: "record", name: "R", fields: [field("x", t.int)], span },
      {
        kind: "worker",
        name: "w",
        signature: { params: [param("a", t.int), param("b", t.int)], returns: R },
        instructions: { text: "go", paths: [] },
        uses: [],
        span,
      },
    ];
    const call = e.call({ kind: "worker", name: "w", module: FILE }, { a, b: e.num(2) }, R);
    expect(await planBody(ret(e.member(call, "x", t.int)), ints, t.int, decls)).toBe(
      "return (await ctx.call(w, { a, b: 2 })).x;",
    );
    expect(await planBody(ret(e.bin("+", e.member(call, "x", t.int), a, t.int)), ints, t.int, decls)).toBe(
      "return (await ctx.call(w, { a, b: 2 })).x + a;",
    );
  });

  test("pure map/filter stay array methods; an object body is parenthesised", async () => {
    const xs = e.param("xs", t.array(t.int));
    const body = await planBody(
      [
        s.let("ys", e.map("x", xs, e.object({ v: e.binder("x", t.int) }))),
        s.let("zs", e.filter("x", xs, e.bin(">", e.binder("x", t.int), e.num(0)))),
        s.let(
          "ws",
          e.map("x", e.builtin("concat", [xs, xs], t.array(t.int)), e.bin("*", e.binder("x", t.int), e.num(2), t.int)),
        ),
      ],
      [["xs", t.array(t.int)]],
    );
    // Variables and binders are declared with the checker's types.
    expect(body).toContain("const ys: { v: number }[] = xs.map((x: number) => ({ v: x }));");
    expect(body).toContain("const zs: number[] = xs.filter((x: number) => x > 0);");
    expect(body).toContain("const ws: number[] = concat<number>(xs, xs).map((x: number) => x * 2);");
  });

  test("map/filter/reduce with calls go through the scheduler", async () => {
    const decls: Declaration[] = [
      {
        kind: "worker",
        name: "score",
        signature: { params: [param("n", t.int)], returns: t.int },
        instructions: { text: "go", paths: [] },
        uses: [],
        span,
      },
      {
        kind: "worker",
        name: "sum",
        signature: { params: [param("batch", t.array(t.int))], returns: t.int },
        instructions: { text: "go", paths: [] },
        uses: [],
        span,
      },
    ];
    const xs = e.param("xs", t.array(t.int));
    const score = (x: Expr) => e.call({ kind: "worker", name: "score", module: FILE }, { n: x }, t.int);
    const body = await planBody(
      [
        s.let("a", e.map("x", xs, score(e.binder("x", t.int)), 4)),
        s.let("b", e.map("x", xs, e.bin("+", score(e.binder("x", t.int)), e.num(1), t.int))),
        s.let("c", e.filter("x", xs, e.bin(">", score(e.binder("x", t.int)), e.num(5), t.bool), 2)),
        s.let("d", e.reduce(xs, { kind: "worker", name: "sum", module: FILE }, "batch", 8)),
        s.let("e", e.reduce(xs, { kind: "worker", name: "sum", module: FILE }, "batch")),
      ],
      [["xs", t.array(t.int)]],
      t.void,
      decls,
    );
    expect(body).toContain("const a: number[] = await ctx.map(xs, { concurrency: 4 }, (x: number, ctx) =>\nctx.call(score, { n: x }),\n);");
    expect(body).toContain("const b: number[] = await ctx.map(\nxs,\n{},\nasync (x: number, ctx) => (await ctx.call(score, { n: x })) + 1,\n);");
    expect(body).toContain(
      "const c: number[] = await ctx.filter(\nxs,\n{ concurrency: 2 },\nasync (x: number, ctx) => (await ctx.call(score, { n: x })) > 5,\n);",
    );
    // `reduce` gets its element type from the plan (from the source alone it may be `never`).
    expect(body).toContain("const d: number = await ctx.reduce<number>(xs, { batch: 8 }, (batch, ctx) =>\nctx.call(sum, { batch }),\n);");
    expect(body).toContain("const e: number = await ctx.reduce<number>(xs, {}, (batch, ctx) => ctx.call(sum, { batch }));");
  });

  test("built-ins map to runtime functions with camelCase options", async () => {
    const text = e.param("text", t.string);
    const body = await planBody(
      [
        s.let("chunks", e.builtin("split", [text], t.array(t.string), { max_chars: e.num(100), overlap: e.num(10) })),
        s.let("n", e.builtin("len", [e.let("chunks", t.array(t.string))], t.int)),
        s.ret(e.builtin("join", [e.let("chunks", t.array(t.string)), e.str("\n")], t.string)),
      ],
      [["text", t.string]],
      t.string,
    );
    expect(body).toContain("const chunks: string[] = split(text, { maxChars: 100, overlap: 10 });");
    expect(body).toContain("const n: number = len(chunks);");
    expect(body).toContain('return join(chunks, "\\n");');
  });
});

describe("statements and names", () => {
  test("let/assign/if/else-if/else/repeat/break, one for one", async () => {
    const n = e.let("n", t.int);
    const body = await planBody(
      [
        s.let("n", e.num(0), true),
        s.repeat(3, [
          s.if(
            e.bin(">", n, e.num(2)),
            [s.break()],
            [
              s.if(
                e.bin("==", n, e.num(1)),
                [s.assign("n", e.num(5))],
                [s.assign("n", e.bin("+", n, e.num(1), t.int))],
              ),
            ],
          ),
        ]),
        s.ret(n),
      ],
      [],
      t.int,
    );
    expect(body).toBe(
      [
        "let n: number = 0;",
        "for (let round = 0; round < 3; round++) {",
        "if (n > 2) {",
        "break;",
        "} else if (n === 1) {",
        "n = 5;",
        "} else {",
        "n = n + 1;",
        "}",
        "}",
        "return n;",
      ].join("\n"),
    );
  });

  test("variables are declared with the checker's type: an empty array's learned one, an enum, a widened literal", async () => {
    const V = t.enum("V", FILE);
    const body = await planBody(
      [
        // The checker's types: `acc` learns `V[]` from its assignment, the reassigned `stage` is a `string`.
        s.let("acc", e.array([], t.array(t.never)), true, t.array(V)),
        s.assign(
          "acc",
          e.builtin(
            "concat",
            [e.let("acc", t.array(V)), e.array([e.enumMember("V", FILE, "a")], t.array(V))],
            t.array(V),
          ),
        ),
        s.let("v", e.enumMember("V", FILE, "a"), true),
        s.let("stage", { kind: "literal", value: "seed", type: t.literals("seed", "later"), span }, true, t.string),
      ],
      [],
      t.void,
      [{ kind: "enum", name: "V", members: [{ name: "a" }, { name: "b" }], span }],
    );
    expect(body).toContain("let acc: V[] = [];");
    // A generic built-in gets its type argument from the plan, which types the literal.
    expect(body).toContain('acc = concat<V>(acc, ["a"]);');
    expect(body).toContain('let v: V = "a";');
    // Every variable is declared with the checker's type for it.
    expect(body).toContain('let stage: string = "seed";');
  });

  test("locals never shadow module names, ctx, or an outer local", async () => {
    const decls: Declaration[] = [
      {
        kind: "worker",
        name: "w",
        signature: { params: [param("x", t.int)], returns: t.int },
        instructions: { text: "go", paths: [] },
        uses: [],
        span,
      },
    ];
    const call = (x: Expr) => e.call({ kind: "worker", name: "w", module: FILE }, { x }, t.int);
    const body = await planBody(
      [
        s.let("w", call(e.param("ctx", t.int))),
        s.if(e.bool(true), [
          s.let("w", e.bin("+", e.let("w", t.int), e.num(1), t.int)),
          s.expr(call(e.let("w", t.int))),
        ]),
        s.ret(e.let("w", t.int)),
      ],
      [["ctx", t.int]],
      t.int,
      decls,
    );
    expect(body).toBe(
      [
        "const w_2: number = await ctx.call(w, { x: ctx_2 });",
        "if (true) {",
        "const w_3: number = w_2 + 1;",
        "await ctx.call(w, { x: w_3 });",
        "}",
        "return w_2;",
      ].join("\n"),
    );
  });
});

describe("declarations", () => {
  test("forward references: z.lazy for schemas, models hoisted before their first use", async () => {
    const text = await emitOne([
      {
        kind: "record",
        name: "Tree",
        fields: [
          field("kids", t.array(t.record("Tree", FILE))),
          field("leaf", t.record("Leaf", FILE), { optional: true }),
        ],
        span,
      },
      { kind: "record", name: "Leaf", fields: [field("v", t.string)], span },
      {
        kind: "worker",
        name: "w",
        signature: { params: [param("t", t.record("Tree", FILE))], returns: t.record("Later", FILE) },
        model: { kind: "declared", name: "m", module: FILE, id: "x" },
        instructions: { text: "go", paths: [] },
        uses: [{ kind: "worker", name: "w", module: FILE }],
        span,
      },
      { kind: "model", name: "m", id: "gpt", settings: [], span },
      { kind: "record", name: "Later", fields: [field("v", t.string)], span },
    ]);
    expect(text).toContain("kids: z.array(z.lazy(() => Tree)),");
    expect(text).toContain("leaf: z.lazy(() => Leaf).optional(),");
    expect(text).toContain("output: z.lazy(() => Later),");
    expect(text).toContain("uses: () => [w],");
    expect(text.indexOf("export const m = defineModel")).toBeLessThan(text.indexOf("export const w: Worker<"));
    expect(text.indexOf("export const m = defineModel")).toBeGreaterThan(text.indexOf("export const Leaf"));
  });

  test("cross-module imports are relative between generated files", async () => {
    const files = await emitProgram(sampleProgram("/virtual/p"), {
      rootDir: "/virtual/p/flows",
      outDir: "/virtual/p/gen",
    });
    expect(files.map((f) => f.path)).toEqual(["/virtual/p/gen/types.ts", "/virtual/p/gen/app/pitch.ts"]);
    const pitch = files[1]!.text;
    expect(pitch.split("\n")[0]).toBe("// Generated by flowc from app/pitch.flow. Do not edit.");
    expect(pitch).toContain('import { Deck } from "../types.js";');
    expect(pitch).toContain('import * as tool_market from "../../tools/market.js";');
    expect(pitch).toContain('} from "@flowc/runtime";');
    expect(pitch).not.toContain("/virtual");
  });

  test("the import extension is configurable: .ts for type stripping, none for bundlers", async () => {
    const importsWith = async (importExtension: ".js" | ".ts" | "") => {
      const files = await emitProgram(sampleProgram("/virtual/p"), { rootDir: "/virtual/p/flows", outDir: "/virtual/p/gen", importExtension });
      // Static imports, and the lazy import of a `needs approval` tool's file.
      return files[1]!.text
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => (line.startsWith("import ") || line.includes("import(")) && line.includes('"../'));
    };
    expect(await importsWith(".ts")).toEqual([
      'import { Deck } from "../types.ts";',
      'import * as tool_market from "../../tools/market.ts";',
      'loadImplementation: () => import("../../tools/files.ts").then((m) => m.save_report),',
    ]);
    expect(await importsWith("")).toEqual([
      'import { Deck } from "../types";',
      'import * as tool_market from "../../tools/market";',
      'loadImplementation: () => import("../../tools/files").then((m) => m.save_report),',
    ]);
  });

  test("importSpecifierPath maps each TypeScript extension to what the setup resolves", () => {
    expect(importSpecifierPath("a/b.ts")).toBe("a/b.js");
    expect(importSpecifierPath("a/b.mts", ".js")).toBe("a/b.mjs");
    expect(importSpecifierPath("a/b.cts", "")).toBe("a/b.cjs");
    expect(importSpecifierPath("a/b.tsx", "")).toBe("a/b");
    expect(importSpecifierPath("a/b.mjs", ".js")).toBe("a/b.mjs");
    expect(importSpecifierPath("a/b.ts", ".ts")).toBe("a/b.ts");
  });

  test("outputPath mirrors the tree under outDir", () => {
    expect(outputPath("/r/a/b.flow", { rootDir: "/r", outDir: "/o" })).toBe(path.join("/o", "a", "b.ts"));
    expect(() => outputPath("/elsewhere/b.flow", { rootDir: "/r", outDir: "/o" })).toThrow(/outside the root/);
  });

  test("deterministic: same plan, same bytes", async () => {
    const options = { rootDir: "/virtual/p/flows", outDir: "/virtual/p/gen" };
    const first = await emitProgram(sampleProgram("/virtual/p"), options);
    const second = await emitProgram(sampleProgram("/virtual/p"), options);
    expect(second).toEqual(first);
  });
});

describe("the generated code type-checks", () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir("sample");
  });
  afterAll(() => removeDir(dir));

  test("tsc --strict --noEmit over the sample program", async () => {
    const program: Program = sampleProgram(dir);
    writeAll(await emitProgram(program, { rootDir: `${dir}/flows`, outDir: `${dir}/gen` }));
    writeText(
      `${dir}/tools/market.ts`,
      "export function market_size(input: { sector: string }) { return input.sector.length; }\n",
    );
    writeText(
      `${dir}/tools/files.ts`,
      "export async function save_report(input: { path: string; markdown: string }): Promise<void> {}\n",
    );
    expect(typecheck(dir)).toBe("");
  });
});
