// Plan IR back to short `.flow`-like text, for graph labels and diff reasons.
import type { Expr, Signature, Stmt, Type } from "../plan/ir.ts";
import { PRECEDENCE } from "../../grammar/precedence.ts";
import type { ExprOf } from "../plan/walk.ts";
import { assertNever } from "../../grammar/exhaustive.ts";


const typeText: { [K in Type["kind"]]: (t: Extract<Type, { kind: K }>) => string } = {
  string: () => "string",
  int: () => "int",
  number: () => "number",
  bool: () => "bool",
  json: () => "json",
  void: () => "void",
  array: (t) => `${printType(t.element)}[]`,
  record: (t) => t.name,
  enum: (t) => t.name,
  literals: (t) => t.values.map((v) => JSON.stringify(v)).join(" | "),
  object: (t) => `{ ${t.fields.map((f) => `${f.name}: ${printType(f.type)}`).join(", ")} }`,
  never: () => "never",
  error: () => "?",
};

export function printType(t: Type): string {
  return (typeText[t.kind] as (t: Type) => string)(t);
}

export function printSignature(name: string, s: Signature): string {
  return `${name}(${s.params.map((p) => `${p.name}: ${printType(p.type)}`).join(", ")}) -> ${printType(s.returns)}`;
}

/** Tighter than every binary operator (grammar/precedence.ts). */
const UNARY = 8;

const exprText: { [K in Expr["kind"]]: (e: ExprOf<K>) => string } = {
  literal: (e) => (typeof e.value === "string" ? JSON.stringify(e.value) : String(e.value)),
  array: (e) => `[${e.elements.map(printExpr).join(", ")}]`,
  object: (e) => `{ ${e.entries.map((x) => `${x.key}: ${printExpr(x.value)}`).join(", ")} }`,
  var: (e) => e.name,
  member: (e) => `${operand(e.object, 9)}.${e.property}`,
  "enum-member": (e) => `${e.enumName}.${e.member}`,
  call: (e) => `${e.callee.name}(${e.args.map((a) => `${a.param}: ${printExpr(a.value)}`).join(", ")})`,
  // (`by:` holds a field path, written as in the source: `by: stats.score`.)
  builtin: (e) =>
    `${e.name}(${[...e.args.map(printExpr), ...e.options.map((o) => `${o.name}: ${o.name === "by" && o.value.kind === "literal" ? String(o.value.value) : printExpr(o.value)}`)].join(", ")})`,
  binary: (e) => `${operand(e.left, PRECEDENCE[e.op]!)} ${e.op} ${operand(e.right, PRECEDENCE[e.op]! + 1)}`,
  unary: (e) => (e.op === "not" ? `not ${operand(e.operand, UNARY)}` : `-${operand(e.operand, UNARY)}`),
  map: (e) => `map ${e.binder} in ${printExpr(e.source)}${e.concurrency === undefined ? "" : ` (concurrency: ${e.concurrency})`} => ${printExpr(e.body)}`,
  filter: (e) => `filter ${e.binder} in ${printExpr(e.source)} => ${printExpr(e.body)}`,
  reduce: (e) => {
    const options = [...(e.batch === undefined ? [] : [`batch: ${e.batch}`]), ...(e.empty === undefined ? [] : [`empty: ${printExpr(e.empty)}`])];
    return `reduce ${printExpr(e.source)} with ${e.fn.name}${options.length === 0 ? "" : ` (${options.join(", ")})`}`;
  },
};

function precedenceOf(e: Expr): number {
  if (e.kind === "binary") return PRECEDENCE[e.op]!;
  if (e.kind === "unary") return UNARY;
  if (e.kind === "map" || e.kind === "filter" || e.kind === "reduce") return 0;
  return 10;
}

function operand(e: Expr, min: number): string {
  const text = printExpr(e);
  return precedenceOf(e) < min ? `(${text})` : text;
}

export function printExpr(e: Expr): string {
  return (exprText[e.kind] as (e: Expr) => string)(e);
}

/** Shortens long labels for pictures. */
export function clip(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A flow body as `.flow`-like lines (for line diffs of flow logic). */
export function printStmts(stmts: readonly Stmt[], indent = ""): string[] {
  return stmts.flatMap((s) => printStmt(s, indent));
}

function printStmt(s: Stmt, indent: string): string[] {
  const inner = `${indent}  `;
  switch (s.kind) {
    case "let":
      return [`${indent}let ${s.name} = ${printExpr(s.value)}`];
    case "assign":
      return [`${indent}${s.name} = ${printExpr(s.value)}`];
    case "expr":
      return [`${indent}${printExpr(s.expr)}`];
    case "return":
      return [`${indent}return${s.value ? ` ${printExpr(s.value)}` : ""}`];
    case "break":
      return [`${indent}break`];
    case "if":
      return [`${indent}if ${printExpr(s.condition)} {`, ...printStmts(s.then, inner), ...(s.else ? [`${indent}} else {`, ...printStmts(s.else, inner)] : []), `${indent}}`];
    case "repeat":
      return [`${indent}repeat (max: ${s.max}) {`, ...printStmts(s.body, inner), `${indent}}`];
  }
  return assertNever(s);
}
