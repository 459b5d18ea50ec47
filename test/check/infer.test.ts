// Type inference and the plan IR the checker builds.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkProgram } from "../../compiler/check/index.ts";
import { typeToString } from "../../compiler/check/types.ts";
import { codes, checkText, flow, letTypes, lets, letValue, project, worker } from "./helpers.ts";

const DECLS = `
enum Verdict { invest, maybe, pass }
type Deck { name: string, text: string, tags: string[] }
type Evaluation {
  company: string
  score: int
  verdict: Verdict
  notes?: string
  stage: "seed" | "later"
}
type Mention { quote: string, page: int }
worker evaluate_deck(deck: Deck) -> Evaluation {
  instructions: "Score {{deck.name}}."
  context: deck.text
}
worker find_mentions(chunk: string, topic: string) -> Mention[] {
  instructions: "Find {{topic}}."
  context: chunk
}
worker merge(parts: string[]) -> string { instructions: "Merge." }
tool scale(x: number, factor: number) -> number from "./tools/t.ts"
tool save(path: string, text: string) -> void from "./tools/t.ts"
`;
const TOOLS = { "tools/t.ts": "export {};\n" };

describe("type inference", () => {
  it("infers the type of every let", () => {
    const { diagnostics, main } = checkText(
      `${DECLS}
flow f(decks: Deck[], document: string) -> string {
  let evaluations = map d in decks (concurrency: 4) => evaluate_deck(d)
  let found = map c in split(document, max_chars: 100) => find_mentions(chunk: c, topic: "ai")
  let mentions = flatten(found)
  let chunks = split(document, max_chars: 100, overlap: 10)
  let count = len(chunks)
  let n = len(document)
  let joined = join(chunks, ", ")
  let both = concat(chunks, ["x"])
  let names = map d in decks => d.name
  let tags = flatten(map d in decks => d.tags)
  let first_score = len(evaluations) + 1
  let ratio = count / 2
  let scaled = scale(count, 1.5)
  let verdict = Verdict.invest
  let good = filter e in evaluations => e.verdict == Verdict.invest and e.score >= 7
  let stage = map e in good => e.stage
  let literal = "hello"
  let flag = not (count > 3)
  let nested = [[1, 2], [3]]
  let empty = []
  let record = { a: 1, b: "x" }
  let digest = reduce chunks with merge (batch: 8, empty: "")
  return joined + digest
}`,
      TOOLS,
    );
    expect(diagnostics).toEqual([]);
    expect(letTypes(flow(main, "f"))).toEqual({
      evaluations: "Evaluation[]",
      found: "Mention[][]",
      mentions: "Mention[]",
      chunks: "string[]",
      count: "int",
      n: "int",
      joined: "string",
      both: "string[]",
      names: "string[]",
      tags: "string[]",
      first_score: "int",
      ratio: "int",
      scaled: "number",
      verdict: "Verdict",
      good: "Evaluation[]",
      stage: '("seed" | "later")[]',
      literal: '"hello"',
      flag: "bool",
      nested: "int[][]",
      empty: "never[]",
      record: "{ a: int, b: \"x\" }",
      digest: "string",
    });
  });

  it("records resolved references with the declaring module", () => {
    const { diagnostics, main, dir } = checkText(
      `import { Deck } from "./types.flow"
enum Verdict { invest, pass }
worker w(deck: Deck) -> Verdict { instructions: "x" }
flow f(deck: Deck) -> Verdict {
  let v = Verdict.pass
  let r = w(deck)
  return v
}`,
      { "types.flow": "type Deck { name: string }\n" },
    );
    expect(diagnostics).toEqual([]);
    const f = flow(main, "f");
    expect(f.signature.params[0]!.type).toEqual({ kind: "record", name: "Deck", module: path.join(dir, "types.flow") });
    const v = letValue(f, "v");
    expect(v).toMatchObject({ kind: "enum-member", enumName: "Verdict", member: "pass", module: path.join(dir, "main.flow") });
    expect(letValue(f, "r")).toMatchObject({ kind: "call", callee: { kind: "worker", name: "w", module: path.join(dir, "main.flow") } });
  });

  it("normalizes call arguments to parameter order", () => {
    const { diagnostics, main } = checkText(
      `${DECLS}
flow f(doc: string) -> void {
  let m = find_mentions(topic: "ai", chunk: doc)
  let n = find_mentions(doc, topic: "x")
  save(text: doc, path: "out.md")
}`,
      TOOLS,
    );
    expect(diagnostics).toEqual([]);
    const f = flow(main, "f");
    const m = letValue(f, "m");
    expect(m.kind === "call" && m.args.map((a) => a.param)).toEqual(["chunk", "topic"]);
    const n = letValue(f, "n");
    expect(n.kind === "call" && n.args.map((a) => a.param)).toEqual(["chunk", "topic"]);
    const save = f.body[2]!;
    expect(save.kind === "expr" && save.expr.kind === "call" && save.expr.args.map((a) => a.param)).toEqual(["path", "text"]);
  });

  it("keeps options as numbers and split's named options apart", () => {
    const { diagnostics, main } = checkText(
      `${DECLS}
flow f(doc: string) -> string {
  let parts = split(doc, max_chars: 8000, overlap: 200)
  let out = map p in parts (concurrency: 16) => merge([p])
  let kept = filter p in parts (concurrency: 2) => len(p) > 0
  repeat (max: 5) { break }
  return reduce out with merge (batch: 8, empty: "none")
}`,
      TOOLS,
    );
    expect(diagnostics).toEqual([]);
    const f = flow(main, "f");
    const parts = letValue(f, "parts");
    expect(parts.kind === "builtin" && parts.args.length).toBe(1);
    expect(parts.kind === "builtin" && parts.options.map((o) => [o.name, o.value.kind === "literal" && o.value.value])).toEqual([
      ["max_chars", 8000],
      ["overlap", 200],
    ]);
    expect(letValue(f, "out")).toMatchObject({ kind: "map", concurrency: 16, binder: "p" });
    expect(letValue(f, "kept")).toMatchObject({ kind: "filter", concurrency: 2 });
    expect(f.body[3]).toMatchObject({ kind: "repeat", max: 5 });
    expect(f.body[4]).toMatchObject({
      kind: "return",
      value: { kind: "reduce", batch: 8, param: "parts", fn: { name: "merge" }, empty: { kind: "literal", value: "none" } },
    });
  });

  it("marks reassigned lets mutable and widens them", () => {
    const { diagnostics, main } = checkText(
      `${DECLS}
flow f(doc: string, more: string[]) -> string[] {
  let current = "start"
  let fixed = "x"
  let acc = []
  repeat (max: 3) {
    current = current + doc
    acc = concat(acc, more)
  }
  return acc
}`,
      TOOLS,
    );
    expect(diagnostics).toEqual([]);
    const all = lets(flow(main, "f"));
    expect(all.get("current")!.mutable).toBe(true);
    expect(all.get("fixed")!.mutable).toBe(false);
    expect(all.get("acc")!.mutable).toBe(true);
    expect(letTypes(flow(main, "f"))).toMatchObject({ current: '"start"', fixed: '"x"' });
  });

  it("accepts int for number, literals for unions, [] for arrays, objects for records", () => {
    const { diagnostics } = checkText(
      `${DECLS}
tool rank(evaluations: Evaluation[]) -> Evaluation[] from "./tools/t.ts"
flow f(x: int) -> number {
  let e = rank([{ company: "a", score: 3, verdict: Verdict.pass, stage: "seed" }])
  let none = rank([])
  let s = scale(x, 2)
  return x
}`,
      TOOLS,
    );
    expect(diagnostics).toEqual([]);
  });

  it("types object literals as the record their context expects, also nested", () => {
    const { diagnostics, main } = checkText(
      `type Point { x: number, y: number }
type Pair { a: int, b: int }
tool merge(points: Point[]) -> Point from "./tools/t.ts"
tool make() -> Point from "./tools/t.ts"
flow f(xs: Pair[]) -> Point {
  let m = reduce map p in xs => { x: p.a, y: p.b } with merge (empty: { x: 0, y: 0 })
  let arg = merge([{ x: 1, y: 2 }])
  let mapped = merge(map p in xs => { x: p.a, y: 0.5 })
  let free = map p in xs => { x: p.a, y: p.b }
  let r = reduce free with merge (empty: { x: 0, y: 0 })
  let q = { x: 1.5, y: 2.5 }
  q = make()
  let more = concat([q], [{ x: 1, y: 2 }])
  return { x: 1, y: 2 }
}`,
      TOOLS,
    );
    expect(diagnostics).toEqual([]);
    const g = flow(main, "f");
    expect(letTypes(g)).toEqual({ m: "Point", arg: "Point", mapped: "Point", free: "{ x: int, y: int }[]", r: "Point", q: "Point", more: "Point[]" });
    const more = letValue(g, "more") as Extract<ReturnType<typeof letValue>, { kind: "builtin" }>;
    expect(typeToString(more.args[1]!.type)).toBe("Point[]");
    const call = (name: string) => letValue(g, name) as Extract<ReturnType<typeof letValue>, { kind: "call" }>;
    expect(typeToString(call("arg").args[0]!.value.type)).toBe("Point[]");
    expect(typeToString(call("mapped").args[0]!.value.type)).toBe("Point[]");
    const reduce = letValue(g, "m") as Extract<ReturnType<typeof letValue>, { kind: "reduce" }>;
    expect(typeToString(reduce.source.type)).toBe("Point[]");
    const ret = g.body[g.body.length - 1]!;
    expect(ret.kind === "return" && ret.value !== undefined ? typeToString(ret.value.type) : "").toBe("Point");
  });

  it("reports one error, not a cascade, after an unknown name", () => {
    const { diagnostics } = checkText(
      `${DECLS}
flow f(doc: string) -> string {
  let x = nope(doc)
  let y = x.field.deeper
  let z = map a in x => a.b
  let w = y + z
  return w
}`,
      TOOLS,
    );
    expect(codes(diagnostics)).toEqual(["FLW203"]);
  });
});

