import { describe, expect, it } from "vitest";
import type { Expr, FlowDecl, Span, Stmt } from "../../grammar/ast.ts";
import { parse } from "../../grammar/index.ts";

function body(statements: string): readonly Stmt[] {
  const result = parse(`flow f() -> int {\n${statements}\n}`, "test.flow");
  expect(result.errors).toEqual([]);
  return (result.ast.decls[0] as FlowDecl).body.statements;
}

function expr(text: string): Expr {
  const [statement] = body(`let x = ${text}`);
  if (statement?.kind !== "Let") throw new Error("expected a let");
  return statement.value;
}

/** The expression as a fully parenthesised string, to assert precedence and associativity. */
function show(e: Expr): string {
  switch (e.kind) {
    case "Binary":
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case "Unary":
      return `(${e.op} ${show(e.operand)})`;
    case "Name":
      return e.name.name;
    case "Member":
      return `${show(e.object)}.${e.property.name}`;
    case "Number":
      return String(e.value);
    case "String":
      return JSON.stringify(e.value);
    case "Bool":
      return String(e.value);
    case "Call":
      return `${e.callee.name}(${e.args.map((a) => (a.name ? `${a.name.name}: ` : "") + show(a.value)).join(", ")})`;
    case "Array":
      return `[${e.elements.map(show).join(", ")}]`;
    case "Object":
      return `{${e.entries.map((entry) => `${entry.key.name}: ${show(entry.value)}`).join(", ")}}`;
    case "Map":
    case "Filter":
      return `${e.kind.toLowerCase()} ${e.binder.name} in ${show(e.source)} (${e.options.map((a) => `${a.name?.name}: ${show(a.value)}`).join(", ")}) => ${show(e.body)}`;
    case "Reduce":
      return `reduce ${show(e.source)} with ${e.fn.name} (${e.options.map((a) => `${a.name?.name}: ${show(a.value)}`).join(", ")})`;
  }
}

/** "line:column-line:column", lines counted from the first line of the flow body. */
function at(span: Span): string {
  return `${span.start.line - 1}:${span.start.column}-${span.end.line - 1}:${span.end.column}`;
}

describe("statements", () => {
  it("parses every statement form, with or without `;`", () => {
    const statements = body(`let a = 1
a = a + 1;
save(a)
if a > 1 { break } else if a < 0 { return } else { return a }
repeat (max: 3) { a = 2; break }
return`);
    expect(statements.map((s) => s.kind)).toEqual(["Let", "Assign", "ExprStmt", "If", "Repeat", "Return"]);
    const [let_, assign, call, if_, repeat, ret] = statements;
    expect(let_).toMatchObject({ kind: "Let", name: { name: "a" }, value: { kind: "Number", value: 1 } });
    expect(assign).toMatchObject({ kind: "Assign", target: { name: "a" }, value: { kind: "Binary", op: "+" } });
    expect(call).toMatchObject({ kind: "ExprStmt", expr: { kind: "Call", callee: { name: "save" } } });
    expect(if_).toMatchObject({
      kind: "If",
      condition: { kind: "Binary", op: ">" },
      then: { kind: "Block", statements: [{ kind: "Break" }] },
      else: {
        kind: "If",
        condition: { kind: "Binary", op: "<" },
        then: { statements: [{ kind: "Return" }] },
        else: { kind: "Block", statements: [{ kind: "Return", value: { kind: "Name" } }] },
      },
    });
    expect(repeat).toMatchObject({
      kind: "Repeat",
      options: [{ name: { name: "max" }, value: { kind: "Number", value: 3, integer: true } }],
      body: { statements: [{ kind: "Assign" }, { kind: "Break" }] },
    });
    expect(ret).toEqual({ kind: "Return", span: ret!.span });
    expect(at(let_!.span)).toBe("1:1-1:10");
    expect(at(assign!.span)).toBe("2:1-2:10");
    expect(at(if_!.span)).toBe("4:1-4:62");
  });

  it("lets soft keywords (declaration words) name variables, parameters and properties", () => {
    const result = parse(
      "flow f(type: string, model: int) -> int {\n  let tool = model.from\n  return tool\n}",
      "t.flow",
    );
    expect(result.errors).toEqual([]);
    const flow = result.ast.decls[0] as FlowDecl;
    expect(flow.params.map((p) => p.name.name)).toEqual(["type", "model"]);
    expect(flow.body.statements[0]).toMatchObject({ kind: "Let", name: { name: "tool" }, value: { kind: "Member" } });
  });

  it("reads `return` followed by `}` as returning nothing", () => {
    const [statement] = body("if ok { return }");
    expect(statement).toMatchObject({ kind: "If", then: { statements: [{ kind: "Return" }] } });
    expect(statement!.kind === "If" && "value" in statement.then.statements[0]!).toBe(false);
  });
});

