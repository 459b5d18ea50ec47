// Operator precedence, applied to the flat `operand (operator operand)*`
// list that the parser produces for an expression (precedence climbing).
// Loosest first: `or`, `and`, `not`, comparisons, `??`, `+ -`, `* /`, prefix `-`.
// Binary operators are left-associative.
import type { BinaryOp, Expr, Span } from "./ast.ts";
import { joinSpans } from "./source.ts";

/** How tightly each binary operator binds (higher binds tighter); the formatter uses it too. */
export const PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  or: 1,
  and: 2,
  "==": 4,
  "!=": 4,
  "<": 4,
  "<=": 4,
  ">": 4,
  ">=": 4,
  // Tighter than comparisons, as in Swift: `d.score ?? 0 > 5` compares the result.
  "??": 5,
  "+": 6,
  "-": 6,
  "*": 7,
  "/": 7,
};

/** `not a == b` is `not (a == b)`; `not a and b` is `(not a) and b`. */
export const NOT_PRECEDENCE = 3;

export interface Prefix {
  readonly op: "not" | "-";
  readonly span: Span;
}

/** One operand as written: its prefixes, leftmost first, and what follows them. */
export interface Operand {
  readonly prefixes: readonly Prefix[];
  readonly expr: Expr;
  /** The operand's text after the prefixes, parentheses included (the Expr's own span excludes them). */
  readonly span: Span;
}

export interface Operator {
  readonly op: BinaryOp;
  readonly span: Span;
}

/** An expression with the span of all of its text, so a Binary around `(a + b)` covers the parentheses. */
interface Spanned {
  readonly expr: Expr;
  readonly span: Span;
}

/** Builds the tree for `operands[0] operators[0] operands[1] ...`; there must be one more operand than operators. */
export function applyPrecedence(operands: readonly Operand[], operators: readonly Operator[]): Expr {
  let next = 0; // the next operand to read; the operator after operand k is operators[k]

  const read = (min: number): Spanned => continueFrom(readOperand(), min);

  /** Extends `left` with the operators that bind at least as tightly as `min`. */
  const continueFrom = (left: Spanned, min: number): Spanned => {
    let result = left;
    for (
      let operator = operators[next - 1];
      operator && PRECEDENCE[operator.op] >= min;
      operator = operators[next - 1]
    ) {
      const right = read(PRECEDENCE[operator.op] + 1);
      const span = joinSpans(result.span, right.span);
      const expr: Expr = {
        kind: "Binary",
        op: operator.op,
        opSpan: operator.span,
        left: result.expr,
        right: right.expr,
        span,
      };
      result = { expr, span };
    }
    return result;
  };

  /** An operand with its prefixes: `-` applies to the operand alone, `not` also takes the tighter operators after it. */
  const readOperand = (): Spanned => {
    const { prefixes, expr, span } = operands[next++]!;
    const lastNot = prefixes.map((prefix) => prefix.op).lastIndexOf("not");
    let result: Spanned = { expr, span };
    for (let i = prefixes.length - 1; i >= 0; i--) {
      if (i === lastNot) result = continueFrom(result, NOT_PRECEDENCE + 1);
      const prefix = prefixes[i]!;
      const unarySpan = joinSpans(prefix.span, result.span);
      result = { expr: { kind: "Unary", op: prefix.op, operand: result.expr, span: unarySpan }, span: unarySpan };
    }
    return result;
  };

  return read(0).expr;
}
