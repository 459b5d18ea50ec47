// The tokens of `.flow`. Order matters: chevrotain tries patterns in the
// order of `allTokens`, first match wins, so longer operators come before
// their prefixes and keywords before Identifier (which they fall back to
// through `longer_alt`, so `models` stays a name).
import { createToken, Lexer } from "chevrotain";
import type { CustomPatternMatcherFunc, TokenType } from "chevrotain";

// Comments are kept out of the parser's way but not thrown away: the
// formatter needs them and `///` lines become docs.
export const COMMENTS_GROUP = "comments";

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\f\uFEFF]+/, group: Lexer.SKIPPED });
// `////` and longer rules are plain comments, like in Rust.
export const DocComment = createToken({ name: "DocComment", pattern: /\/\/\/(?!\/)[^\r\n]*/, group: COMMENTS_GROUP });
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\r\n]*/, group: COMMENTS_GROUP });

// Both kinds of string literal are one thing to the parser.
export const StringLiteral = createToken({ name: "StringLiteral", pattern: Lexer.NA, label: "a string" });

// Literals. Both string patterns also accept an unterminated string (to the
// end of the line, or of the file for `"""`), so the parser sees a string and
// strings.ts reports the missing quote instead of the lexer dropping text.
const matchTripleString: CustomPatternMatcherFunc = (text, offset) => {
  if (!text.startsWith('"""', offset)) return null;
  let close = text.indexOf('"""', offset + 3);
  if (close === -1) return [text.slice(offset)] as unknown as RegExpExecArray;
  // `""""` at the end: the extra quotes belong to the content (as in Kotlin).
  while (text[close + 3] === '"') close++;
  return [text.slice(offset, close + 3)] as unknown as RegExpExecArray;
};
export const TripleString = createToken({
  name: "TripleString",
  pattern: { exec: matchTripleString },
  line_breaks: true,
  start_chars_hint: ['"'],
  categories: [StringLiteral],
  label: "a string",
});
// A loop rather than a regular expression: V8 runs `"(?:[^"\\]|\\.)*"`-like
// patterns with a backtracking stack that overflows on strings of a few MB.
// Same language as `/"(?:[^"\\\r\n]|\\[^\r\n]?)*"?/`.
const matchString: CustomPatternMatcherFunc = (text, offset) => {
  if (text.charCodeAt(offset) !== 34 /* " */) return null;
  let i = offset + 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if (Number.isNaN(c) || c === 10 || c === 13) break;
    i++;
    if (c === 34) break;
    if (c === 92 /* backslash */) {
      const next = text.charCodeAt(i);
      if (!Number.isNaN(next) && next !== 10 && next !== 13) i++;
    }
  }
  return [text.slice(offset, i)] as unknown as RegExpExecArray;
};
export const StringToken = createToken({
  name: "String",
  pattern: { exec: matchString },
  line_breaks: false,
  start_chars_hint: ['"'],
  categories: [StringLiteral],
  label: "a string",
});
// `'text'` is not a string, but reading it as one lets lexer.ts report it
// once ("strings are written in double quotes") instead of a cascade.
export const SingleQuotedString = createToken({
  name: "SingleQuotedString",
  pattern: /'[^'\r\n]*'/,
  categories: [StringLiteral],
  label: "a string",
});
export const NumberToken = createToken({
  name: "Number",
  pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/,
  label: "a number",
});

// Name categories. A `Name` can name a declaration, parameter, variable or
// type: identifiers and soft keywords, which introduce declarations or follow
// a declaration's header and so are never ambiguous as names. A
// `PropertyName` stands after `.` or before `:` (fields, settings, members,
// arguments, enum members) where any word is unambiguous, keywords included.
export const Name = createToken({ name: "Name", pattern: Lexer.NA, label: "a name" });
export const PropertyName = createToken({ name: "PropertyName", pattern: Lexer.NA, label: "a name" });

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Name, PropertyName],
  label: "a name",
});

// Operator categories: expressions are parsed as a flat list of operands
// and operators, in source order under one CST key; to-ast-expressions.ts
// applies precedence. `-` is both a prefix and a binary operator.
export const BinaryOperator = createToken({ name: "BinaryOperator", pattern: Lexer.NA, label: "an operator" });
export const PrefixOperator = createToken({ name: "PrefixOperator", pattern: Lexer.NA, label: "`not` or `-`" });

const keywords: TokenType[] = [];
const HARD_KEYWORDS = new Set<string>();

const SOFT: TokenType[] = [Name, PropertyName];

function keyword(word: string, categories: TokenType[] = [PropertyName]): TokenType {
  if (!categories.includes(Name)) HARD_KEYWORDS.add(word);
  const token = createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories,
    label: `\`${word}\``,
  });
  keywords.push(token);
  return token;
}