describe("expression precedence", () => {
  it.each([
    ["a or b and c", "(a or (b and c))"],
    ["not a == b", "(not (a == b))"],
    ["not not a", "(not (not a))"],
    ["not a == b and c", "((not (a == b)) and c)"],
    ["a and not b or c", "((a and (not b)) or c)"],
    ["not -a + 1 > b", "(not (((- a) + 1) > b))"],
    ["a or not b and c", "(a or ((not b) and c))"],
    ["a == b + c * d", "(a == (b + (c * d)))"],
    ["a - b - c", "((a - b) - c)"],
    ["a / b * c", "((a / b) * c)"],
    ["-a.b * 2", "((- a.b) * 2)"],
    ["a - -b", "(a - (- b))"],
    ["(a + b) * c", "((a + b) * c)"],
    ["a <= b and c != d or e >= f", "(((a <= b) and (c != d)) or (e >= f))"],
    ["x.y.z < 3", "(x.y.z < 3)"],
    ["Verdict.invest", "Verdict.invest"],
  ])("%s", (source, expected) => {
    expect(show(expr(source))).toBe(expected);
  });

  it("spans a binary expression over both operands and keeps the operator's own span", () => {
    const e = expr("(a + b) * c");
    expect(e.kind).toBe("Binary");
    expect(at(e.span)).toBe("1:9-1:20");
    if (e.kind === "Binary") expect(at(e.opSpan)).toBe("1:17-1:18");
    const not = expr("not -a == (b)");
    expect(not).toMatchObject({ kind: "Unary", op: "not", operand: { kind: "Binary", left: { kind: "Unary", op: "-" } } });
    expect(at(not.span)).toBe("1:9-1:22");
    if (not.kind === "Unary" && not.operand.kind === "Binary") {
      expect(at(not.operand.span)).toBe("1:13-1:22");
      expect(at(not.operand.left.span)).toBe("1:13-1:15");
      expect(at(not.operand.right.span)).toBe("1:20-1:21");
    }
  });
});

