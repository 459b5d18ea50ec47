import { describe, expect, it } from "vitest";
import type { Decl, EnumDecl, FlowDecl, ModelDecl, Span, ToolDecl, TypeDecl, WorkerDecl } from "../../grammar/ast.ts";
import { parse } from "../../grammar/index.ts";

function parseClean(text: string) {
  const result = parse(text, "test.flow");
  expect(result.errors).toEqual([]);
  return result.ast;
}

function only<T extends Decl>(text: string): T {
  const ast = parseClean(text);
  expect(ast.decls).toHaveLength(1);
  return ast.decls[0] as T;
}

/** "line:column-line:column" of a span, for compact assertions. */
function at(span: Span): string {
  return `${span.start.line}:${span.start.column}-${span.end.line}:${span.end.column}`;
}

describe("imports", () => {
  it("lists the names and the module path", () => {
    const ast = parseClean('import { A, b, } from "./x.flow"\nimport {} from "./y.flow"');
    expect(ast.imports).toHaveLength(2);
    const [first] = ast.imports;
    expect(first!.names.map((n) => n.name)).toEqual(["A", "b"]);
    expect(first!.names.map((n) => at(n.span))).toEqual(["1:10-1:11", "1:13-1:14"]);
    expect(first!.from).toMatchObject({ kind: "String", value: "./x.flow" });
    expect(at(first!.span)).toBe("1:1-1:33");
    expect(ast.imports[1]!.names).toEqual([]);
  });
});

describe("type declarations", () => {
  it("accepts fields separated by newlines or commas", () => {
    const type = only<TypeDecl>(`type Evaluation {
  company: string
  score: int, notes?: string,
  tags: string[]
  grid: number[][]
  stage: "seed" | "series_a"
  kinds: ("a" | "b")[]
}`);
    expect(type.name.name).toBe("Evaluation");
    expect(type.fields.map((f) => [f.name.name, f.optional])).toEqual([
      ["company", false],
      ["score", false],
      ["notes", true],
      ["tags", false],
      ["grid", false],
      ["stage", false],
      ["kinds", false],
    ]);
    const [company, , , tags, grid, stage, kinds] = type.fields;
    expect(company!.type).toMatchObject({ kind: "NamedType", name: { name: "string" } });
    expect(tags!.type).toMatchObject({ kind: "ArrayType", element: { kind: "NamedType", name: { name: "string" } } });
    expect(grid!.type).toMatchObject({
      kind: "ArrayType",
      element: { kind: "ArrayType", element: { kind: "NamedType" } },
    });
    expect(at(grid!.type.span)).toBe("5:9-5:19");
    expect(stage!.type).toMatchObject({
      kind: "LiteralUnion",
      members: [{ value: "seed" }, { value: "series_a" }],
    });
    expect(at(stage!.type.span)).toBe("6:10-6:29");
    expect(kinds!.type).toMatchObject({
      kind: "ArrayType",
      element: { kind: "LiteralUnion", members: [{ value: "a" }, { value: "b" }] },
    });
    expect(at(company!.span)).toBe("2:3-2:18");
    expect(at(type.span)).toBe("1:1-8:2");
  });

  it("allows keywords as field names", () => {
    const type = only<TypeDecl>("type T { type: string, model: string, in: int, from: bool }");
    expect(type.fields.map((f) => f.name.name)).toEqual(["type", "model", "in", "from"]);
  });
});

describe("enums", () => {
  it("accepts members separated by commas or newlines", () => {
    const enumDecl = only<EnumDecl>("enum Verdict { invest, maybe\n pass }");
    expect(enumDecl.members.map((m) => m.name.name)).toEqual(["invest", "maybe", "pass"]);
    expect(at(enumDecl.members[2]!.span)).toBe("2:2-2:6");
  });
});

describe("models", () => {
  it("has an id and optional literal settings", () => {
    const ast = parseClean('model analyst = "gpt-4.1-mini" { temperature: 0.2, seed: 7 }\nmodel fast = "gpt-4.1-nano"');
    const [analyst, fast] = ast.decls as ModelDecl[];
    expect(analyst!.id.value).toBe("gpt-4.1-mini");
    expect(analyst!.settings.map((s) => [s.name.name, s.value])).toEqual([
      ["temperature", expect.objectContaining({ kind: "Number", value: 0.2, integer: false })],
      ["seed", expect.objectContaining({ kind: "Number", value: 7, integer: true })],
    ]);
    expect(fast!.settings).toEqual([]);
    expect(at(fast!.span)).toBe("2:1-2:28");
  });
});

