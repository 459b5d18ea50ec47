// The text and JSON renderings of diagnostics.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderDiagnostics, summarize } from "../../compiler/diagnostics/render.ts";
import { D, diag } from "../../compiler/diagnostics/table.ts";
import type { Span } from "../../grammar/ast.ts";
import { checkText } from "./helpers.ts";

const FILE = "/project/examples/x.flow";
const SOURCE = ["flow f(deck: Deck) -> string {", "\tlet e = evaluat_deck(deck)", "  return e", "}", ""].join("\n");
const sources = new Map([[FILE, SOURCE]]);

function span(line: number, column: number, endLine: number, endColumn: number, file = FILE): Span {
  const lines = SOURCE.split("\n");
  const offset = (l: number, c: number) => lines.slice(0, l - 1).reduce((n, s) => n + s.length + 1, 0) + c - 1;
  return { file, start: { line, column, offset: offset(line, column) }, end: { line: endLine, column: endColumn, offset: offset(endLine, endColumn) } };
}

const unknown = diag(D.UnknownName, span(2, 10, 2, 22), ["evaluat_deck"], { hint: "did you mean `evaluate_deck`?" });
const duplicate = diag(D.DuplicateDeclaration, span(1, 6, 1, 7), ["f"], {
  related: [{ message: "first declared here as a flow", span: span(3, 3, 3, 9) }],
});
const warning = diag(D.UnreachableCode, span(3, 3, 4, 2), ["return"]);

describe("text", () => {
  it("renders rustc-style frames, sorted, relative to cwd, tabs expanded", () => {
    const text = renderDiagnostics([warning, unknown, duplicate], sources, { format: "text", color: false, cwd: "/project" });
    expect(text).toBe(
      [
        "examples/x.flow:1:6 error FLW201: `f` is declared more than once in this module",
        "  |",
        "1 | flow f(deck: Deck) -> string {",
        "  |      ^",
        "  = help: rename or remove one of them",
        "  = note: first declared here as a flow",
        " --> examples/x.flow:3:3",
        "  |",
        "3 |   return e",
        "  |   ^^^^^^",
        "",
        "examples/x.flow:2:10 error FLW203: unknown name `evaluat_deck`",
        "  |",
        "2 |     let e = evaluat_deck(deck)",
        "  |             ^^^^^^^^^^^^",
        "  = help: did you mean `evaluate_deck`?",
        "",
        "examples/x.flow:3:3 warning FLW413: unreachable statement",
        "  |",
        "3 |   return e",
        "  |   ^^^^^^^^",
        "  = help: remove it, or move it before the `return`",
        "",
      ].join("\n"),
    );
  });

  it("colors only when asked", () => {
    const plain = renderDiagnostics([unknown], sources, { format: "text", color: false, cwd: "/project" });
    const colored = renderDiagnostics([unknown], sources, { format: "text", color: true, cwd: "/project" });
    expect(plain).not.toContain("\u001b[");
    expect(colored).toContain("\u001b[");
    expect(colored.replace(/\u001b\[\d+m/g, "")).toBe(plain);
  });

  it("renders a diagnostic without a source as its header line", () => {
    const missing = diag(D.FileUnreadable, span(1, 1, 1, 1, "/project/none.flow"), ["`none.flow`", "no such file"]);
    expect(renderDiagnostics([missing], sources, { format: "text", color: false, cwd: "/project" })).toBe(
      "none.flow:1:1 error FLW210: cannot read `none.flow`: no such file\n",
    );
  });

  it("summarizes counts", () => {
    expect(summarize([unknown, duplicate, warning])).toBe("2 errors, 1 warning");
    expect(summarize([warning])).toBe("1 warning");
    expect(summarize([])).toBe("no problems");
  });
});

describe("json", () => {
  it("is an array of flat records with a stable key order", () => {
    const json = renderDiagnostics([unknown, duplicate], sources, { format: "json", color: true, cwd: "/project" });
    const parsed = JSON.parse(json) as Record<string, unknown>[];
    expect(parsed).toEqual([
      {
        file: "examples/x.flow",
        line: 1,
        column: 6,
        endLine: 1,
        endColumn: 7,
        severity: "error",
        code: "FLW201",
        message: "`f` is declared more than once in this module",
        hint: "rename or remove one of them",
        related: [{ message: "first declared here as a flow", file: "examples/x.flow", line: 3, column: 3, endLine: 3, endColumn: 9 }],
      },
      {
        file: "examples/x.flow",
        line: 2,
        column: 10,
        endLine: 2,
        endColumn: 22,
        severity: "error",
        code: "FLW203",
        message: "unknown name `evaluat_deck`",
        hint: "did you mean `evaluate_deck`?",
        related: [],
      },
    ]);
    expect(Object.keys(parsed[0]!)).toEqual(["file", "line", "column", "endLine", "endColumn", "severity", "code", "message", "hint", "related"]);
    expect(json).not.toContain("\u001b[");
  });

  it("renders a real check", () => {
    const { diagnostics, sources: real, dir } = checkText("flow f() -> string {\n  return g()\n}\n");
    const parsed = JSON.parse(renderDiagnostics(diagnostics, real, { format: "json", color: false, cwd: dir }));
    expect(parsed).toMatchObject([{ file: "main.flow", line: 2, column: 10, code: "FLW203", hint: null }]);
    expect(path.isAbsolute(parsed[0].file)).toBe(false);
  });
});