export const Import = keyword("import", SOFT);
export const From = keyword("from", SOFT);
export const Type = keyword("type", SOFT);
export const Enum = keyword("enum", SOFT);
export const Model = keyword("model", SOFT);
export const Worker = keyword("worker", SOFT);
export const Tool = keyword("tool", SOFT);
export const Flow = keyword("flow", SOFT);
export const Needs = keyword("needs", SOFT);
export const Approval = keyword("approval", SOFT);

export const Let = keyword("let");
export const Return = keyword("return");
export const If = keyword("if");
export const Else = keyword("else");
export const Repeat = keyword("repeat");
export const Break = keyword("break");
export const MapKw = keyword("map");
export const Filter = keyword("filter");
export const Reduce = keyword("reduce");
export const In = keyword("in");
export const With = keyword("with");
export const And = keyword("and", [PropertyName, BinaryOperator]);
export const Or = keyword("or", [PropertyName, BinaryOperator]);
export const Not = keyword("not", [PropertyName, PrefixOperator]);
export const True = keyword("true");
export const False = keyword("false");

function punctuation(name: string, text: string, categories: TokenType[] = []): TokenType {
  const escaped = text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return createToken({ name, pattern: new RegExp(escaped), categories, label: `\`${text}\`` });
}

export const FatArrow = punctuation("FatArrow", "=>");
export const Arrow = punctuation("Arrow", "->");
export const EqualEqual = punctuation("EqualEqual", "==", [BinaryOperator]);
export const NotEqual = punctuation("NotEqual", "!=", [BinaryOperator]);
export const LessEqual = punctuation("LessEqual", "<=", [BinaryOperator]);
export const GreaterEqual = punctuation("GreaterEqual", ">=", [BinaryOperator]);
export const Less = punctuation("Less", "<", [BinaryOperator]);
export const Greater = punctuation("Greater", ">", [BinaryOperator]);
export const Equals = punctuation("Equals", "=");
export const Plus = punctuation("Plus", "+", [BinaryOperator]);
export const Minus = punctuation("Minus", "-", [BinaryOperator, PrefixOperator]);
export const Star = punctuation("Star", "*", [BinaryOperator]);
export const Slash = punctuation("Slash", "/", [BinaryOperator]);
export const Dot = punctuation("Dot", ".");
export const Comma = punctuation("Comma", ",");
export const Colon = punctuation("Colon", ":");
export const Semicolon = punctuation("Semicolon", ";");
export const QuestionQuestion = punctuation("QuestionQuestion", "??", [BinaryOperator]);
export const Question = punctuation("Question", "?");
export const Pipe = punctuation("Pipe", "|");
export const LCurly = punctuation("LCurly", "{");
export const RCurly = punctuation("RCurly", "}");
export const LSquare = punctuation("LSquare", "[");
export const RSquare = punctuation("RSquare", "]");
export const RParen = punctuation("RParen", ")");

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isNamePart(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

// THE CALL-PAREN RULE. A call's `(` must touch the callee's name: `f(x)` is a
// call, `f (x)` is not. This is what lets `map d in decks (concurrency: 4)`
// and `reduce notes with merge (batch: 8)` carry an options group after a
// name without it being read as a call. The lexer decides it: a `(` right
// after a name is a CallLParen, every other `(` is a plain LParen. After a
// hard keyword (`if(`, `not(`, `repeat(`) it is a plain LParen too.
const matchCallLParen: CustomPatternMatcherFunc = (text, offset) => {
  if (text.charCodeAt(offset) !== 40 /* ( */) return null;
  let start = offset;
  while (start > 0 && isNamePart(text.charCodeAt(start - 1))) start--;
  const word = text.slice(start, offset);
  if (word === "" || isDigit(word.charCodeAt(0)) || HARD_KEYWORDS.has(word)) return null;
  return ["("] as unknown as RegExpExecArray;
};
export const CallLParen = createToken({
  name: "CallLParen",
  pattern: { exec: matchCallLParen },
  line_breaks: false,
  start_chars_hint: ["("],
  label: "`(`",
});
export const LParen = punctuation("LParen", "(");

export const allTokens: TokenType[] = [
  WhiteSpace,
  DocComment,
  LineComment,
  StringLiteral,
  TripleString,
  StringToken,
  SingleQuotedString,
  NumberToken,
  Name,
  PropertyName,
  BinaryOperator,
  PrefixOperator,
  ...keywords,
  Identifier,
  FatArrow,
  Arrow,
  EqualEqual,
  NotEqual,
  LessEqual,
  GreaterEqual,
  Less,
  Greater,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  Dot,
  Comma,
  Colon,
  Semicolon,
  QuestionQuestion,
  Question,
  Pipe,
  LCurly,
  RCurly,
  LSquare,
  RSquare,
  CallLParen,
  LParen,
  RParen,
];
