// Text to tokens, with every lexical problem collected (invalid characters,
// strings) and lexing carried on past it.
import { Lexer } from "chevrotain";
import type { ILexingError, IToken, TokenType } from "chevrotain";
import type { SyntaxProblem } from "./problems.ts";
import type { SourceText } from "./source.ts";
import { decodeSingleQuoted, decodeString } from "./strings.ts";
import type { DecodedString } from "./strings.ts";
import * as t from "./tokens.ts";

export interface Lexed {
  readonly tokens: IToken[];
  /** `//` and `///` comments in source order. */
  readonly comments: readonly IToken[];
  /** Every string token, decoded once. */
  readonly strings: ReadonlyMap<IToken, DecodedString>;
  readonly problems: readonly SyntaxProblem[];
}

// Built once: chevrotain analyses the token patterns on construction.
// Full position tracking gives tokens an `endOffset`, which the CST's node
// locations are computed from; lines and columns come from SourceText.
// Validations of the token definitions are skipped here (two thirds of the
// lexer's start-up time); test/grammar/definitions.test.ts runs them.
export const LEXER_CONFIG = { positionTracking: "full", ensureOptimizations: true } as const;
const flowLexer = new Lexer(t.allTokens, { ...LEXER_CONFIG, skipValidations: true });

export function lex(source: SourceText): Lexed {
  const result = flowLexer.tokenize(source.text);
  const problems: SyntaxProblem[] = result.errors.map((error) => invalidCharacters(source, error));
  const strings = new Map<IToken, DecodedString>();
  for (const token of result.tokens) {
    if (token.tokenType === t.SingleQuotedString) {
      const decoded = decodeSingleQuoted(source, token.startOffset, tokenEnd(token));
      strings.set(token, decoded);
      problems.push(...decoded.problems);
      continue;
    }
    if (token.tokenType !== t.StringToken && token.tokenType !== t.TripleString) continue;
    const decoded = decodeString(source, token.startOffset, tokenEnd(token));
    strings.set(token, decoded);
    problems.push(...decoded.problems);
  }
  problems.push(...reattachDetachedCallParens(source, result.tokens));
  return { tokens: result.tokens, comments: result.groups[t.COMMENTS_GROUP] ?? [], strings, problems };
}

function tokenEnd(token: IToken): number {
  return token.startOffset + token.image.length;
}

function invalidCharacters(source: SourceText, error: ILexingError): SyntaxProblem {
  const chars = [...source.text.slice(error.offset, error.offset + error.length)];
  const shown = chars.slice(0, 16).map(describeChar).join("") + (chars.length > 16 ? "..." : "");
  const plural = chars.length > 1 ? "characters" : "character";
  const problem: SyntaxProblem = {
    kind: "invalid-character",
    message: `invalid ${plural} \`${shown}\``,
    span: source.span(error.offset, error.offset + error.length),
    found: `\`${shown}\``,
  };
  const instead = OTHER_LANGUAGES.get(chars.join(""));
  return instead === undefined ? problem : { ...problem, hint: instead };
}

/** Operators of other languages and what `.flow` writes instead. */
const OTHER_LANGUAGES: ReadonlyMap<string, string> = new Map([
  ["&&", "write `and`"],
  ["&", "write `and`"],
  ["||", "write `or`"],
  ["!", "write `not` (and `!=` for \"not equal\")"],
  ["%", "there is no `%` operator; compute it in a tool"],
  ["#", "comments start with `//`"],
  ["'", "strings are written in double quotes: `\"...\"`"],
  ["`", "strings are written in double quotes: `\"...\"`"],
]);

/** Visible characters as they are; control and space-like ones, and the backtick that would break the quoting, as `\u{...}`. */
function describeChar(c: string): string {
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c) && c !== "`" ? c : `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`;
}

// Where a name may be followed by a detached `(`: the options group of
// `in xs (` and `with f (`, the parameters of `worker w (`, `tool t (`,
// `flow f (`; and after `a.b (`, there being no method call to mean.
const BEFORE_NAME_AND_GROUP: readonly TokenType[] = [t.In, t.With, t.Worker, t.Tool, t.Flow, t.Dot];

/**
 * `f (x)` on one line is almost always a call with a stray space, which the
 * call-paren rule (tokens.ts) would otherwise turn into a confusing error
 * further on. Report it and treat the `(` as a call's, so parsing continues
 * as the author meant.
 */
function reattachDetachedCallParens(source: SourceText, tokens: IToken[]): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const paren = tokens[i]!;
    const name = tokens[i - 1]!;
    if (paren.tokenType !== t.LParen || name.tokenType !== t.Identifier) continue;
    if (BEFORE_NAME_AND_GROUP.includes(tokens[i - 2]?.tokenType as TokenType)) continue;
    if (!/^[ \t]+$/.test(source.text.slice(tokenEnd(name), paren.startOffset))) continue;
    paren.tokenType = t.CallLParen;
    paren.tokenTypeIdx = t.CallLParen.tokenTypeIdx!;
    problems.push({
      kind: "space-before-call",
      message: `unexpected space between \`${name.image}\` and \`(\`; a call is written \`${name.image}(...)\``,
      span: source.span(tokenEnd(name), tokenEnd(paren)),
      expected: `\`${name.image}(\``,
      found: `\`${name.image} (\``,
    });
  }
  return problems;
}