describe("worker IR", () => {
  it("decodes instructions, resolves the model, context and uses", () => {
    const { diagnostics, main, dir } = checkText(
      `model analyst = "gpt-4.1-mini" { temperature: 0.2 }
type Deck { name: string, text: string }
tool market_size(sector: string) -> number from "./tools/t.ts"
worker w(deck: Deck) -> string {
  model: analyst
  instructions: """
    Score "{{deck.name}}".
    Be brief.
  """
  context: deck.text
  uses: [market_size]
  max_turns: 4
  max_depth: 2
  temperature: 0.5
  retries: 0
}
worker inline(deck: Deck) -> string {
  model: "gpt-4.1"
  instructions: "x"
}`,
      TOOLS,
    );
    expect(diagnostics).toEqual([]);
    const w = worker(main, "w");
    expect(w.instructions).toEqual({ text: 'Score "{{deck.name}}".\nBe brief.', paths: [["deck", "name"]] });
    expect(w.model).toEqual({ kind: "declared", name: "analyst", module: path.join(dir, "main.flow"), id: "gpt-4.1-mini" });
    expect(w.context).toMatchObject({ kind: "member", property: "text", object: { kind: "var", name: "deck", binding: "param" } });
    expect(w.uses).toEqual([{ kind: "tool", name: "market_size", module: path.join(dir, "main.flow") }]);
    expect([w.maxTurns, w.maxDepth, w.temperature, w.retries]).toEqual([4, 2, 0.5, 0]);
    expect(worker(main, "inline").model).toEqual({ kind: "inline", id: "gpt-4.1" });
    const tool = main.decls.find((d) => d.kind === "tool");
    expect(tool).toMatchObject({ from: "./tools/t.ts", implementation: path.join(dir, "tools/t.ts"), needsApproval: false });
  });
});

