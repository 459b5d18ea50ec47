// The front end's one entry point: text in, AST and syntax problems out.
// It never throws: lexing and parsing recover from errors, and the AST is
// built from whatever the parser kept.
import { EOF } from "chevrotain";
import type { IRecognitionException, IToken } from "chevrotain";
import type { Module } from "./ast.ts";
import { DocComments } from "./docs.ts";
import { formatMessage, splitMessage } from "./errors.ts";
import { lex } from "./lexer.ts";
import { groupDigits, MAX_NESTING, MAX_TOKENS, NESTING_HINT, TOO_LARGE_HINT } from "./limits.ts";
import { firstTooDeep, headSpan } from "./nesting.ts";
import { NestingLimit } from "./parser-expressions.ts";
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
    if (lexed.tokens.length > MAX_TOKENS) return failed(source, tooLarge(source, lexed.tokens.length));
    const parsed = parseTokens(lexed.tokens);
    const shapeProblems: SyntaxProblem[] = [];
    const built = buildModule(
      { source, strings: lexed.strings, docs: new DocComments(source, lexed.comments), problems: shapeProblems },
      parsed.cst,
    );
    const { ast, deep } = withinNesting(built);
    const explained = new Set<number>();
    const parseProblems = parsed.errors.map((error) => syntaxProblem(source, error, explained));
    const problems = [...lexed.problems, ...firstPerLine(parseProblems, explained), ...deep];
    // After a real syntax error on the same line, recovery may leave two
    // statements side by side: that one error is enough.
    const errorLines = new Set(problems.map((p) => p.span.start.line));
    problems.push(...shapeProblems.filter((p) => !errorLines.has(p.span.start.line)));
    return { ast, errors: inSourceOrder(dedupe(problems)) };
  } catch (error) {
    // The parser stops at MAX_PARSER_DEPTH open rules (parser-expressions.ts).
    if (error instanceof NestingLimit) return failed(source, tooDeep(source, error.token));
    // A bug must not take the compiler down: report it with an empty module.
    const message = `internal parser error: ${error instanceof Error ? error.message : String(error)}`;
    return failed(source, { kind: "internal", message, span: source.span(0, 0) });
  }
}

/** An empty module and the one problem that stopped reading the file. */
function failed(source: SourceText, problem: SyntaxProblem): ParseResult {
  return {
    ast: { kind: "Module", imports: [], decls: [], comments: [], span: source.span(0, source.text.length) },
    errors: [problem],
  };
}

function tooDeep(source: SourceText, token: IToken): SyntaxProblem {
  const at = token.tokenType === EOF || !Number.isFinite(token.startOffset) ? source.text.length : token.startOffset;
  const span = source.span(at, at + (at === source.text.length ? 0 : token.image.length));
  return { kind: "too-deeply-nested", message: nestingMessage(), span, hint: NESTING_HINT };
}

function nestingMessage(): string {
  return `nested too deeply: more than ${MAX_NESTING} levels`;
}

/** The module without its declarations that are nested deeper than MAX_NESTING, and a problem for each of them. */
function withinNesting(module: Module): { ast: Module; deep: SyntaxProblem[] } {
  const deep: SyntaxProblem[] = [];
  const decls = module.decls.filter((decl) => {
    const node = firstTooDeep(decl);
    if (node === undefined) return true;
    deep.push({ kind: "too-deeply-nested", message: nestingMessage(), span: headSpan(node), hint: NESTING_HINT });
    return false;
  });
  return { ast: deep.length === 0 ? module : { ...module, decls }, deep };
}

function tooLarge(source: SourceText, tokens: number): SyntaxProblem {
  return {
    kind: "too-large",
    message: `file too large: ${groupDigits(tokens)} tokens, more than the ${groupDigits(MAX_TOKENS)} that flowc reads from one file`,
    span: source.span(0, 0),
    hint: TOO_LARGE_HINT,
  };
}

/** `explained` collects the lines whose error's hint covers the rest of the line. */
function syntaxProblem(source: SourceText, error: IRecognitionException, explained: Set<number>): SyntaxProblem {
  const token = error.token;
  const atEnd = token.tokenType === EOF || !Number.isFinite(token.startOffset);
  const span = atEnd
    ? source.span(source.text.length, source.text.length)
    : source.span(token.startOffset, token.startOffset + token.image.length);
  const parts = splitMessage(error.message);
  // Every message comes from errorMessageProvider (errors.ts); one that does not is a bug here.
  if (!parts) return { kind: "internal", message: `internal parser error: unreadable message ${JSON.stringify(error.message)}`, span };
  // A mismatch against one specific token (`)`, `=`, a string) means it is missing; a
  // mismatch with alternatives ("a statement or `}`") is stray input instead.
  const missing = error.name === "MismatchedTokenException" && !parts.expected.includes(" or ");
  const kind = missing ? "missing-token" : "unexpected-token";
  const problem: SyntaxProblem = { kind, message: formatMessage(parts), span, expected: parts.expected, found: parts.found };
  const lineStart = source.lineStart(span.start.offset);
  const lineEnd = source.text.indexOf("\n", lineStart);
  const line = source.text.slice(lineStart, lineEnd === -1 ? source.text.length : lineEnd);
  const habit = habitHint(parts.expected, parts.found, line);
  if (habit === undefined) return problem;
  if (habit.wholeLine) explained.add(problem.span.start.line);
  return { ...problem, hint: habit.hint };
}

