// Small builders for hand-written plan IR in emit tests.
import type {
  CallableRef,
  Declaration,
  Expr,
  FieldDef,
  ParamDef,
  PlanImport,
  PlanModule,
  Span,
  Stmt,
  Type,
} from "../../compiler/plan/ir.ts";
import { T } from "../../compiler/check/types.ts";

export const span: Span = {
  file: "/virtual/x.flow",
  start: { offset: 0, line: 1, column: 1 },
  end: { offset: 1, line: 1, column: 2 },
};

/** The checker's type constructors, plus named and object types with test-friendly arguments. */
export const t = {
  ...T,
  record: (name: string, module: string): Type => ({ kind: "record", name, module }),
  enum: (name: string, module: string): Type => ({ kind: "enum", name, module }),
  literals: (...values: string[]): Type => ({ kind: "literals", values }),
  object: (fields: Record<string, Type>): Type => ({
    kind: "object",
    fields: Object.entries(fields).map(([name, type]) => ({ name, type })),
  }),
};

/** The element type of an array expression, as the checker gives a map or filter binder. */
function elementOf(source: Expr): Type {
  return source.type.kind === "array" ? source.type.element : t.never;
}

export function field(name: string, type: Type, extra: Partial<FieldDef> = {}): FieldDef {
  return { name, type, optional: false, span, ...extra };
}

export function param(name: string, type: Type): ParamDef {
  return { name, type, span };
}

export const e = {
  str: (value: string): Expr => ({ kind: "literal", value, type: t.string, span }),
  num: (value: number, type: Type = t.int): Expr => ({ kind: "literal", value, type, span }),
  bool: (value: boolean): Expr => ({ kind: "literal", value, type: t.bool, span }),
  param: (name: string, type: Type): Expr => ({ kind: "var", name, binding: "param", type, span }),
  let: (name: string, type: Type): Expr => ({ kind: "var", name, binding: "let", type, span }),
  binder: (name: string, type: Type): Expr => ({ kind: "var", name, binding: "binder", type, span }),
  member: (object: Expr, property: string, type: Type): Expr => ({ kind: "member", object, property, type, span }),
  enumMember: (enumName: string, module: string, member: string): Expr => ({
    kind: "enum-member",
    enumName,
    module,
    member,
    type: t.enum(enumName, module),
    span,
  }),
  call: (callee: CallableRef, args: Record<string, Expr>, type: Type): Expr => ({
    kind: "call",
    callee,
    args: Object.entries(args).map(([p, value]) => ({ param: p, value })),
    type,
    span,
  }),
  builtin: (
    name: "split" | "flatten" | "len" | "join" | "concat",
    args: Expr[],
    type: Type,
    options: Record<string, Expr> = {},
  ): Expr => ({
    kind: "builtin",
    name,
    args,
    options: Object.entries(options).map(([n, value]) => ({ name: n, value })),
    type,
    span,
  }),
  bin: (op: Extract<Expr, { kind: "binary" }>["op"], left: Expr, right: Expr, type: Type = t.bool): Expr => ({
    kind: "binary",
    op,
    left,
    right,
    type,
    span,
  }),
  not: (operand: Expr): Expr => ({ kind: "unary", op: "not", operand, type: t.bool, span }),
  neg: (operand: Expr): Expr => ({ kind: "unary", op: "-", operand, type: operand.type, span }),
  array: (elements: Expr[], type: Type): Expr => ({ kind: "array", elements, type, span }),
  object: (entries: Record<string, Expr>, type?: Type): Expr => ({
    kind: "object",
    entries: Object.entries(entries).map(([key, value]) => ({ key, value })),
    type: type ?? t.object(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, v.type]))),
    span,
  }),
  map: (binder: string, source: Expr, body: Expr, concurrency?: number): Expr => ({
    kind: "map",
    binder,
    binderType: elementOf(source),
    source,
    body,
    concurrency,
    type: t.array(body.type),
    span,
  }),
  filter: (binder: string, source: Expr, body: Expr, concurrency?: number): Expr => ({
    kind: "filter",
    binder,
    binderType: elementOf(source),
    source,
    body,
    concurrency,
    type: source.type,
    span,
  }),
  reduce: (source: Expr, fn: CallableRef, p: string, batch?: number): Expr => ({
    kind: "reduce",
    source,
    fn,
    param: p,
    batch,
    type: source.type.kind === "array" ? source.type.element : t.never,
    span,
  }),
};

export const s = {
  /** `type`: the variable's type as the checker would have it (default: the value's). */
  let: (name: string, value: Expr, mutable = false, type: Type = value.type): Stmt => ({ kind: "let", name, value, type, mutable, span }),
  assign: (name: string, value: Expr): Stmt => ({ kind: "assign", name, value, span }),
  expr: (expr: Expr): Stmt => ({ kind: "expr", expr, span }),
  ret: (value?: Expr): Stmt => ({ kind: "return", value, span }),
  if: (condition: Expr, then: Stmt[], otherwise?: Stmt[]): Stmt => ({
    kind: "if",
    condition,
    then,
    else: otherwise,
    span,
  }),
  repeat: (max: number, body: Stmt[]): Stmt => ({ kind: "repeat", max, body, span }),
  break: (): Stmt => ({ kind: "break", span }),
};

export function module(file: string, decls: Declaration[], imports: PlanImport[] = []): PlanModule {
  return { file, imports, decls };
}
