// Expression CST nodes to AST. Composite spans (binary, member) come from the
// CST locations of the operands, so `(a + b) * c` covers the parentheses.
import type { IToken } from "chevrotain";
import type { Arg, BinaryOp, Expr, Ident, MemberExpr, NameRef, Span, StringLit } from "./ast.ts";
import {
  anyToken,
  buildChosen,
  emptySpanAfter,
  identFrom,
  nameOf,
  nodeAt,
  nodes,
  nodeSpan,
  startOffset,
  tokenAt,
  tokens,
  tokenSpan,
} from "./cst.ts";
import type { Alternatives, BuildContext } from "./cst.ts";
import type {
  ArgumentListCstNode,
  ComprehensionCstNode,
  ExpressionCstNode,
  NameOrCallCstNode,
  ObjectEntryCstNode,
  OptionsGroupCstNode,
  PostfixCstNode,
  PrimaryCstNode,
  ReduceExpressionCstNode,
  UnaryCstNode,
} from "./cst-types.ts";
import { applyPrecedence } from "./precedence.ts";
import type { Operand, Operator, Prefix } from "./precedence.ts";
import { joinSpans } from "./source.ts";

/** A stand-in for an expression that recovery dropped: a name "" the checker ignores. */
export function missingExpr(near: Span): NameRef {
  const span = emptySpanAfter(near);
  return { kind: "Name", name: { kind: "Ident", name: "", span }, span };
}

/** An expression: its flat operand/operator list with precedence applied (see precedence.ts). */
export function buildExpression(context: BuildContext, node: ExpressionCstNode | undefined, near: Span): Expr {
  const operatorTokens = tokens(node, "BinaryOperator");
  const unaryNodes = nodes(node, "unary");
  // Most expressions are one operand without prefixes: no precedence to apply.
  if (operatorTokens.length === 0 && tokens(unaryNodes[0], "PrefixOperator").length === 0) {
    return postfix(context, nodeAt(unaryNodes[0], "postfix"), near);
  }
  const operators: Operator[] = [];
  for (const token of operatorTokens) operators.push({ op: token.image as BinaryOp, span: tokenSpan(context, token) });
  // Recovery can drop the operand after an operator; it becomes a missing expression there.
  const operands: Operand[] = [];
  for (let index = 0; index <= operators.length; index++) {
    operands.push(operand(context, unaryNodes[index], operators[index - 1]?.span ?? near));
  }
  return applyPrecedence(operands, operators);
}

function operand(context: BuildContext, node: UnaryCstNode | undefined, near: Span): Operand {
  const prefixes: Prefix[] = [];
  for (const token of tokens(node, "PrefixOperator")) {
    prefixes.push({ op: token.image as Prefix["op"], span: tokenSpan(context, token) });
  }
  const postfixNode = nodeAt(node, "postfix");
  const after = prefixes[prefixes.length - 1]?.span ?? near;
  return { prefixes, expr: postfix(context, postfixNode, after), span: nodeSpan(context, postfixNode, after) };
}

function postfix(context: BuildContext, node: PostfixCstNode | undefined, near: Span): Expr {
  const primaryNode = nodeAt(node, "primary");
  let result = primary(context, primaryNode, near);
  const dots = tokens(node, "Dot");
  if (dots.length === 0) return result;
  const start = nodeSpan(context, primaryNode, near);
  const properties = tokens(node, "PropertyName");
  for (let index = 0; index < dots.length; index++) {
    const property: Ident = identFrom(context, properties[index], tokenSpan(context, dots[index]!));
    result = { kind: "Member", object: result, property, span: joinSpans(start, property.span) } satisfies MemberExpr;
  }
  return result;
}

const BOOLEANS = ["True", "False"] as const;

function primary(context: BuildContext, node: PrimaryCstNode | undefined, near: Span): Expr {
  const string = tokenAt(node, "StringLiteral");
  if (string) return buildString(context, string);
  const span = nodeSpan(context, node, near);
  const number = tokenAt(node, "Number");
  if (number) return { kind: "Number", value: Number(number.image), integer: !/[.eE]/.test(number.image), span };
  const bool = anyToken(node, BOOLEANS);
  if (bool) return { kind: "Bool", value: bool.image === "true", span };
  return buildChosen(node, primaries, context, span) ?? missingExpr(near);
}

