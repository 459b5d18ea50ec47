// Parser error messages in `.flow` terms. Chevrotain asks this provider for
// a message string; we return `expected` and `found` joined by a separator
// that cannot occur in either, so index.ts can fill the structured fields of
// a SyntaxProblem and format the sentence the same way for every error.
import { EOF, tokenLabel, tokenMatcher } from "chevrotain";
import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";
import * as t from "./tokens.ts";

const SEPARATOR = "\u0000";

export interface ParsedMessage {
  readonly expected: string;
  readonly found: string;
}

/** Recovers the two halves of a provider message (undefined if chevrotain built the message itself). */
export function splitMessage(message: string): ParsedMessage | undefined {
  const at = message.indexOf(SEPARATOR);
  return at === -1 ? undefined : { expected: message.slice(0, at), found: message.slice(at + 1) };
}

export function formatMessage({ expected, found }: ParsedMessage): string {
  return `expected ${expected}, found ${found}`;
}

export const DECLARATION = "a declaration (`type`, `enum`, `model`, `worker`, `tool`, `flow` or `import`)";

// What may stand where a closing bracket was expected, by the rule that
// expected it: [after an item, after `,` or the opening bracket]. Chevrotain
// reports a block holding a non-statement as "expected `}`", for instance.
const CLOSING_IN_RULE: ReadonlyMap<string, readonly [string, string]> = new Map<string, readonly [string, string]>([
  ["block", ["a statement or `}`", "a statement or `}`"]],
  ["typeDecl", ["a field such as `name: string` or `}`", "a field such as `name: string` or `}`"]],
  ["enumDecl", ["an enum member or `}`", "an enum member or `}`"]],
  ["settingsBody", ["a setting such as `model: analyst` or `}`", "a setting such as `model: analyst` or `}`"]],
  ["objectLiteral", ["an entry such as `name: value` or `}`", "an entry such as `name: value` or `}`"]],
  ["importDecl", ["`,` or `}`", "a name or `}`"]],
  ["nameOrCall", ["`,` or `)`", "an argument or `)`"]],
  ["optionsGroup", ["`,` or `)`", "an option such as `concurrency: 4` or `)`"]],
  ["parameterList", ["`,` or `)`", "a parameter such as `deck: Deck` or `)`"]],
  ["arrayLiteral", ["`,` or `]`", "an expression or `]`"]],
]);

const OPENERS: readonly TokenType[] = [t.Comma, t.LParen, t.CallLParen, t.LSquare, t.LCurly];

function describeExpected(expected: TokenType, ruleName: string, previous: IToken | undefined): string {
  if (expected === EOF) return DECLARATION;
  const closing = CLOSING_IN_RULE.get(ruleName);
  if (closing && (expected === t.RCurly || expected === t.RParen || expected === t.RSquare)) {
    return OPENERS.includes(previous?.tokenType as TokenType) ? closing[1] : closing[0];
  }
  return tokenLabel(expected);
}

/** How a token is named in a message: "`}`", "keyword `let`", "a string", "end of file". */
export function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return "end of file";
  if (tokenMatcher(token, t.StringLiteral)) return "a string";
  // Hard keywords are the words that are property names but not names.
  if (tokenMatcher(token, t.PropertyName) && !tokenMatcher(token, t.Name)) return `keyword \`${token.image}\``;
  return `\`${token.image}\``;
}

function firstTokens(paths: TokenType[][]): string {
  const labels = [...new Set(paths.map((path) => (path[0] ? tokenLabel(path[0]) : "")).filter((l) => l !== ""))];
  if (labels.length <= 1) return labels[0] ?? "something else";
  return `one of ${labels.slice(0, -1).join(", ")} or ${labels[labels.length - 1]}`;
}

function message(expected: string, found: IToken | undefined): string {
  return `${expected}${SEPARATOR}${found ? describeToken(found) : "end of file"}`;
}

export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual, previous, ruleName }) =>
    message(describeExpected(expected, ruleName, previous), actual),
  buildNotAllInputParsedMessage: ({ firstRedundant }) => message(DECLARATION, firstRedundant),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, customUserDescription }) =>
    message(customUserDescription ?? firstTokens(expectedPathsPerAlt.flat()), actual[0]),
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, customUserDescription }) =>
    message(customUserDescription ?? firstTokens(expectedIterationPaths), actual[0]),
};
