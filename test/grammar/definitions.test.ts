// The lexer and parser start with chevrotain's definition checks off (they cost
// most of the start-up time of `flowc check`); here they run, so a token or
// rule change that makes the grammar ambiguous or a pattern unusable fails.
import { Lexer } from "chevrotain";
import { expect, test, vi } from "vitest";
import { LEXER_CONFIG } from "../../grammar/lexer.ts";
import { FlowParser } from "../../grammar/parser.ts";
import * as t from "../../grammar/tokens.ts";

test("the token definitions pass chevrotain's validations, without warnings", () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  try {
    // Definition errors throw here; warnings are printed with console.warn.
    const lexer = new Lexer(t.allTokens, { ...LEXER_CONFIG, skipValidations: false });
    expect(lexer.lexerDefinitionErrors).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  } finally {
    warn.mockRestore();
  }
});

test("the grammar passes chevrotain's validations (no ambiguity, no left recursion)", () => {
  // performSelfAnalysis throws on any definition error.
  expect(() => new FlowParser(true)).not.toThrow();
});
