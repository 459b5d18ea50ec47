// The one traversal of the checked plan. Each expression and statement kind
// lists its parts once, in source order, in tables the type system keeps
// complete: a new kind does not compile until it is listed here, and every
// walker built on these (emit's parameter scan, the LSP's span index, the
// graph, `flowc run`'s worker list) then visits it.
import type { Expr, ExprKind, Stmt, StmtKind, Type, TypeKind } from "./ir.ts";

export type ExprOf<K extends ExprKind> = Extract<Expr, { kind: K }>;
export type StmtOf<K extends StmtKind> = Extract<Stmt, { kind: K }>;
export type TypeOf<K extends TypeKind> = Extract<Type, { kind: K }>;

const NONE: readonly never[] = [];

const exprChildRules: { readonly [K in ExprKind]: (e: ExprOf<K>) => readonly Expr[] } = {
  literal: () => NONE,
  var: () => NONE,
  "enum-member": () => NONE,
  array: (e) => e.elements,
  object: (e) => e.entries.map((x) => x.value),
  member: (e) => [e.object],
  call: (e) => e.args.map((a) => a.value),
  builtin: (e) => [...e.args, ...e.options.map((o) => o.value)],
  binary: (e) => [e.left, e.right],
  unary: (e) => [e.operand],
  map: (e) => [e.source, e.body],
  filter: (e) => [e.source, e.body],
  reduce: (e) => [e.source, ...(e.empty ? [e.empty] : [])],
};

/** The direct sub-expressions of `e`, in source order. */
export function exprChildren(e: Expr): readonly Expr[] {
  return (exprChildRules[e.kind] as (e: Expr) => readonly Expr[])(e);
}

/** A statement's own expressions and the blocks nested in it, each in source order. */
export interface StmtParts {
  readonly exprs: readonly Expr[];
  readonly blocks: readonly (readonly Stmt[])[];
}

const stmtPartRules: { readonly [K in StmtKind]: (s: StmtOf<K>) => StmtParts } = {
  let: (s) => ({ exprs: [s.value], blocks: NONE }),
  assign: (s) => ({ exprs: [s.value], blocks: NONE }),
  expr: (s) => ({ exprs: [s.expr], blocks: NONE }),
  return: (s) => ({ exprs: s.value === undefined ? NONE : [s.value], blocks: NONE }),
  if: (s) => ({ exprs: [s.condition], blocks: s.else === undefined ? [s.then] : [s.then, s.else] }),
  repeat: (s) => ({ exprs: NONE, blocks: [s.body] }),
  break: () => ({ exprs: NONE, blocks: NONE }),
};

export function stmtParts(s: Stmt): StmtParts {
  return (stmtPartRules[s.kind] as (s: Stmt) => StmtParts)(s);
}

/** Every expression written directly in `stmts` or their nested blocks (not sub-expressions), in source order. */
export function topExprs(stmts: readonly Stmt[]): Expr[] {
  const out: Expr[] = [];
  const visit = (list: readonly Stmt[]): void => {
    for (const s of list) {
      const parts = stmtParts(s);
      out.push(...parts.exprs);
      parts.blocks.forEach(visit);
    }
  };
  visit(stmts);
  return out;
}

/** Calls `visit` on `e` and each expression inside it, parents first. */
export function forEachExpr(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  for (const child of exprChildren(e)) forEachExpr(child, visit);
}

const typeChildRules: { readonly [K in TypeKind]: (t: TypeOf<K>) => readonly Type[] } = {
  string: () => NONE,
  int: () => NONE,
  number: () => NONE,
  bool: () => NONE,
  json: () => NONE,
  void: () => NONE,
  record: () => NONE,
  enum: () => NONE,
  literals: () => NONE,
  never: () => NONE,
  error: () => NONE,
  array: (t) => [t.element],
  object: (t) => t.fields.map((f) => f.type),
};

/** The types a type is made of: an array's element, an object's field types (a record's are behind its name). */
export function typeChildren(t: Type): readonly Type[] {
  return (typeChildRules[t.kind] as (t: Type) => readonly Type[])(t);
}

/** The types without parts or names: written as their kind, equal when their kinds are. */
export type PrimitiveType = TypeOf<"string" | "int" | "number" | "bool" | "json" | "void">;

const PRIMITIVE_KINDS: ReadonlySet<TypeKind> = new Set<PrimitiveType["kind"]>(["string", "int", "number", "bool", "json", "void"]);

export function isPrimitive(t: Type): t is PrimitiveType {
  return PRIMITIVE_KINDS.has(t.kind);
}
