// The locals visible at a cursor in a flow or a worker: parameters, the
// `let`s declared before it in the enclosing blocks, and the binders of the
// `map`/`filter` bodies around it. Read from the syntax tree of the current
// text, which the parser recovers even while a line is half typed.
import type * as Ast from "../grammar/ast.ts";
import { exprChildren } from "../grammar/walk.ts";
import { assertNever } from "../grammar/exhaustive.ts";

export interface VisibleLocal {
  readonly name: string;
  /** The span of the name where it is declared (to find its type). */
  readonly span: Ast.Span;
  readonly kind: "param" | "let" | "binder";
}

const inside = (node: { span: Ast.Span }, offset: number): boolean => node.span.start.offset <= offset && offset <= node.span.end.offset;

/** The declaration around `offset`, else the last one that starts before it (its end may be lost while typing). */
export function declarationAt(ast: Ast.Module, offset: number): Ast.Decl | undefined {
  const around = ast.decls.find((d) => inside(d, offset));
  if (around !== undefined) return around;
  const before = ast.decls.filter((d) => d.span.start.offset <= offset);
  return before.at(-1);
}

/** `line` is the cursor's 1-based line. */
export function localsAt(decl: Ast.Decl, offset: number, line: number): VisibleLocal[] {
  if (decl.kind !== "WorkerDecl" && decl.kind !== "ToolDecl" && decl.kind !== "FlowDecl") return [];
  const out: VisibleLocal[] = decl.params.map((p) => ({ name: p.name.name, span: p.name.span, kind: "param" }));
  if (decl.kind === "FlowDecl") block(decl.body, offset, line, out);
  return out;
}

function block(b: Ast.Block, offset: number, line: number, out: VisibleLocal[]): void {
  for (const s of b.statements) {
    if (s.span.start.offset > offset) break;
    if (s.kind === "Let") {
      // Visible from the next line on: on its own line the `let` is still being typed.
      if (s.span.end.offset <= offset && s.span.end.line < line) out.push({ name: s.name.name, span: s.name.span, kind: "let" });
      else expr(s.value, offset, out);
    } else if (inside(s, offset)) statement(s, offset, line, out);
  }
}

function statement(s: Ast.Stmt, offset: number, line: number, out: VisibleLocal[]): void {
  switch (s.kind) {
    case "If":
      expr(s.condition, offset, out);
      if (inside(s.then, offset)) block(s.then, offset, line, out);
      else if (s.else?.kind === "Block" && inside(s.else, offset)) block(s.else, offset, line, out);
      else if (s.else !== undefined && s.else.kind === "If" && inside(s.else, offset)) statement(s.else, offset, line, out);
      return;
    case "Repeat":
      if (inside(s.body, offset)) block(s.body, offset, line, out);
      return;
    case "Assign":
    case "Let":
      return expr(s.value, offset, out);
    case "ExprStmt":
      return expr(s.expr, offset, out);
    case "Return":
      if (s.value !== undefined) expr(s.value, offset, out);
      return;
    case "Break":
      return;
  }
  assertNever(s);
}

/** Binders of the map/filter bodies that contain `offset`. */
function expr(e: Ast.Expr, offset: number, out: VisibleLocal[]): void {
  if (!inside(e, offset)) return;
  if (e.kind === "Map" || e.kind === "Filter") {
    if (offset >= e.binder.span.end.offset) out.push({ name: e.binder.name, span: e.binder.span, kind: "binder" });
    expr(e.body, offset, out);
    return;
  }
  for (const child of exprChildren(e)) expr(child, offset, out);
}
