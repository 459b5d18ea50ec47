import { describe, expect, it } from "vitest";
import type { ModelDecl, Span, TypeDecl } from "../../grammar/ast.ts";
import { parse } from "../../grammar/index.ts";

/** Parses `model m = <literal>` and returns the literal and the problems. */
function literal(source: string) {
  const text = `model m = ${source}`;
  const result = parse(text, "test.flow");
  const decl = result.ast.decls[0] as ModelDecl;
  return { string: decl.id, errors: result.errors, text };
}

function value(source: string): string {
  const { string, errors } = literal(source);
  expect(errors).toEqual([]);
  return string.value;
}

/** The source text a span covers, and where it starts. */
function covered(text: string, span: Span): string {
  return `${span.start.line}:${span.start.column} ${text.slice(span.start.offset, span.end.offset)}`;
}

describe('"..." strings', () => {
  it("decode escapes", () => {
    expect(value(String.raw`"a\nb\tc\rd\"e\\f"`)).toBe('a\nb\tc\rd"e\\f');
    expect(value(String.raw`"\u{1F600} \u00e9 \u{41}"`)).toBe("\u{1F600} \u00e9 A");
    expect(value(String.raw`"\uD83D\uDE00"`)).toBe("\u{1F600}");
    expect(value('""')).toBe("");
  });

  it("report unknown and malformed escapes at the escape", () => {
    const { string, errors } = literal(String.raw`"a\qb \u{110000} \u12 \u{zz}"`);
    expect(errors.map((e) => [e.kind, e.span.start.column, e.span.end.column, e.found])).toEqual([
      ["invalid-escape", 13, 15, "`\\q`"],
      ["invalid-escape", 17, 27, "`\\u{110000}`"],
      ["invalid-escape", 28, 32, "`\\u12`"],
      ["invalid-escape", 33, 39, "`\\u{zz}`"],
    ]);
    expect(errors[0]!.message).toBe('unknown escape `\\q`; expected one of `\\n` `\\t` `\\r` `\\"` `\\\\` `\\u{XXXX}`');
    expect(string.value).toBe(String.raw`a\qb \u{110000} \u12 \u{zz}`);
  });

  it("report a missing closing quote and keep the text up to the end of the line", () => {
    const result = parse('model m = "gpt-4\nmodel n = "ok"', "test.flow");
    expect(result.errors.map((e) => [e.kind, e.message, e.span.start.line, e.span.start.column])).toEqual([
      ["unterminated-string", 'unterminated string: missing the closing `"` on this line', 1, 11],
    ]);
    expect(result.ast.decls.map((d) => (d as ModelDecl).id.value)).toEqual(["gpt-4", "ok"]);
  });
});

describe('"""...""" strings', () => {
  it("drop the first line break, the closing line and the common indentation", () => {
    const text = `"""
    You are an investor.
      Indented more.

    Last line.
  """`;
    expect(value(text)).toBe("You are an investor.\n  Indented more.\n\nLast line.");
  });

  it("keep a closing line that has text, and text right after the opening quotes", () => {
    expect(value('"""\n  one\n  two"""')).toBe("one\ntwo");
    expect(value('"""first\n    second\n    """')).toBe("first\nsecond");
    expect(value('"""  on one line """')).toBe("  on one line ");
    expect(value('""""""')).toBe("");
    expect(value('"""\n"""')).toBe("");
  });

  it("are raw: backslashes and quotes stay as written", () => {
    expect(value('"""\n  say "hi" \\n now\n"""')).toBe('say "hi" \\n now');
    expect(value('"""ends with a quote""""')).toBe('ends with a quote"');
  });

  it("turn CRLF into LF and whitespace-only lines into empty lines", () => {
    expect(value('"""\r\n    a\r\n      \r\n    b\r\n  """')).toBe("a\n\nb");
  });

  it("dedent tabs and spaces only by a shared prefix", () => {
    expect(value('"""\n\t\ta\n\t\tb\n\t"""')).toBe("a\nb");
    expect(value('"""\n\t a\n  b\n"""')).toBe("\t a\n  b");
  });

  it('report a missing closing `"""` at the opening quotes', () => {
    const { errors } = literal('"""\n  never closed\n');
    expect(errors.map((e) => [e.kind, e.span.start.line, e.span.start.column, e.span.end.column])).toEqual([
      ["unterminated-string", 1, 11, 14],
    ]);
  });
});

describe("{{path}} templates", () => {
  it("are found in plain strings with exact spans, after escapes too", () => {
    const { string, text } = literal(String.raw`"\u{1F600}\t{{deck.name}} and {{ topic }}"`);
    expect(string.templates.map((t) => t.path)).toEqual([["deck", "name"], ["topic"]]);
    expect(string.templates.map((t) => covered(text, t.span))).toEqual(["1:23 {{deck.name}}", "1:41 {{ topic }}"]);
    expect(string.value).toBe("\u{1F600}\t{{deck.name}} and {{ topic }}");
  });

  it("are found in dedented strings at their place in the source", () => {
    const source = `"""
      Score "{{deck.name}}".
        Also {{a.b.c}}{{x}}
    """`;
    const { string, text } = literal(source);
    expect(string.templates.map((t) => covered(text, t.span))).toEqual([
      "2:14 {{deck.name}}",
      "3:14 {{a.b.c}}",
      "3:23 {{x}}",
    ]);
    expect(string.value).toBe('Score "{{deck.name}}".\n  Also {{a.b.c}}{{x}}');
  });

  it("leave braces that do not start a path alone", () => {
    const { string, errors } = literal('"{{ }} {{\\"json\\": 1}} {{{x}}}"');
    expect(errors).toEqual([]);
    expect(string.templates.map((t) => t.path)).toEqual([["x"]]);
  });

  it("report a path that is not closed or not a path", () => {
    const { errors } = literal('"{{deck.}} {{deck name}} {{a[0]}}"');
    expect(errors.map((e) => [e.kind, e.span.start.column])).toEqual([
      ["invalid-template", 12],
      ["invalid-template", 22],
      ["invalid-template", 36],
    ]);
    expect(errors[0]!.message).toBe("expected a name after `.` in template; template paths look like `{{deck.name}}`");
    expect(errors[1]!.message).toBe("expected `}}` to close the template; template paths look like `{{deck.name}}`");
  });

  it("are found in literal union members like in any string", () => {
    const result = parse('type T { s: "{{a}}" }', "test.flow");
    const type = (result.ast.decls[0] as TypeDecl).fields[0]!.type;
    expect(type.kind === "LiteralUnion" && type.members[0]!.templates.map((t) => t.path)).toEqual([["a"]]);
  });
});
