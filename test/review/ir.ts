// Small builders for hand-made plan IR in tests.
import { T as CheckerTypes } from "../../compiler/check/types.ts";
import type { CallableRef, Declaration, Expr, FlowDef, ParamDef, Program, Stmt, ToolDef, Type, WorkerDef } from "../../compiler/plan/ir.ts";

export const MOD = "/virtual/main.flow";
const at = { offset: 0, line: 1, column: 1 };
export const span = { file: MOD, start: at, end: at };

/** The checker's type constructors, with records of this test module. */
export const T = { ...CheckerTypes, record: (name: string): Type => ({ kind: "record", name, module: MOD }) };

export function param(name: string, type: Type): ParamDef {
  return { name, type, span };
}

export function ref(kind: CallableRef["kind"], name: string): CallableRef {
  return { kind, name, module: MOD };
}

export function worker(name: string, params: ParamDef[], options: Partial<WorkerDef> = {}): WorkerDef {
  return {
    kind: "worker",
    name,
    signature: { params, returns: T.string },
    instructions: { text: `Do ${name}.`, paths: [] },
    uses: [],
    span,
    ...options,
  };
}

export function tool(name: string, params: ParamDef[], options: Partial<ToolDef> = {}): ToolDef {
  return {
    kind: "tool",
    name,
    signature: { params, returns: T.string },
    from: `./tools/${name}.ts`,
    implementation: `/virtual/tools/${name}.ts`,
    needsApproval: false,
    span,
    ...options,
  };
}

export function flow(name: string, params: ParamDef[], body: Stmt[], returns: Type = T.string): FlowDef {
  return { kind: "flow", name, signature: { params, returns }, body, span };
}

export function program(...decls: Declaration[]): Program {
  return { modules: [{ file: MOD, imports: [], decls }] };
}

export const E = {
  param: (name: string, type: Type = T.array(T.string)): Expr => ({ kind: "var", name, binding: "param", type, span }),
  let: (name: string, type: Type = T.array(T.string)): Expr => ({ kind: "var", name, binding: "let", type, span }),
  binder: (name: string, type: Type = T.string): Expr => ({ kind: "var", name, binding: "binder", type, span }),
  num: (value: number): Expr => ({ kind: "literal", value, type: T.int, span }),
  str: (value: string): Expr => ({ kind: "literal", value, type: T.string, span }),
  member: (object: Expr, property: string, type: Type = T.array(T.string)): Expr => ({ kind: "member", object, property, type, span }),
  call: (callee: CallableRef, args: Record<string, Expr>): Expr => ({
    kind: "call",
    callee,
    args: Object.entries(args).map(([p, value]) => ({ param: p, value })),
    type: T.string,
    span,
  }),
  map: (binder: string, source: Expr, body: Expr, concurrency?: number): Expr => ({
    kind: "map",
    binder,
    binderType: source.type.kind === "array" ? source.type.element : T.never,
    source,
    body,
    concurrency,
    type: T.array(body.type),
    span,
  }),
  filter: (binder: string, source: Expr, body: Expr): Expr => ({
    kind: "filter",
    binder,
    binderType: source.type.kind === "array" ? source.type.element : T.never,
    source,
    body,
    type: source.type,
    span,
  }),
  reduce: (source: Expr, fn: CallableRef, fnParam: string, batch?: number): Expr => ({
    kind: "reduce",
    source,
    fn,
    param: fnParam,
    batch,
    type: T.string,
    span,
  }),
  split: (text: Expr, maxChars: number, overlap?: number): Expr => ({
    kind: "builtin",
    name: "split",
    args: [text],
    options: [{ name: "max_chars", value: E.num(maxChars) }, ...(overlap === undefined ? [] : [{ name: "overlap", value: E.num(overlap) }])],
    type: T.array(T.string),
    span,
  }),
  flatten: (xss: Expr): Expr => ({ kind: "builtin", name: "flatten", args: [xss], options: [], type: T.array(T.string), span }),
  bool: (value: boolean): Expr => ({ kind: "literal", value, type: T.bool, span }),
};

export const S = {
  let: (name: string, value: Expr): Stmt => ({ kind: "let", name, value, type: value.type, mutable: false, span }),
  assign: (name: string, value: Expr): Stmt => ({ kind: "assign", name, value, span }),
  expr: (expr: Expr): Stmt => ({ kind: "expr", expr, span }),
  ret: (value?: Expr): Stmt => ({ kind: "return", value, span }),
  if: (condition: Expr, then: Stmt[], otherwise?: Stmt[]): Stmt => ({ kind: "if", condition, then, else: otherwise, span }),
  repeat: (max: number, body: Stmt[]): Stmt => ({ kind: "repeat", max, body, span }),
  brk: (): Stmt => ({ kind: "break", span }),
};
