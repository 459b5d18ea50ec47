// CST to AST for declarations and types (statements are in
// to-ast-statements.ts, expressions in to-ast-expressions.ts). Every builder
// reads its node through the generated CST types (cst-types.ts) and accepts a
// partial CST: a missing piece becomes an empty name or is left out, never an
// exception.
import type { CstNode, IToken } from "chevrotain";
import type * as ast from "./ast.ts";
import {
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
  DeclarationCstNode,
  FieldCstNode,
  FlowDeclCstNode,
  ImportDeclCstNode,
  ModelDeclCstNode,
  ModuleCstNode,
  ToolDeclCstNode,
  TypeExprCstNode,
  WorkerDeclCstNode,
} from "./cst-types.ts";
import { buildExpression, buildString } from "./to-ast-expressions.ts";
import { block } from "./to-ast-statements.ts";
import { joinSpans } from "./source.ts";

export function buildModule(context: BuildContext, cst: ModuleCstNode): ast.Module {
  const span = context.source.span(0, context.source.text.length);
  const imports = nodes(cst, "importDecl").map((node) => importDecl(context, node, span));
  const decls: ast.Decl[] = [];
  for (const node of nodes(cst, "declaration")) {
    const decl = declaration(context, node, span);
    if (decl) decls.push(decl);
  }
  return { kind: "Module", imports, decls, comments: context.docs.unclaimed(), span };
}

function importDecl(context: BuildContext, node: ImportDeclCstNode, near: ast.Span): ast.ImportDecl {
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

function declaration(context: BuildContext, node: DeclarationCstNode, near: ast.Span): ast.Decl | undefined {
  return buildChosen(node, declarations, context, near);
}

/** Builds a declaration from its span, after claiming the `///` lines above it (before those of its fields). */
function declared<T extends ast.Decl>(context: BuildContext, node: CstNode, near: ast.Span, build: (span: ast.Span) => T): T {
  const doc = context.docs.claim(startOffset(node));
  return withDoc(build(nodeSpan(context, node, near)), doc);
}

/** One builder per alternative of the `declaration` rule. */
const declarations: Alternatives<DeclarationCstNode, [BuildContext, ast.Span], ast.Decl> = {
  typeDecl: (decl, context, near) =>
    declared(context, decl, near, (span): ast.TypeDecl => {
      const name = nameOf(context, decl, span, "Name");
      return { kind: "TypeDecl", name, fields: nodes(decl, "field").map((f) => field(context, f, span)), span };
    }),
  enumDecl: (decl, context, near) =>
    declared(context, decl, near, (span): ast.EnumDecl => {
      const name = nameOf(context, decl, span, "Name");
      const members = tokens(decl, "PropertyName").map((member): ast.EnumMemberDecl => {
        const ident = identFrom(context, member, span);
        return withDoc<ast.EnumMemberDecl>(
          { kind: "EnumMember", name: ident, span: ident.span },
          context.docs.claim(member.startOffset),
        );
      });
      return { kind: "EnumDecl", name, members, span };
    }),
  modelDecl: (decl, context, near) =>
    declared(context, decl, near, (span): ast.ModelDecl => {
      const name = nameOf(context, decl, span, "Name");
      const id = stringOrEmpty(context, tokenAt(decl, "StringLiteral"), name.span);
      return { kind: "ModelDecl", name, id, settings: settings(context, decl, span), span };
    }),
  workerDecl: (decl, context, near) =>
    declared(context, decl, near, (span): ast.WorkerDecl => {
      const name = nameOf(context, nodeAt(decl, "signature"), span, "Name");
      const { params, returns } = signature(context, decl, span);
      return { kind: "WorkerDecl", name, params, returns, settings: settings(context, decl, span), span };
    }),
  toolDecl: (decl, context, near) => declared(context, decl, near, (span) => toolDecl(context, decl, span)),
  flowDecl: (decl, context, near) =>
    declared(context, decl, near, (span): ast.FlowDecl => {
      const name = nameOf(context, nodeAt(decl, "signature"), span, "Name");
      const body = block(context, nodeAt(decl, "block"), span);
      const { params, returns } = signature(context, decl, span);
      return { kind: "FlowDecl", name, params, returns, body, span };
    }),
};

function toolDecl(context: BuildContext, decl: ToolDeclCstNode, span: ast.Span): ast.ToolDecl {
  const name = nameOf(context, nodeAt(decl, "signature"), span, "Name");
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

function field(context: BuildContext, node: FieldCstNode, near: ast.Span): ast.FieldDecl {
  const span = nodeSpan(context, node, near);
  const name = nameOf(context, node, span, "PropertyName");
  const optional = tokenAt(node, "Question") !== undefined;
  const type = typeExpr(context, nodeAt(node, "typeExpr"), span);
  return withDoc<ast.FieldDecl>({ kind: "Field", name, optional, type, span }, context.docs.claim(startOffset(node)));
}

function settings(context: BuildContext, decl: ModelDeclCstNode | WorkerDeclCstNode, near: ast.Span): ast.Setting[] {
  return nodes(nodeAt(decl, "settingsBody"), "setting").map((node) => {
    const span = nodeSpan(context, node, near);
    const name = nameOf(context, node, span, "PropertyName");
    return { kind: "Setting", name, value: buildExpression(context, nodeAt(node, "expression"), name.span), span };
  });
}

function signature(
  context: BuildContext,
  decl: WorkerDeclCstNode | ToolDeclCstNode | FlowDeclCstNode,
  near: ast.Span,
): { params: ast.Param[]; returns: ast.TypeExpr } {
  const node = nodeAt(decl, "signature");
  const span = nodeSpan(context, node, near);
  const params = nodes(nodeAt(node, "parameterList"), "parameter").map((param) => {
    const paramSpan = nodeSpan(context, param, span);
    const name = nameOf(context, param, paramSpan, "Name");
    const type = typeExpr(context, nodeAt(param, "typeExpr"), name.span);
    return withDoc<ast.Param>({ kind: "Param", name, type, span: paramSpan }, context.docs.claim(startOffset(param)));
  });
  return { params, returns: typeExpr(context, nodeAt(node, "typeExpr"), span) };
}

// ------------------------------------------------------------ types

function typeExpr(context: BuildContext, node: TypeExprCstNode | undefined, near: ast.Span): ast.TypeExpr {
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
    const name = nameOf(context, arrayable, near, "Name");
    type = { kind: "NamedType", name, span: name.span };
  }
  for (const bracket of brackets) {
    type = { kind: "ArrayType", element: type, span: joinSpans(span, tokenSpan(context, bracket)) };
  }
  return type;
}