/**
 * What to write instead, for the syntax of other languages that people type
 * without thinking. `line` is the whole source line of the error.
 */
function habitHint(expected: string, found: string, line: string): { hint: string; wholeLine: boolean } | undefined {
  const hint = habitText(expected, found, line);
  if (hint === undefined) return undefined;
  // A hint marked "!" also explains what recovery trips over later on the line.
  return { hint: hint.replace(/^!/, ""), wholeLine: hint.startsWith("!") };
}

function habitText(expected: string, found: string, line: string): string | undefined {
  // `f(name = value)`
  if (found === "`=`" && expected === "`,` or `)`") return "!a named argument is written `name: value`";
  // `a || b` lexes as two `|` (the separator of literal unions).
  if (found === "`|`") return "write `or`; `|` only separates the members of a literal union type";
  // `let s: string = ...`
  if (found === "`:`" && expected === "`=`" && /^\s*let\b/.test(line)) {
    return "a `let` has no type annotation: it takes the type of its value (`let name = value`)";
  }
  // `instructions = "..."`, `type T = { ... }`
  if (found === "`=`" && expected === "`:`") return "settings and fields are written `name: value`";
  if (found === "`=`" && expected === "`{`" && /^\s*type\b/.test(line)) return "a record is declared `type Name { field: Type }`";
  // `flow f(x: int) {`, `worker w(x: T): T {`
  if (expected === "`->`") return "the result type follows `->`: `(params) -> Type` (a flow without a result is `-> void`)";
  // `type T { a: string; b: int }`
  if (found === "`;`" && expected.startsWith("a field")) return "fields are separated by new lines or `,`";
  // `if x > 1 return y`
  if (expected === "`{`" && /^\s*(\}\s*else\s+)?if\b/.test(line)) return "the branches of `if` are blocks: `if condition { ... } else { ... }`";
  // `repeat 5 { }`, `repeat max: 5 { }`
  if (/^\s*repeat\b/.test(line) && (expected === "`(`" || expected === "an option such as `concurrency: 4` or `)`")) return "!write `repeat (max: 5) { ... }`";
  // `let y = if ...`, `x > 1 ? a : b`
  if (found === "keyword `if`" && expected === "an expression") {
    return "`if` is a statement, not a value: declare the variable first (`let y = ...`) and assign it in each branch";
  }
  if (found === "`?`" && !/^\s*\w+\s*\??\s*:/.test(line)) return "!there is no `? :`: use `if` / `else` and assign in each branch";
  // `for x in xs { }`, `while ok { }`
  if (/^\s*(for|while|foreach)\b/.test(line)) return "!there are no `for` or `while` loops: use `map x in xs => ...` over a list, or `repeat (max: N) { ... }`";
  // `map(xs, f)`, `reduce(xs, f)`
  if (/\b(map|filter|reduce)\(/.test(line)) {
    return "!`map`, `filter` and `reduce` are not functions: `map x in xs => body`, `filter x in xs => condition`, `reduce xs with f`";
  }
  // `x += 1`
  if (found === "`=`" && /[+\-*/]=/.test(line)) return "there is no `+=`: write `x = x + 1`";
  // `text.trim()`
  if (found === "`(`" && /\.\w+\(/.test(line)) return "!values have no methods: use a built-in (`len`, `join`, `split`, ...) or a tool";
  return undefined;
}

/**
 * After a parse error inside a statement, recovery resynchronizes at the
 * statement level and then trips over the rest of the line (`f(a = b)`, then
 * the stray `)`): that second "expected a statement" is noise, and so is
 * everything after an error whose hint says what to write instead.
 */
function firstPerLine(problems: readonly SyntaxProblem[], explainsLine: ReadonlySet<number>): SyntaxProblem[] {
  const lines = new Set<number>();
  /** Lines whose first error says what to write instead: the rest of the line is recovery noise. */
  const explained = new Set<number>();
  return [...problems]
    .sort((a, b) => a.span.start.offset - b.span.start.offset)
    .filter((problem) => {
      const line = problem.span.start.line;
      const echo = explained.has(line) || (lines.has(line) && problem.expected === "a statement or `}`");
      lines.add(line);
      if (problem.hint !== undefined && explainsLine.has(line)) explained.add(line);
      return !echo;
    });
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