describe("workers", () => {
  it("keeps settings as generic name: expression pairs in order", () => {
    const worker = only<WorkerDecl>(`worker w(p: Deck, q: string[]) -> Evaluation {
  model: analyst
  instructions: "Score it."
  context: p.text,
  uses: [a, b]
  max_turns: 4
}`);
    expect(worker.params.map((p) => [p.name.name, p.type.kind])).toEqual([
      ["p", "NamedType"],
      ["q", "ArrayType"],
    ]);
    expect(worker.returns).toMatchObject({ kind: "NamedType", name: { name: "Evaluation" } });
    expect(worker.settings.map((s) => [s.name.name, s.value.kind])).toEqual([
      ["model", "Name"],
      ["instructions", "String"],
      ["context", "Member"],
      ["uses", "Array"],
      ["max_turns", "Number"],
    ]);
    expect(at(worker.settings[0]!.name.span)).toBe("2:3-2:8");
    expect(at(worker.params[1]!.span)).toBe("1:19-1:30");
  });

  it("accepts a space before the parameter list and a trailing comma", () => {
    const worker = only<WorkerDecl>("worker w (p: int,) -> int { model: m }");
    expect(worker.params.map((p) => p.name.name)).toEqual(["p"]);
  });
});

describe("tools", () => {
  it("records the file and the span of `needs approval`", () => {
    const ast = parseClean(
      'tool save(path: string) -> void from "./files.ts" needs approval\ntool rank(xs: int[]) -> int[] from "./rank.ts"',
    );
    const [save, rank] = ast.decls as ToolDecl[];
    expect(save!.from.value).toBe("./files.ts");
    expect(at(save!.needsApproval!)).toBe("1:51-1:65");
    expect(at(save!.span)).toBe("1:1-1:65");
    expect(rank!.needsApproval).toBeUndefined();
    expect("needsApproval" in rank!).toBe(false);
  });
});

describe("flows", () => {
  it("has parameters, a result type and a body", () => {
    const flow = only<FlowDecl>('flow f(a: int, b: Deck[]) -> string {\n  return "x"\n}');
    expect(flow.params.map((p) => p.name.name)).toEqual(["a", "b"]);
    expect(flow.body.statements.map((s) => s.kind)).toEqual(["Return"]);
    expect(at(flow.body.span)).toBe("1:37-3:2");
  });
});

describe("doc comments", () => {
  const ast = parseClean(`// file header

/// A deck.
/// Second line.
type Deck {
  /// The name.
  name: string // trailing
  ///  indented text
  text: string

  /// not attached: a blank line follows

  other: int
}
enum E {
  /// first
  a,
  b
}
/// Runs it.
flow f(
  /// the input
  input: Deck,
) -> int { /// stray
  return 1
}
//// a rule, not a doc
`);

  it("attach to declarations, fields, enum members and parameters", () => {
    const [deck, e, f] = ast.decls as [TypeDecl, EnumDecl, FlowDecl];
    expect(deck.doc).toMatchObject({ kind: "Doc", text: "A deck.\nSecond line." });
    expect(at(deck.doc!.span)).toBe("3:1-4:17");
    expect(deck.fields.map((field) => field.doc?.text)).toEqual(["The name.", " indented text", undefined]);
    expect(e.members.map((m) => m.doc?.text)).toEqual(["first", undefined]);
    expect(f.doc?.text).toBe("Runs it.");
    expect(f.params[0]!.doc?.text).toBe("the input");
  });

  it("leave every other comment to the formatter, in source order", () => {
    expect(ast.comments.map((c) => [c.text, c.span.start.line])).toEqual([
      ["// file header", 1],
      ["// trailing", 7],
      ["/// not attached: a blank line follows", 11],
      ["/// stray", 24],
      ["//// a rule, not a doc", 27],
    ]);
  });
});
