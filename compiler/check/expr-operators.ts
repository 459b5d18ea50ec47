// Operators: unary `not`/`-` and the binary operators.
import type { Expr } from "../../grammar/ast.ts";
import { D, diag } from "../diagnostics/table.ts";
import type { Expr as IrExpr, Type } from "../plan/ir.ts";
import type { Env } from "./env.ts";
import type { ExprChecker } from "./expr.ts";
import { mismatchHint } from "./expr-hints.ts";
import { exprText } from "./expr-names.ts";
import { isAssignable, isNumeric, isStringLike, T, typeToString } from "./types.ts";

export function checkUnary(c: ExprChecker, e: Extract<Expr, { kind: "Unary" }>, env: Env): IrExpr {
  const operand = c.value(e.operand, env);
  let type: Type = T.error;
  if (operand.type.kind !== "error") {
    if (e.op === "not" && operand.type.kind === "bool") type = T.bool;
    else if (e.op === "-" && isNumeric(operand.type)) type = operand.type;
    else
      c.report(
        diag(D.UnaryOperatorMismatch, e.span, [e.op, typeToString(operand.type)], {
          hint: e.op === "not" ? "`not` takes a `bool`" : "`-` takes a number",
        }),
      );
  }
  return { kind: "unary", op: e.op, operand, type, span: e.span };
}

/** `deck.notes ?? ""`: an optional field's value, or the right side when it is absent. */
function checkCoalesce(c: ExprChecker, e: Extract<Expr, { kind: "Binary" }>, env: Env): IrExpr {
  const left = c.value(e.left, env, undefined, true);
  const right = c.value(e.right, env, left.type.kind === "error" ? undefined : left.type);
  const l = left.type;
  const r = right.type;
  const records = c.state.recordLookup;
  let type: Type = T.error;
  if (l.kind !== "error" && !c.maybeAbsent.has(left)) {
    c.report(diag(D.NeverAbsent, e.left.span, [exprText(e.left)]));
  } else if (l.kind !== "error" && r.kind !== "error") {
    if (isAssignable(r, l, records)) type = l;
    else if (isAssignable(l, r, records)) type = r;
    else
      c.report(
        diag(D.OperatorMismatch, e.opSpan, [e.op, typeToString(l), typeToString(r)], {
          hint: "the value for an absent field must have the field's type",
        }),
      );
  }
  return { kind: "binary", op: e.op, left, right, type, span: e.span };
}

export function checkBinary(c: ExprChecker, e: Extract<Expr, { kind: "Binary" }>, env: Env): IrExpr {
  if (e.op === "??") return checkCoalesce(c, e, env);
  const equality = e.op === "==" || e.op === "!=";
  const left = c.value(e.left, env, undefined, equality);
  const right = c.value(e.right, env, undefined, equality);
  const l = left.type;
  const r = right.type;
  const records = c.state.recordLookup;
  const bad = (hint: string): Type => {
    c.report(diag(D.OperatorMismatch, e.opSpan, [e.op, typeToString(l), typeToString(r)], { hint }));
    return T.error;
  };
  let type: Type;
  if (l.kind === "error" || r.kind === "error") {
    type = e.op === "==" || e.op === "!=" || e.op === "<" || e.op === "<=" || e.op === ">" || e.op === ">=" || e.op === "and" || e.op === "or" ? T.bool : T.error;
  } else {
    switch (e.op) {
      case "and":
      case "or":
        type = l.kind === "bool" && r.kind === "bool" ? T.bool : bad(`\`${e.op}\` combines two \`bool\` values`);
        break;
      case "==":
      case "!=":
        type =
          isAssignable(l, r, records) || isAssignable(r, l, records)
            ? T.bool
            : bad(equalityHint(l, r));
        break;
      case "<":
      case "<=":
      case ">":
      case ">=":
        type = isNumeric(l) && isNumeric(r) ? T.bool : bad("comparisons work on numbers (`int` or `number`)");
        break;
      case "+":
        if (isNumeric(l) && isNumeric(r)) type = l.kind === "int" && r.kind === "int" ? T.int : T.number;
        else if (isStringLike(l) && isStringLike(r)) type = T.string;
        // Text joined with a number or bool makes text, as in JavaScript: `"found " + len(xs)`.
        else if ((isStringLike(l) && isScalar(r)) || (isScalar(l) && isStringLike(r))) type = T.string;
        else type = bad("`+` adds two numbers, or joins text with text, a number or a `bool`; records and arrays have no text form");
        break;
      case "-":
      case "*":
        type = isNumeric(l) && isNumeric(r) ? (l.kind === "int" && r.kind === "int" ? T.int : T.number) : bad(`\`${e.op}\` works on numbers`);
        break;
      case "/":
        // `int / int` truncates (the emitter writes `Math.trunc(a / b)`).
        type = isNumeric(l) && isNumeric(r) ? (l.kind === "int" && r.kind === "int" ? T.int : T.number) : bad("`/` works on numbers");
        break;
    }
  }
  return { kind: "binary", op: e.op, left, right, type, span: e.span };
}

function isScalar(t: Type): boolean {
  return isNumeric(t) || t.kind === "bool";
}

function equalityHint(l: Type, r: Type): string {
  if (l.kind === "enum" && r.kind === "literals") return mismatchHint(r, l) ?? "";
  if (r.kind === "enum" && l.kind === "literals") return mismatchHint(l, r) ?? "";
  if (l.kind === "literals" && r.kind === "literals") {
    const [small, big] = l.values.length <= r.values.length ? [l, r] : [r, l];
    return `${typeToString(small)} is not one of ${typeToString(big)}`;
  }
  return "both sides must have the same type";
}