describe("modules", () => {
  it("orders modules dependencies first with absolute paths", () => {
    const dir = project({
      "a.flow": 'import { B } from "./lib/b.flow"\nimport { C } from "./c.flow"\ntype A { b: B, c: C }\n',
      "lib/b.flow": 'import { C } from "../c.flow"\ntype B { c: C }\n',
      "c.flow": "type C { x: int }\n",
    });
    const { program, diagnostics } = checkProgram(["a.flow"], dir);
    expect(diagnostics).toEqual([]);
    expect(program.modules.map((m) => path.relative(dir, m.file))).toEqual(["c.flow", "lib/b.flow", "a.flow"]);
    expect(program.modules[2]!.imports.map(({ span, ...rest }) => ({ ...rest, at: `${span.start.line}:${span.start.column}` }))).toEqual([
      { names: ["B"], module: path.join(dir, "lib/b.flow"), specifier: "./lib/b.flow", at: "1:19" },
      { names: ["C"], module: path.join(dir, "c.flow"), specifier: "./c.flow", at: "2:19" },
    ]);
  });

  it("reports a missing entry file instead of throwing", () => {
    const dir = project({});
    const { diagnostics, program } = checkProgram(["nope.flow"], dir);
    expect(codes(diagnostics)).toEqual(["FLW210"]);
    expect(diagnostics[0]!.message).toBe("cannot read `nope.flow`: no such file");
    expect(program.modules).toEqual([]);
  });

  it("never throws on garbage", () => {
    const inputs = ["", "}}}", "flow", "flow f(", "type T { x: }", "worker w() -> { instructions: }", "flow f() -> int { return map x in => }", "\u0000\uffff"];
    for (const text of inputs) {
      const { diagnostics } = checkText(text);
      expect(diagnostics.every((d) => d.code !== "FLW900"), JSON.stringify(text)).toBe(true);
    }
  });
});
