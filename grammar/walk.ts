// The one traversal of the syntax tree. `childNodes` lists each kind's
// children once, in source order, in a switch the type system keeps
// complete (every case returns a list, so a kind left out does not compile);
// the nesting bound (nesting.ts), the LSP's scopes and every other walker of
// the tree are built on it.
import type * as ast from "./ast.ts";

export type ExprOf<K extends ast.Expr["kind"]> = Extract<ast.Expr, { kind: K }>;

/** The nodes of a declaration that hold other nodes, or may. */
export type Nested =
  | ast.Decl
  | ast.FieldDecl
  | ast.Setting
  | ast.Param
  | ast.TypeExpr
  | ast.Block
  | ast.Stmt
  | ast.Expr
  | ast.Arg
  | ast.ObjectEntry;

const NONE: readonly Nested[] = [];

/** The direct children of `node` that may hold other nodes, in source order (names and docs left out). */
export function childNodes(node: Nested): readonly Nested[] {
  switch (node.kind) {
    case "TypeDecl":
      return node.fields;
    case "EnumDecl":
      return NONE;
    case "ModelDecl":
      return node.settings;
    case "WorkerDecl":
      return [...node.params, node.returns, ...node.settings];
    case "ToolDecl":
      return [...node.params, node.returns];
    case "FlowDecl":
      return [...node.params, node.returns, node.body];
    case "Field":
    case "Param":
      return [node.type];
    case "Setting":
    case "Arg":
    case "ObjectEntry":
    case "Let":
    case "Assign":
      return [node.value];
    case "NamedType":
    case "LiteralUnion":
      return NONE;
    case "ArrayType":
      return [node.element];
    case "Block":
      return node.statements;
    case "ExprStmt":
      return [node.expr];
    case "Return":
      return node.value === undefined ? NONE : [node.value];
    case "If":
      return node.else === undefined ? [node.condition, node.then] : [node.condition, node.then, node.else];
    case "Repeat":
      return [...node.options, node.body];
    case "Break":
    case "String":
    case "Number":
    case "Bool":
    case "Name":
      return NONE;
    case "Array":
      return node.elements;
    case "Object":
      return node.entries;
    case "Member":
      return [node.object];
    case "Call":
      return node.args;
    case "Binary":
      return [node.left, node.right];
    case "Unary":
      return [node.operand];
    case "Map":
    case "Filter":
      return [node.source, ...node.options, node.body];
    case "Reduce":
      return [node.source, ...node.options];
  }
}

/** The direct sub-expressions of `e` (call arguments and option values included), in source order. */
export function exprChildren(e: ast.Expr): readonly ast.Expr[] {
  return childNodes(e).map(valueOf);
}

/** An expression's children are expressions, or arguments and object entries holding one. */
function valueOf(node: Nested): ast.Expr {
  return node.kind === "Arg" || node.kind === "ObjectEntry" ? node.value : (node as ast.Expr);
}
