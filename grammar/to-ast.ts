// CST to AST for declarations, types and statements (expressions are in
// to-ast-expressions.ts). Every builder accepts a partial CST: a missing
// piece becomes an empty name or is left out, never an exception.
import type { CstNode, IToken } from "chevrotain";
import type * as ast from "./ast.ts";
import { describeToken } from "./errors.ts";
import {
  chosenRule,
  firstToken,
  emptySpanAfter,
  identFrom,
  nameOf,
  nodeAt,
  nodes,
  nodeSpan,
  ruleBuilder,
  startOffset,
  tokenAt,
  tokens,
  tokenSpan,
} from "./cst.ts";
import type { BuildContext, DeclRule, StatementRule } from "./cst.ts";
import { buildExpression, buildOptions, buildString } from "./to-ast-expressions.ts";
import { joinSpans } from "./source.ts";

export function buildModule(context: BuildContext, cst: CstNode): ast.Module {
  const span = context.source.span(0, context.source.text.length);
  const imports = nodes(cst, "importDecl").map((node) => importDecl(context, node, span));
  const decls: ast.Decl[] = [];
  for (const node of nodes(cst, "declaration")) {
    const decl = declaration(context, node, span);
    if (decl) decls.push(decl);
  }
  return { kind: "Module", imports, decls, comments: context.docs.unclaimed(), span };
}

function importDecl(context: BuildContext, node: CstNode, near: ast.Span): ast.ImportDecl {
  const span = nodeSpan(context, node, near);
  const names = tokens(node, "Name").map((name) => identFrom(context, name, span));
  return { kind: "Import", names, from: stringOrEmpty(context, tokenAt(node, "StringLiteral"), span), span };
}

function stringOrEmpty(context: BuildContext, token: IToken | undefined, near: ast.Span): ast.StringLit {
  if (token) return buildString(context, token);
  return { kind: "String", value: "", triple: false, templates: [], span: emptySpanAfter(near) };
}

/**
 * Optional properties are left out rather than set to undefined. `node` is
 * always a fresh literal, so the doc is added to it rather than spread into a
 * copy: the same keys in the same order, one object less.
 */
function withDoc<T extends { readonly doc?: ast.Doc }>(node: T, doc: ast.Doc | undefined): T {
  if (doc) (node as { doc?: ast.Doc }).doc = doc;
  return node;
}

function declaration(context: BuildContext, node: CstNode, near: ast.Span): ast.Decl | undefined {
  const decl = chosenRule(node);
  const build = decl && ruleBuilder(declBuilders, decl);
  if (!decl || !build) return undefined;
  const doc = context.docs.claim(startOffset(decl));
  const span = nodeSpan(context, decl, near);
  const name = nameOf(context, tokenAt(decl, "Name") ? decl : nodeAt(decl, "signature"), span);
  return withDoc<ast.Decl>(build(context, decl, name, span), doc);
}

type DeclBuilder = (context: BuildContext, decl: CstNode, name: ast.Ident, span: ast.Span) => ast.Decl;

/** One builder per alternative of the `declaration` rule. */
const declBuilders: { readonly [R in DeclRule]: DeclBuilder } = {
  typeDecl: (context, decl, name, span) => ({
    kind: "TypeDecl",
    name,
    fields: nodes(decl, "field").map((f) => field(context, f, span)),
    span,
  }),
  enumDecl: (context, decl, name, span) => {
    const members = tokens(decl, "PropertyName").map((member): ast.EnumMemberDecl => {
      const ident = identFrom(context, member, span);
      return withDoc<ast.EnumMemberDecl>(
        { kind: "EnumMember", name: ident, span: ident.span },
        context.docs.claim(member.startOffset),
      );
    });
    return { kind: "EnumDecl", name, members, span };
  },
  modelDecl: (context, decl, name, span) => {
    const id = stringOrEmpty(context, tokenAt(decl, "StringLiteral"), name.span);
    return { kind: "ModelDecl", name, id, settings: settings(context, decl, span), span };
  },
  workerDecl: (context, decl, name, span) => {
    const { params, returns } = signature(context, decl, span);
    return { kind: "WorkerDecl", name, params, returns, settings: settings(context, decl, span), span };
  },
  toolDecl,
  flowDecl: (context, decl, name, span) => {
    const body = block(context, nodeAt(decl, "block"), span);
    const { params, returns } = signature(context, decl, span);
    return { kind: "FlowDecl", name, params, returns, body, span };
  },
};

function toolDecl(context: BuildContext, decl: CstNode, name: ast.Ident, span: ast.Span): ast.ToolDecl {
  const { params, returns } = signature(context, decl, span);
  const from = stringOrEmpty(context, tokenAt(decl, "StringLiteral"), returns.span);
  const needs = tokenAt(decl, "Needs");
  const approval = tokenAt(decl, "Approval");
  const tool: ast.ToolDecl = { kind: "ToolDecl", name, params, returns, from, span };
  if (!needs) return tool;
  const needsApproval = approval
    ? joinSpans(tokenSpan(context, needs), tokenSpan(context, approval))
    : tokenSpan(context, needs);
  return { ...tool, needsApproval };
}

