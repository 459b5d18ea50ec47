// The nesting bound of the syntax tree (MAX_NESTING, grammar/limits.ts). The
// parser only bounds its own recursion; chains it reads in a loop (`a + b +
// ...`, `not not ...`, `T[][]...`, `a.b.c...`) still make deep trees, which
// every later phase walks recursively. A declaration nested deeper than the
// bound is reported here, at the node where the bound is crossed, and dropped.
import type * as ast from "./ast.ts";
import { MAX_NESTING } from "./limits.ts";
import { childNodes, type Nested } from "./walk.ts";

/** The first node (depth first, in source order) deeper than `limit` levels, the declaration being level 1. */
export function firstTooDeep(decl: ast.Decl, limit: number = MAX_NESTING): Nested | undefined {
  return visit(decl, 1, limit);
}

// Recursion is safe here: it never goes deeper than `limit` + 1.
function visit(node: Nested, depth: number, limit: number): Nested | undefined {
  if (depth > limit) return node;
  const inner = childNodes(node);
  for (let i = 0; i < inner.length; i++) {
    const found = visit(inner[i]!, depth + 1, limit);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The smallest piece of a node that shows where it starts: its operator, keyword, bracket or name. */
export function headSpan(node: Nested): ast.Span {
  switch (node.kind) {
    case "TypeDecl":
    case "EnumDecl":
    case "ModelDecl":
    case "WorkerDecl":
    case "ToolDecl":
    case "FlowDecl":
    case "Field":
    case "Setting":
    case "Param":
      return node.name.span;
    case "ObjectEntry":
      return node.key.span;
    case "Arg":
      return node.name?.span ?? headSpan(node.value);
    case "Assign":
      return node.target.span;
    case "ExprStmt":
      return headSpan(node.expr);
    case "NamedType":
    case "LiteralUnion":
    case "String":
    case "Number":
    case "Bool":
    case "Name":
    case "Break":
      return node.span;
    case "ArrayType":
      // Its span ends with its own `]`.
      return before(node.span, 1);
    case "Block":
    case "Array":
    case "Object":
      return after(node.span, 1);
    case "Let":
      return after(node.span, 3);
    case "Return":
    case "Repeat":
    case "Filter":
    case "Reduce":
      return after(node.span, 6);
    case "If":
      return after(node.span, 2);
    case "Map":
      return after(node.span, 3);
    case "Unary":
      return after(node.span, node.op.length);
    case "Binary":
      return node.opSpan;
    case "Member":
      return node.property.span;
    case "Call":
      return node.callee.span;
  }
}

/** The first `length` characters of a span that starts with a token of that length (so on one line). */
function after(span: ast.Span, length: number): ast.Span {
  const n = Math.min(length, Math.max(0, span.end.offset - span.start.offset));
  const start = span.start;
  return { file: span.file, start, end: { offset: start.offset + n, line: start.line, column: start.column + n } };
}

/** The last `length` characters of a span that ends with a token of that length. */
function before(span: ast.Span, length: number): ast.Span {
  const end = span.end;
  const n = Math.min(length, Math.max(0, end.offset - span.start.offset), end.column - 1);
  return { file: span.file, start: { offset: end.offset - n, line: end.line, column: end.column - n }, end };
}
