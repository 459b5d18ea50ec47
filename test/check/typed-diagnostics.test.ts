// The diagnostics table types its builders: each entry names its arguments,
// `diag` and `help` take exactly that many (the @ts-expect-error lines are
// checked by `npm run typecheck`), and the texts use exactly those
// placeholders. Each kind of syntax problem has a code of its own.
import { describe, expect, it } from "vitest";
import { H, help } from "../../compiler/diagnostics/hints.ts";
import { D, diag, type DiagnosticTemplate } from "../../compiler/diagnostics/table.ts";
import type { Span } from "../../grammar/ast.ts";
import { checkText, codes } from "./helpers.ts";

const at = { offset: 0, line: 1, column: 1 };
const span: Span = { file: "x.flow", start: at, end: at };

/** The `{n}` placeholders a text uses, in order of first use. */
function placeholders(text: string | undefined): number[] {
  return [...new Set([...(text ?? "").matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])))];
}

describe("typed diagnostics", () => {
  it("a template's message and hint use each named argument, and no other", () => {
    const wrong = Object.entries(D).flatMap(([name, t]: [string, DiagnosticTemplate]) => {
      const used = [...placeholders(t.message), ...placeholders(t.hint)];
      const expected = t.args.map((_, i) => i);
      return new Set(used).size === expected.length && used.every((i) => i < t.args.length) ? [] : [`${t.code} ${name}`];
    });
    expect(wrong).toEqual([]);
  });

  it("a help line uses each named argument, and no other", () => {
    for (const [name, h] of Object.entries(H)) {
      expect([...placeholders(h.text)].sort(), name).toEqual(h.args.map((_, i) => i));
    }
  });

  it("builds the message and hint from exactly the named arguments", () => {
    expect(diag(D.UnknownField, span, ["Deck", "titel"])).toEqual({ code: "FLW206", severity: "error", message: "`Deck` has no field `titel`", span });
    expect(diag(D.EmptyEnum, span, ["Verdict"]).hint).toBe("list its members: `enum Verdict { first, second }`");
    expect(diag(D.PositionalAfterNamed, span).message).toBe("positional argument after a named argument");
    expect(help(H.WholeNumber, ["max", 5])).toBe("write a whole number, like `max: 5`");
    // @ts-expect-error UnknownName names one argument
    diag(D.UnknownName, span, []);
    // @ts-expect-error UnknownName names one argument
    diag(D.UnknownName, span, ["a", "b"]);
    // @ts-expect-error UnknownName names one argument
    diag(D.UnknownName, span);
    // @ts-expect-error PositionalAfterNamed names none
    diag(D.PositionalAfterNamed, span, ["x"]);
    // @ts-expect-error WholeNumber names two
    help(H.WholeNumber, ["max"]);
  });

  it("gives each kind of syntax problem its own code", () => {
    expect(codes(checkText("flow f() -> string {\n  return 'text'\n}\n").diagnostics)).toEqual(["FLW111"]);
    expect(codes(checkText("flow f(xs: int[]) -> int {\n  return xs[0]\n}\n").diagnostics)).toEqual(["FLW112"]);
    expect(codes(checkText("flow f() -> int {\n  let a = 1 let b = 2\n  return a + b\n}\n").diagnostics)).toEqual(["FLW113"]);
    expect(codes(checkText("type T { a int }\n").diagnostics)).toEqual(["FLW104"]);
    expect(codes(checkText("flow f() -> int {\n  return 1 +\n}\n").diagnostics)).toEqual(["FLW101"]);
  });
});
