// Expressions and types in canonical layout. An expression is printed flat
// when it fits in WIDTH from its column; otherwise its outermost list (call
// arguments, array, object, map/filter body) breaks one item per line. Lines
// after the first are indented relative to the line the expression starts on.
import type { Arg, Expr, NumberLit, StringLit, TypeExpr } from "../../../grammar/ast.ts";
import { NOT_PRECEDENCE, PRECEDENCE } from "../../../grammar/precedence.ts";
import { INDENT, WIDTH } from "./printer.ts";
import type { ExprOf } from "../../../grammar/walk.ts";
import { assertNever } from "../../../grammar/exhaustive.ts";


// The parser's table, so printing and parsing agree on where parentheses go.
const BINARY_PRECEDENCE = PRECEDENCE;
const NOT = NOT_PRECEDENCE;
const NEGATE = 7;
const POSTFIX = 8;
const PRIMARY = 9;

/** How tightly `e` binds; map/filter/reduce are 0 because their tails run to the right. */
function precedence(e: Expr): number {
  if (e.kind === "Binary") return BINARY_PRECEDENCE[e.op];
  if (e.kind === "Unary") return e.op === "not" ? NOT : NEGATE;
  if (e.kind === "Member") return POSTFIX;
  if (e.kind === "Map" || e.kind === "Filter" || e.kind === "Reduce") return 0;
  return PRIMARY;
}

/** `e` as an operand that needs at least `min` precedence, in parentheses otherwise. */
function operand(e: Expr, min: number, column: number): string {
  if (precedence(e) >= min) return formatExpr(e, column);
  return `(${formatExpr(e, column + 1)})`;
}

export function formatString(s: StringLit): string {
  if (s.triple && !s.value.includes('"""')) {
    if (!s.value.includes("\n") && !s.value.includes('"') && s.value !== "") return `"""${s.value}"""`;
    const lines = s.value.split("\n");
    const safe = lines.every((l) => l === "" || l.trim() !== "") && lines.some((l) => l !== "" && !/^[ \t]/.test(l));
    if (safe && s.value.includes("\n") && !s.value.endsWith('"')) {
      return `"""\n${lines.map((l) => (l === "" ? "" : `${INDENT}${l}`)).join("\n")}\n"""`;
    }
  }
  return quote(s.value);
}

// Control characters, and invisible ones that change how text reads (line and
// paragraph separators, bidi controls, zero-width characters, BOM), are escaped.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r" };