function field(context: BuildContext, node: CstNode, near: ast.Span): ast.FieldDecl {
  const span = nodeSpan(context, node, near);
  const name = nameOf(context, node, span, "PropertyName");
  const optional = tokenAt(node, "Question") !== undefined;
  const type = typeExpr(context, nodeAt(node, "typeExpr"), span);
  return withDoc<ast.FieldDecl>({ kind: "Field", name, optional, type, span }, context.docs.claim(startOffset(node)));
}

function settings(context: BuildContext, decl: CstNode, near: ast.Span): ast.Setting[] {
  return nodes(nodeAt(decl, "settingsBody"), "setting").map((node) => {
    const span = nodeSpan(context, node, near);
    const name = nameOf(context, node, span, "PropertyName");
    return { kind: "Setting", name, value: buildExpression(context, nodeAt(node, "expression"), name.span), span };
  });
}

function signature(
  context: BuildContext,
  decl: CstNode,
  near: ast.Span,
): { params: ast.Param[]; returns: ast.TypeExpr } {
  const node = nodeAt(decl, "signature");
  const span = nodeSpan(context, node, near);
  const params = nodes(nodeAt(node, "parameterList"), "parameter").map((param) => {
    const paramSpan = nodeSpan(context, param, span);
    const name = nameOf(context, param, paramSpan);
    const type = typeExpr(context, nodeAt(param, "typeExpr"), name.span);
    return withDoc<ast.Param>({ kind: "Param", name, type, span: paramSpan }, context.docs.claim(startOffset(param)));
  });
  return { params, returns: typeExpr(context, nodeAt(node, "typeExpr"), span) };
}

// ------------------------------------------------------------ types

function typeExpr(context: BuildContext, node: CstNode | undefined, near: ast.Span): ast.TypeExpr {
  const union = nodeAt(node, "literalUnion");
  if (union) {
    const members = tokens(union, "StringLiteral").map((token) => buildString(context, token));
    return { kind: "LiteralUnion", members, span: nodeSpan(context, union, near) };
  }
  const arrayable = nodeAt(node, "arrayableType");
  const inner = nodeAt(arrayable, "typeExpr");
  const brackets = tokens(arrayable, "RSquare");
  // Most types are a plain name, which does not need the span of the whole type.
  const span = inner || brackets.length > 0 ? nodeSpan(context, node, near) : near;
  let type: ast.TypeExpr;
  if (inner && !tokenAt(arrayable, "Name")) {
    type = typeExpr(context, inner, span);
  } else {
    const name = nameOf(context, arrayable, near);
    type = { kind: "NamedType", name, span: name.span };
  }
  for (const bracket of brackets) {
    type = { kind: "ArrayType", element: type, span: joinSpans(span, tokenSpan(context, bracket)) };
  }
  return type;
}

// ------------------------------------------------------------ statements

function block(context: BuildContext, node: CstNode | undefined, near: ast.Span): ast.Block {
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
function checkSeparators(context: BuildContext, node: CstNode | undefined): void {
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
        kind: "unexpected-token",
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

function statement(context: BuildContext, node: CstNode, near: ast.Span): ast.Stmt | undefined {
  const child = chosenRule(node);
  const build = child && ruleBuilder(statementBuilders, child);
  return child && build?.(context, child, nodeSpan(context, child, near));
}

type StmtBuilder = (context: BuildContext, node: CstNode, span: ast.Span) => ast.Stmt;

/** One builder per alternative of the `statement` rule. */
const statementBuilders: { readonly [R in StatementRule]: StmtBuilder } = {
  letStatement: (context, node, span) => {
    const name = nameOf(context, node, span);
    return { kind: "Let", name, value: buildExpression(context, nodeAt(node, "expression"), name.span), span };
  },
  assignStatement: (context, node, span) => {
    const target = nameOf(context, node, span);
    return { kind: "Assign", target, value: buildExpression(context, nodeAt(node, "expression"), target.span), span };
  },
  expressionStatement: (context, node, span) => ({
    kind: "ExprStmt",
    expr: buildExpression(context, nodeAt(node, "expression"), span),
    span,
  }),
  returnStatement: (context, node, span) => {
    const value = nodeAt(node, "expression");
    return value ? { kind: "Return", value: buildExpression(context, value, span), span } : { kind: "Return", span };
  },
  ifStatement: (context, node, span) => ifStatement(context, node, span),
  repeatStatement: (context, node, span) => {
    const options = buildOptions(context, nodeAt(node, "optionsGroup"), span);
    return { kind: "Repeat", options, body: block(context, nodeAt(node, "block"), span), span };
  },
  breakStatement: (_context, _node, span) => ({ kind: "Break", span }),
};

function ifStatement(context: BuildContext, node: CstNode, span: ast.Span): ast.IfStmt {
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