describe("primary expressions", () => {
  it("reads literals", () => {
    expect(expr("42")).toMatchObject({ kind: "Number", value: 42, integer: true });
    expect(expr("4.5")).toMatchObject({ kind: "Number", value: 4.5, integer: false });
    expect(expr("1e3")).toMatchObject({ kind: "Number", value: 1000, integer: false });
    expect(expr("true")).toMatchObject({ kind: "Bool", value: true });
    expect(expr("false")).toMatchObject({ kind: "Bool", value: false });
    expect(expr('"hi"')).toMatchObject({ kind: "String", value: "hi", triple: false });
  });

  it("reads arrays and objects, trailing commas allowed", () => {
    expect(show(expr("[a, 1, [],]"))).toBe("[a, 1, []]");
    expect(show(expr('{ k: 1, name: "x", }'))).toBe('{k: 1, name: "x"}');
    expect(show(expr("{ a: 1\n b: 2 }"))).toBe("{a: 1, b: 2}");
    expect(show(expr("{}"))).toBe("{}");
  });

  it("reads calls with positional and named arguments", () => {
    const call = expr("split(document, max_chars: 8000, overlap: 200,)");
    expect(show(call)).toBe("split(document, max_chars: 8000, overlap: 200)");
    expect(call).toMatchObject({
      kind: "Call",
      args: [{ value: { kind: "Name" } }, { name: { name: "max_chars" } }, {}],
    });
    expect(at(call.span)).toBe("1:9-1:56");
    expect(show(expr("f()"))).toBe("f()");
    expect(show(expr("model(type: 1)"))).toBe("model(type: 1)");
  });

  it("reads map, filter and reduce with or without options", () => {
    expect(show(expr("map d in decks (concurrency: 4) => evaluate(d)"))).toBe(
      "map d in decks (concurrency: 4) => evaluate(d)",
    );
    expect(show(expr("map c in split(doc, max_chars: 8000) => summarize(c)"))).toBe(
      "map c in split(doc, max_chars: 8000) () => summarize(c)",
    );
    expect(show(expr("filter e in evals => e.score > 5"))).toBe("filter e in evals () => (e.score > 5)");
    expect(show(expr("filter e in a.b (concurrency: 2) => e.ok"))).toBe("filter e in a.b (concurrency: 2) => e.ok");
    expect(show(expr("reduce notes with merge (batch: 8)"))).toBe("reduce notes with merge (batch: 8)");
    expect(show(expr("reduce notes with merge"))).toBe("reduce notes with merge ()");
    expect(show(expr("reduce map x in xs => f(x) with merge"))).toBe("reduce map x in xs () => f(x) with merge ()");
  });
});

describe("the call-paren rule", () => {
  it("makes `name(` a call and `name (` an options group", () => {
    expect(show(expr("map x in xs(concurrency: 4) => x"))).toBe("map x in xs(concurrency: 4) () => x");
    expect(show(expr("map x in xs (concurrency: 4) => x"))).toBe("map x in xs (concurrency: 4) => x");
  });

  it("treats `(` after a keyword as grouping", () => {
    expect(show(expr("not(a)"))).toBe("(not a)");
    const [statement] = body("if(a) { return(b) }");
    expect(statement).toMatchObject({
      kind: "If",
      condition: { kind: "Name" },
      then: { statements: [{ kind: "Return", value: { kind: "Name" } }] },
    });
    expect(body("repeat(max: 2) { break }")[0]).toMatchObject({ kind: "Repeat", options: [{ name: { name: "max" } }] });
  });

  it("accepts `with f(batch: 8)`, where the name cannot be called", () => {
    expect(show(expr("reduce xs with f(batch: 8)"))).toBe("reduce xs with f (batch: 8)");
  });

  it("reports `f (x)` and still reads it as the call that was meant", () => {
    const result = parse("flow g() -> int {\n  save_report (path: p)\n  return 1\n}", "test.flow");
    expect(result.errors.map((e) => [e.kind, e.message, e.span.start.line, e.span.start.column])).toEqual([
      [
        "space-before-call",
        "unexpected space between `save_report` and `(`; a call is written `save_report(...)`",
        2,
        14,
      ],
    ]);
    const flow = result.ast.decls[0] as FlowDecl;
    expect(flow.body.statements[0]).toMatchObject({
      kind: "ExprStmt",
      expr: { kind: "Call", callee: { name: "save_report" } },
    });
  });
});

describe("return values", () => {
  it("start on the line of `return`: a value on the next line is a statement of its own", () => {
    const statements = body("  return\n  save(x)");
    expect(statements.map((s) => s.kind)).toEqual(["Return", "ExprStmt"]);
    expect((statements[0] as Extract<Stmt, { kind: "Return" }>).value).toBeUndefined();
  });

  it("may continue over lines once started", () => {
    const [statement] = body("  return join(\n    xs,\n    sep)");
    expect(statement?.kind === "Return" && statement.value?.kind).toBe("Call");
    const [binary] = body("  return a +\n    b");
    expect(binary?.kind === "Return" && binary.value !== undefined && show(binary.value)).toBe("(a + b)");
  });

  it("may be left out before `}` on the same line", () => {
    const [statement] = body("  if done { return }");
    expect(statement?.kind === "If" && statement.then.statements[0]).toMatchObject({ kind: "Return" });
  });
});
