import { describe, expect, it } from "vitest";
import type { FlowDecl, TypeDecl } from "../../grammar/ast.ts";
import { parse } from "../../grammar/index.ts";
import type { SyntaxProblem } from "../../grammar/index.ts";

function problems(text: string): string[] {
  return parse(text, "test.flow").errors.map(describe_);
}

function describe_(problem: SyntaxProblem): string {
  return `${problem.span.start.line}:${problem.span.start.column} ${problem.kind}: ${problem.message}`;
}

const BROKEN = `import { Deck from "./types.flow"

type Evaluation {
  score: int
  verdict: Verdict
}

worker evaluate(deck: Deck) -> Evaluation {
  model: analyst
  instructions: "Score {{deck.name}}."
  max_turns: 4 4
}

flow run(decks: Deck[]) -> string {
  let xs = map d in decks (concurrency: 4) => evaluate(d
  let y =
  if xs { return "a" } else return "b"
  return join(xs, ", ")
}

tool t(x: int) -> int from "./t.ts" needs
enum E { a, b, }
`;

describe("syntax errors", () => {
  it("are all reported in one run, in source order, at the offending token", () => {
    expect(problems(BROKEN)).toEqual([
      "1:15 unexpected-token: expected `,` or `}`, found `from`",
      "11:16 unexpected-token: expected a setting such as `model: analyst` or `}`, found `4`",
      "16:3 unexpected-token: expected `,` or `)`, found keyword `let`",
      "17:3 unexpected-token: expected an expression, found keyword `if`",
      "17:29 unexpected-token: expected one of `if` or `{`, found keyword `return`",
      "22:1 missing-token: expected `approval`, found `enum`",
    ]);
  });

  it("fill `expected` and `found` for the diagnostic template", () => {
    const [first] = parse(BROKEN, "test.flow").errors;
    expect(first).toMatchObject({ expected: "`,` or `}`", found: "`from`" });
    expect(first!.span).toEqual({
      file: "test.flow",
      start: { offset: 14, line: 1, column: 15 },
      end: { offset: 18, line: 1, column: 19 },
    });
  });

  it("still produce every declaration around them", () => {
    const { ast } = parse(BROKEN, "test.flow");
    expect(ast.imports.map((i) => i.names.map((n) => n.name))).toEqual([["Deck"]]);
    expect(ast.decls.map((d) => d.name.name)).toEqual(["Evaluation", "evaluate", "run", "t", "E"]);
    const run = ast.decls[2] as FlowDecl;
    expect(run.body.statements.map((s) => s.kind)).toEqual(["Let", "Let", "If", "Return", "Return"]);
    // What recovery lost becomes a name "" that the checker skips.
    expect(run.body.statements[1]).toMatchObject({
      kind: "Let",
      name: { name: "y" },
      value: { kind: "Name", name: { name: "" } },
    });
  });

  it("describe types, statements and declarations in .flow terms", () => {
    expect(problems("type T { a: }")).toEqual([
      "1:13 unexpected-token: expected a type such as `string` or `Deck`, found `}`",
    ]);
    expect(problems("flow f() -> int { ) }")).toEqual([
      "1:19 unexpected-token: expected a statement or `}`, found `)`",
    ]);
    expect(problems("let x = 1")).toEqual([
      "1:1 unexpected-token: expected a declaration (`type`, `enum`, `model`, `worker`, `tool`, `flow` or `import`), found keyword `let`",
    ]);
    expect(problems('model m "id"')).toEqual(["1:9 missing-token: expected `=`, found a string"]);
    expect(problems("type T { a: string")).toEqual([
      "1:19 unexpected-token: expected a field such as `name: string` or `}`, found end of file",
    ]);
  });

  it("name what a list accepts after an item and after a comma, and drop one stray token", () => {
    expect(problems("flow f() -> int { g(a b) }")).toEqual(["1:23 unexpected-token: expected `,` or `)`, found `b`"]);
    expect(problems("flow f() -> int { g(a,, b) }")[0]).toBe(
      "1:23 unexpected-token: expected an argument or `)`, found `,`",
    );
    expect(problems("flow f() -> int { let x = [1 2] }")).toEqual([
      "1:30 unexpected-token: expected `,` or `]`, found `2`",
    ]);
    expect(problems("worker w(a: int,,) -> int {}")).toEqual([
      "1:17 unexpected-token: expected a parameter such as `deck: Deck` or `)`, found `,`",
    ]);
  });

  it("do not let hard keywords stand as names", () => {
    expect(problems("flow f() -> int { let map = 1 }")[0]).toBe(
      "1:23 missing-token: expected a name, found keyword `map`",
    );
  });

  it("require a new line or `;` between two statements on one line", () => {
    expect(problems("flow f() -> int {\n  return 1 2\n}")).toEqual([
      "2:12 missing-separator: expected a new line or `;` between statements",
    ]);
    expect(problems("flow f() -> int {\n  let a = 1 let b = 2\n  return a\n}")).toEqual([
      "2:13 missing-separator: expected a new line or `;` between statements",
    ]);
    expect(problems("flow f() -> int {\n  if a { return 1 } return 2\n}")).toEqual([
      "2:21 missing-separator: expected a new line or `;` between statements",
    ]);
    expect(problems("flow f() -> int { let a = 1; let b = 2; return a }")).toEqual([]);
    expect(problems("flow f() -> int {\n  let a = 1\n  return a }")).toEqual([]);
    const [problem] = parse("flow f() -> int { let a = 1 let b = 2 }", "test.flow").errors;
    expect(problem).toMatchObject({ expected: "a new line or `;`", found: "keyword `let`" });
  });

  it("report only the real error when recovery leaves two statements on its line", () => {
    expect(problems("flow f() -> int {\n  let x = 1 +\n  let y = ) 2\n}").filter((p) => p.includes("missing-separator"))).toEqual([]);
  });

  it("report a missing name with an empty Ident at the place it was expected", () => {
    const result = parse("type { a: int }", "test.flow");
    expect(result.errors.map(describe_)).toEqual(["1:6 missing-token: expected a name, found `{`"]);
    const type = result.ast.decls[0] as TypeDecl;
    expect(type.fields.map((f) => f.name.name)).toEqual(["a"]);
  });
});

describe("lexical errors", () => {
  it("report invalid characters as one problem per run and go on", () => {
    const result = parse("type T { a: int } $$ enum E { a } # type U {}", "test.flow");
    expect(result.errors.map(describe_)).toEqual([
      "1:19 invalid-character: invalid characters `$$`",
      "1:35 invalid-character: invalid character `#`",
    ]);
    expect(result.ast.decls.map((d) => d.name.name)).toEqual(["T", "E", "U"]);
  });

  it("show control characters and the backtick as escapes, other characters as they are", () => {
    expect(problems("type T {}\u0007 é`")).toEqual([
      "1:10 invalid-character: invalid character `\\u{7}`",
      "1:12 invalid-character: invalid characters `é\\u{60}`",
    ]);
  });
});
