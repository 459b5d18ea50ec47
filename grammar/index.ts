// The front end's one entry point: text in, AST and syntax problems out.
// It never throws: lexing and parsing recover from errors, and the AST is
// built from whatever the parser kept.
import { EOF } from "chevrotain";
import type { IRecognitionException } from "chevrotain";
import type { Module } from "./ast.ts";
import { DocComments } from "./docs.ts";
import { formatMessage, splitMessage } from "./errors.ts";
import { lex } from "./lexer.ts";
import { parseTokens } from "./parser.ts";
import type { SyntaxProblem } from "./problems.ts";
import { SourceText } from "./source.ts";
import { buildModule } from "./to-ast.ts";

export type { SyntaxProblem, SyntaxProblemKind } from "./problems.ts";

export interface ParseResult {
  readonly ast: Module;
  /** Lexical and syntax problems, in source order. */
  readonly errors: readonly SyntaxProblem[];
}

export function parse(text: string, file: string): ParseResult {
  const source = new SourceText(text, file);
  try {
    const lexed = lex(source);
    const parsed = parseTokens(lexed.tokens);
    const ast = buildModule(
      { source, strings: lexed.strings, docs: new DocComments(source, lexed.comments) },
      parsed.cst,
    );
    const problems = [...lexed.problems, ...parsed.errors.map((error) => syntaxProblem(source, error))];
    return { ast, errors: inSourceOrder(dedupe(problems)) };
  } catch (error) {
    // Only pathological input gets here (thousands of nested brackets
    // overflow the recursive descent); a bug must not take the compiler down
    // either. Report it at the start of the file, with an empty module.
    const message =
      error instanceof RangeError
        ? "this file is nested too deeply to parse"
        : `internal parser error: ${error instanceof Error ? error.message : String(error)}`;
    return {
      ast: { kind: "Module", imports: [], decls: [], comments: [], span: source.span(0, text.length) },
      errors: [
        {
          kind: error instanceof RangeError ? "too-deeply-nested" : "unexpected-token",
          message,
          span: source.span(0, 0),
        },
      ],
    };
  }
}

function syntaxProblem(source: SourceText, error: IRecognitionException): SyntaxProblem {
  const token = error.token;
  const atEnd = token.tokenType === EOF || !Number.isFinite(token.startOffset);
  const span = atEnd
    ? source.span(source.text.length, source.text.length)
    : source.span(token.startOffset, token.startOffset + token.image.length);
  const parts = splitMessage(error.message);
  if (!parts) return { kind: "unexpected-token", message: error.message, span };
  // A mismatch against one specific token (`)`, `=`, a string) means it is missing; a
  // mismatch with alternatives ("a statement or `}`") is stray input instead.
  const missing = error.name === "MismatchedTokenException" && !parts.expected.includes(" or ");
  const kind = missing ? "missing-token" : "unexpected-token";
  return { kind, message: formatMessage(parts), span, expected: parts.expected, found: parts.found };
}

/** Recovery can report the same token twice; one problem per place is enough. */
function dedupe(problems: readonly SyntaxProblem[]): SyntaxProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.span.start.offset}:${problem.span.end.offset}:${problem.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function inSourceOrder(problems: SyntaxProblem[]): SyntaxProblem[] {
  return problems.sort((a, b) => a.span.start.offset - b.span.start.offset);
}
