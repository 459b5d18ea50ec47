// CST to AST for blocks and statements (see to-ast.ts). Each statement form
// is built from its own generated node type, one builder per alternative of
// the `statement` rule.
import type * as ast from "./ast.ts";
import { describeToken } from "./errors.ts";
import { buildChosen, firstToken, nameOf, nodeAt, nodes, nodeSpan, startOffset, tokenAt, tokens, tokenSpan } from "./cst.ts";
import type { Alternatives, BuildContext } from "./cst.ts";
import type { BlockCstNode, IfStatementCstNode, StatementCstNode } from "./cst-types.ts";
import { buildExpression, buildOptions } from "./to-ast-expressions.ts";

export function block(context: BuildContext, node: BlockCstNode | undefined, near: ast.Span): ast.Block {
  const span = nodeSpan(context, node, near);
  checkSeparators(context, node);
  const statements: ast.Stmt[] = [];
  for (const child of nodes(node, "statement")) {
    const built = statement(context, child, span);
    if (built) statements.push(built);
  }
  return { kind: "Block", statements, span };
}

/**
 * Statements are separated by a new line or `;`: `return 1 2` and
 * `let a = 1 let b = 2` parse as two statements, which is almost never what
 * was meant, so it is a syntax error at the second one.
 */
function checkSeparators(context: BuildContext, node: BlockCstNode | undefined): void {
  const statements = nodes(node, "statement");
  const semicolons = tokens(node, "Semicolon");
  for (let i = 1; i < statements.length; i++) {
    const end = statements[i - 1]!.location?.endOffset;
    const next = firstToken(statements[i]);
    if (end === undefined || !Number.isFinite(end) || next === undefined) continue;
    if (semicolons.some((s) => s.startOffset > end && s.startOffset < next.startOffset)) continue;
    if (context.source.line(end) !== context.source.line(next.startOffset)) continue;
    if (next.image === "[" && next.startOffset === end + 1) {
      // `xs[0]`: `xs` ends one statement, `[0]` starts the next.
      context.problems?.push({
        kind: "index-syntax",
        message: "values cannot be indexed with `[...]`",
        span: tokenSpan(context, next),
        expected: "a new line or `;`",
        found: "`[`",
        hint: "flows work on whole lists: use `map`, `filter` or `reduce`, or a tool that picks the element",
      });
      continue;
    }
    context.problems?.push({
      kind: "missing-separator",
      message: "expected a new line or `;` between statements",
      span: tokenSpan(context, next),
      expected: "a new line or `;`",
      found: describeToken(next),
      hint: "start the next statement on its own line, or separate the two with `;`",
    });
  }
}

function statement(context: BuildContext, node: StatementCstNode, near: ast.Span): ast.Stmt | undefined {
  return buildChosen(node, statements, context, near);
}

/** One builder per alternative of the `statement` rule; `near` is the enclosing block's span. */
const statements: Alternatives<StatementCstNode, [BuildContext, ast.Span], ast.Stmt> = {
  letStatement: (node, context, near) => {
    const span = nodeSpan(context, node, near);
    const name = nameOf(context, node, span, "Name");
    return { kind: "Let", name, value: buildExpression(context, nodeAt(node, "expression"), name.span), span };
  },
  assignStatement: (node, context, near) => {
    const span = nodeSpan(context, node, near);
    const target = nameOf(context, node, span, "Name");
    return { kind: "Assign", target, value: buildExpression(context, nodeAt(node, "expression"), target.span), span };
  },
  expressionStatement: (node, context, near) => {
    const span = nodeSpan(context, node, near);
    return { kind: "ExprStmt", expr: buildExpression(context, nodeAt(node, "expression"), span), span };
  },
  returnStatement: (node, context, near) => {
    const span = nodeSpan(context, node, near);
    const value = nodeAt(node, "expression");
    return value ? { kind: "Return", value: buildExpression(context, value, span), span } : { kind: "Return", span };
  },
  ifStatement: (node, context, near) => ifStatement(context, node, nodeSpan(context, node, near)),
  repeatStatement: (node, context, near) => {
    const span = nodeSpan(context, node, near);
    const options = buildOptions(context, nodeAt(node, "optionsGroup"), span);
    return { kind: "Repeat", options, body: block(context, nodeAt(node, "block"), span), span };
  },
  breakStatement: (node, context, near) => ({ kind: "Break", span: nodeSpan(context, node, near) }),
};

function ifStatement(context: BuildContext, node: IfStatementCstNode, span: ast.Span): ast.IfStmt {
  const condition = buildExpression(context, nodeAt(node, "expression"), span);
  const elseToken = tokenAt(node, "Else");
  const elseAt = elseToken?.startOffset ?? Infinity;
  const blocks = nodes(node, "block");
  const thenBlock = blocks.find((b) => (startOffset(b) ?? Infinity) < elseAt);
  const result: ast.IfStmt = { kind: "If", condition, then: block(context, thenBlock, condition.span), span };
  if (!elseToken) return result;
  const elseNear = tokenSpan(context, elseToken);
  const elseIf = nodeAt(node, "ifStatement");
  const elseBlock = blocks.find((b) => (startOffset(b) ?? -Infinity) > elseAt);
  if (elseIf) return { ...result, else: ifStatement(context, elseIf, nodeSpan(context, elseIf, elseNear)) };
  return { ...result, else: block(context, elseBlock, elseNear) };
}