/** A `"..."` string with the escapes the lexer knows. */
export function quote(value: string): string {
  const escaped = value
    .replace(/[\\"\n\t\r]/g, (c) => SIMPLE_ESCAPES[c]!)
    .replace(INVISIBLE, (c) => `\\u{${c.charCodeAt(0).toString(16).toUpperCase()}}`);
  return `"${escaped}"`;
}

export function formatNumber(n: NumberLit): string {
  if (n.integer) return Number.isSafeInteger(n.value) ? String(n.value) : BigInt(Math.trunc(n.value)).toString();
  const text = String(n.value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

export function formatType(t: TypeExpr): string {
  switch (t.kind) {
    case "NamedType":
      return t.name.name;
    case "ArrayType":
      return t.element.kind === "LiteralUnion" ? `(${formatType(t.element)})[]` : `${formatType(t.element)}[]`;
    case "LiteralUnion":
      return t.members.map((m) => quote(m.value)).join(" | ");
  }
  return assertNever(t);
}

function formatArg(a: Arg, column: number): string {
  if (!a.name) return formatExpr(a.value, column);
  return `${a.name.name}: ${formatExpr(a.value, column + a.name.name.length + 2)}`;
}

/** `(a, b: c)` flat, or one per line when it does not fit. */
export function formatList(open: string, items: readonly ((column: number) => string)[], close: string, column: number, separator = ","): string {
  const flat = `${open}${items.map((f) => f(0)).join(`${separator} `)}${close}`;
  if (fits(flat, column) || items.length === 0) return rejoin(open, items, close, column, separator);
  return `${open.trimEnd()}\n${items.map((f) => indentLines(`${f(INDENT.length)}${separator}`)).join("\n")}\n${close.trimStart()}`;
}

/** The flat list again, with each item placed at its real column (nested lists may still break). */
function rejoin(open: string, items: readonly ((column: number) => string)[], close: string, column: number, separator: string): string {
  let text = open;
  items.forEach((f, i) => {
    if (i > 0) text += `${separator} `;
    text += f(column + lastLineLength(text));
  });
  return text + close;
}

export function options(args: readonly Arg[], column: number): string {
  return args.length === 0 ? "" : ` ${formatList("(", args.map((a) => (c: number) => formatArg(a, c)), ")", column + 1)}`;
}

const exprRules: { [K in Expr["kind"]]: (e: ExprOf<K>, column: number) => string } = {
  String: (e) => formatString(e),
  Number: (e) => formatNumber(e),
  Bool: (e) => (e.value ? "true" : "false"),
  Array: (e, column) => formatList("[", e.elements.map((x) => (c: number) => formatExpr(x, c)), "]", column),
  Object: (e, column) =>
    e.entries.length === 0 ? "{}" : formatList("{ ", e.entries.map((x) => (c: number) => `${x.key.name}: ${formatExpr(x.value, c + x.key.name.length + 2)}`), " }", column),
  Name: (e) => e.name.name,
  Member: (e, column) => `${operand(e.object, POSTFIX, column)}.${e.property.name}`,
  Call: (e, column) => `${e.callee.name}${formatList("(", e.args.map((a) => (c: number) => formatArg(a, c)), ")", column + e.callee.name.length)}`,
  Binary: (e, column) => {
    const p = BINARY_PRECEDENCE[e.op];
    const left = operand(e.left, p, column);
    return `${left} ${e.op} ${operand(e.right, p + 1, column + lastLineLength(left) + e.op.length + 2)}`;
  },
  Unary: (e, column) => (e.op === "not" ? `not ${operand(e.operand, NOT, column + 4)}` : `-${operand(e.operand, NEGATE, column + 1)}`),
  Map: (e, column) => comprehension("map", e, column),
  Filter: (e, column) => comprehension("filter", e, column),
  Reduce: (e, column) => {
    const head = `reduce ${operand(e.source, NOT, column + 7)} with ${e.fn.name}`;
    return `${head}${options(e.options, column + lastLineLength(head))}`;
  },
};

function comprehension(word: string, e: ExprOf<"Map" | "Filter">, column: number): string {
  const start = `${word} ${e.binder.name} in `;
  // A source that is itself a map/filter/reduce would take the options (or `=>`) that follow it,
  // and before options only a name, call or member access may stand unparenthesized.
  const head = `${start}${operand(e.source, e.options.length > 0 ? POSTFIX : NOT, column + start.length)}`;
  const withOptions = `${head}${options(e.options, column + lastLineLength(head))} =>`;
  const flat = `${withOptions} ${formatExpr(e.body, column + lastLineLength(withOptions) + 1)}`;
  if (fits(flat, column)) return flat;
  // The body on its own line, one level deeper (the column is a guess: a flow body's statement).
  const below = formatExpr(e.body, 2 * INDENT.length);
  if (fits(below, 2 * INDENT.length) || !fits(withOptions, column)) return `${withOptions}\n${indentLines(below)}`;
  return flat;
}

/**
 * The text of `e` starting at `column`. Memoized by node and column: a list
 * renders each item flat and then again at its real column (or broken), so
 * without the cache nested lists cost exponential time in their depth.
 */
export function formatExpr(e: Expr, column: number): string {
  let byColumn = rendered.get(e);
  if (byColumn === undefined) rendered.set(e, (byColumn = new Map()));
  let text = byColumn.get(column);
  if (text === undefined) {
    text = (exprRules[e.kind] as (e: Expr, column: number) => string)(e, column);
    byColumn.set(column, text);
  }
  return text;
}

/** Formatting is pure in (node, column); entries go when the syntax tree does. */
const rendered = new WeakMap<Expr, Map<number, string>>();

export function fits(text: string, column: number): boolean {
  const firstLine = text.split("\n", 1)[0]!;
  return !text.includes("\n") && column + firstLine.length <= WIDTH;
}

export function lastLineLength(text: string): number {
  return text.length - text.lastIndexOf("\n") - 1;
}

/** Indents every non-empty line by one level. */
export function indentLines(text: string): string {
  return text
    .split("\n")
    .map((l) => (l === "" ? "" : `${INDENT}${l}`))
    .join("\n");
}