/** One builder per sub-rule alternative of `primary` (its tokens are read above); `span` is the primary's. */
const primaries: Alternatives<PrimaryCstNode, [BuildContext, Span], Expr> = {
  arrayLiteral: (node, context, span) => ({
    kind: "Array",
    elements: nodes(node, "expression").map((e) => buildExpression(context, e, span)),
    span,
  }),
  objectLiteral: (node, context, span) => ({
    kind: "Object",
    entries: nodes(node, "objectEntry").map((e) => objectEntry(context, e, span)),
    span,
  }),
  parenthesized: (node, context, span) => buildExpression(context, nodeAt(node, "expression"), span),
  mapExpression: (node, context, span) => comprehension(context, nodeAt(node, "comprehension"), "Map", span),
  filterExpression: (node, context, span) => comprehension(context, nodeAt(node, "comprehension"), "Filter", span),
  reduceExpression: (node, context, span) => reduce(context, node, span),
  nameOrCall: (node, context, span) => nameOrCall(context, node, span),
};

export function buildString(context: BuildContext, token: IToken): StringLit {
  const decoded = context.strings.get(token);
  return {
    kind: "String",
    value: decoded?.value ?? "",
    triple: decoded?.triple ?? false,
    templates: decoded?.templates ?? [],
    span: tokenSpan(context, token),
  };
}

function objectEntry(context: BuildContext, node: ObjectEntryCstNode, near: Span) {
  const span = nodeSpan(context, node, near);
  const key = nameOf(context, node, span, "PropertyName");
  const value = buildExpression(context, nodeAt(node, "expression"), key.span);
  return { kind: "ObjectEntry" as const, key, value, span };
}

function nameOrCall(context: BuildContext, node: NameOrCallCstNode, span: Span): Expr {
  const name = nameOf(context, node, span, "Name");
  if (!tokenAt(node, "CallLParen")) return { kind: "Name", name, span: name.span };
  return { kind: "Call", callee: name, args: buildArguments(context, nodeAt(node, "argumentList"), span), span };
}

/** `map x in xs (options) => body` and `filter ...`: source before `=>`, body after it. */
function comprehension(context: BuildContext, parts: ComprehensionCstNode | undefined, kind: "Map" | "Filter", span: Span): Expr {
  const binder = nameOf(context, parts, span, "Name");
  const arrow = tokenAt(parts, "FatArrow")?.startOffset ?? Infinity;
  const expressions = nodes(parts, "expression");
  const sourceNode = expressions.find((e) => (startOffset(e) ?? Infinity) < arrow);
  const bodyNode = expressions.find((e) => (startOffset(e) ?? -Infinity) > arrow);
  const source = buildExpression(context, sourceNode, binder.span);
  const options = buildOptions(context, nodeAt(parts, "optionsGroup"), span);
  const body = buildExpression(context, bodyNode, nodeSpan(context, sourceNode, binder.span));
  return { kind, binder, source, options, body, span };
}

function reduce(context: BuildContext, node: ReduceExpressionCstNode, span: Span): Expr {
  const source = buildExpression(context, nodeAt(node, "expression"), span);
  const fn = nameOf(context, node, source.span, "Name");
  const options = buildOptions(context, nodeAt(node, "optionsGroup"), span);
  return { kind: "Reduce", source, fn, options, span };
}

export function buildOptions(context: BuildContext, group: OptionsGroupCstNode | undefined, near: Span): Arg[] {
  return buildArguments(context, nodeAt(group, "argumentList"), near);
}

function buildArguments(context: BuildContext, list: ArgumentListCstNode | undefined, near: Span): Arg[] {
  return nodes(list, "argument").map((argument) => {
    const span = nodeSpan(context, argument, near);
    const nameToken = tokenAt(argument, "PropertyName");
    const name = nameToken ? identFrom(context, nameToken, span) : undefined;
    const value = buildExpression(context, nodeAt(argument, "expression"), name?.span ?? span);
    return name ? { kind: "Arg", name, value, span } : { kind: "Arg", value, span };
  });
}
