// The checked plan: what the checker hands to emit and review. Names are
// resolved, every expression carries its type, call arguments are in
// parameter order. Nothing here points back at the syntax tree except spans.
import type { Span } from "../../grammar/ast.ts";
import { exprChildren } from "./walk.ts";

export type { Span };

// ---------------------------------------------------------------- types

export type Type =
  | { readonly kind: "string" }
  | { readonly kind: "int" }
  | { readonly kind: "number" }
  | { readonly kind: "bool" }
  | { readonly kind: "json" }
  | { readonly kind: "void" }
  | { readonly kind: "array"; readonly element: Type }
  /** A declared record; `module` is the absolute path of the `.flow` file that declares it. */
  | { readonly kind: "record"; readonly name: string; readonly module: string }
  | { readonly kind: "enum"; readonly name: string; readonly module: string }
  /** `"a" | "b"`, members in source order. */
  | { readonly kind: "literals"; readonly values: readonly string[] }
  /** The type of an object literal before it meets an expected record type. */
  | { readonly kind: "object"; readonly fields: readonly { readonly name: string; readonly type: Type }[] }
  /** The element type of `[]`; assignable to every type. */
  | { readonly kind: "never" }
  /** After an error: assignable both ways, so one mistake reports once. */
  | { readonly kind: "error" };

export type TypeKind = Type["kind"];

// ---------------------------------------------------------------- program

/** Every module reached from the entry files, dependencies before dependents. */
export interface Program {
  readonly modules: readonly PlanModule[];
}

export interface PlanModule {
  /** Absolute path of the `.flow` file. */
  readonly file: string;
  readonly imports: readonly PlanImport[];
  /** Declarations in source order. */
  readonly decls: readonly Declaration[];
}

export interface PlanImport {
  readonly names: readonly string[];
  /** Absolute path of the imported `.flow` file. */
  readonly module: string;
  /** As written in the source (`"./types.flow"`). */
  readonly specifier: string;
  /** The specifier's string in the importing file. */
  readonly span: Span;
}

export type Declaration = RecordDef | EnumDef | ModelDef | WorkerDef | ToolDef | FlowDef;
export type CallableDef = WorkerDef | ToolDef | FlowDef;

export interface RecordDef {
  readonly kind: "record";
  readonly name: string;
  readonly doc?: string;
  readonly fields: readonly FieldDef[];
  readonly span: Span;
}

export interface FieldDef {
  readonly name: string;
  readonly doc?: string;
  readonly type: Type;
  readonly optional: boolean;
  readonly span: Span;
}

export interface EnumDef {
  readonly kind: "enum";
  readonly name: string;
  readonly doc?: string;
  readonly members: readonly { readonly name: string; readonly doc?: string }[];
  readonly span: Span;
}

/** Literal model settings (`temperature: 0.2`), passed to the provider as they are. */
export type SettingValue = string | number | boolean;

export interface ModelDef {
  readonly kind: "model";
  readonly name: string;
  readonly doc?: string;
  readonly id: string;
  readonly settings: readonly { readonly name: string; readonly value: SettingValue }[];
  readonly span: Span;
}

export interface ParamDef {
  readonly name: string;
  readonly type: Type;
  readonly span: Span;
}

export interface Signature {
  readonly params: readonly ParamDef[];
  readonly returns: Type;
}

/** A resolved reference to a callable, possibly in another module. */
export interface CallableRef {
  readonly kind: "worker" | "tool" | "flow";
  readonly name: string;
  readonly module: string;
}

export interface ModelRef {
  /** A declared `model` (`module` is where it is declared) or an inline id string. */
  readonly kind: "declared" | "inline";
  readonly name?: string;
  readonly module?: string;
  readonly id: string;
}

export interface Template {
  /** The text with `{{path}}` placeholders kept as written. */
  readonly text: string;
  /** Every placeholder, checked against the parameters. */
  readonly paths: readonly (readonly string[])[];
}

export interface WorkerDef {
  readonly kind: "worker";
  readonly name: string;
  readonly doc?: string;
  readonly signature: Signature;
  readonly model?: ModelRef;
  readonly instructions: Template;
  /** An expression over the parameters (`Var` nodes with binding "param"). */
  readonly context?: Expr;
  readonly uses: readonly CallableRef[];
  readonly maxTurns?: number;
  readonly maxDepth?: number;
  readonly temperature?: number;
  readonly retries?: number;
  /** Set by `answer: code`: the worker answers by writing JavaScript cells (docs/code-workers.md). */
  readonly code?: CodeSettings;
  readonly span: Span;
}

/** A code worker's own settings; `max_turns` and `max_depth` are the worker's. */
export interface CodeSettings {
  readonly maxSubCalls?: number;
  readonly batchConcurrency?: number;
}

export interface ToolDef {
  readonly kind: "tool";
  readonly name: string;
  readonly doc?: string;
  readonly signature: Signature;
  /** As written (`"./tools/market.ts"`), relative to the `.flow` file. */
  readonly from: string;
  /** Absolute path of the implementation file. */
  readonly implementation: string;
  readonly needsApproval: boolean;
  readonly span: Span;
}

export interface FlowDef {
  readonly kind: "flow";
  readonly name: string;
  readonly doc?: string;
  readonly signature: Signature;
  readonly body: readonly Stmt[];
  readonly span: Span;
}

// ---------------------------------------------------------------- statements

export type Stmt =
  /**
   * `type` is the variable's type as the checker has it, which emit declares
   * as it is: the value's type, widened to `string` for a reassigned
   * `let x = "a"`, learned from the first assignment for `let xs = []`, a
   * record for `let p = { ... }` later assigned one. Never re-inferred.
   */
  | {
      readonly kind: "let";
      readonly name: string;
      readonly value: Expr;
      readonly type: Type;
      readonly mutable: boolean;
      readonly span: Span;
    }
  | { readonly kind: "assign"; readonly name: string; readonly value: Expr; readonly span: Span }
  | { readonly kind: "expr"; readonly expr: Expr; readonly span: Span }
  | { readonly kind: "return"; readonly value?: Expr; readonly span: Span }
  | {
      readonly kind: "if";
      readonly condition: Expr;
      readonly then: readonly Stmt[];
      readonly else?: readonly Stmt[];
      readonly span: Span;
    }
  | { readonly kind: "repeat"; readonly max: number; readonly body: readonly Stmt[]; readonly span: Span }
  | { readonly kind: "break"; readonly span: Span };

export type StmtKind = Stmt["kind"];

// ---------------------------------------------------------------- expressions

export type BinaryOp = "==" | "!=" | "<" | "<=" | ">" | ">=" | "and" | "or" | "??" | "+" | "-" | "*" | "/";
export type BuiltinName = "split" | "flatten" | "len" | "join" | "concat" | ListBuiltinName;
/** The list built-ins of aggregation: `by:` is a field path (a string literal `"a.b"` in `options`). */
export type ListBuiltinName = "sum" | "min" | "max" | "sort" | "count";

interface ExprBase<K extends string> {
  readonly kind: K;
  readonly type: Type;
  readonly span: Span;
}

export type Expr =
  | (ExprBase<"literal"> & { readonly value: string | number | boolean })
  | (ExprBase<"array"> & { readonly elements: readonly Expr[] })
  | (ExprBase<"object"> & { readonly entries: readonly { readonly key: string; readonly value: Expr }[] })
  /** A parameter, a `let`, or the binder of a map/filter. */
  | (ExprBase<"var"> & { readonly name: string; readonly binding: "param" | "let" | "binder" })
  | (ExprBase<"member"> & { readonly object: Expr; readonly property: string })
  | (ExprBase<"enum-member"> & { readonly enumName: string; readonly module: string; readonly member: string })
  /** Arguments in parameter order, by name. */
  | (ExprBase<"call"> & {
      readonly callee: CallableRef;
      readonly args: readonly { readonly param: string; readonly value: Expr }[];
    })
  /** Built-in call; named options (`max_chars`, `overlap`; `by`, `descending`, `empty`) are in `options`. */
  | (ExprBase<"builtin"> & {
      readonly name: BuiltinName;
      readonly args: readonly Expr[];
      readonly options: readonly { readonly name: string; readonly value: Expr }[];
    })
  | (ExprBase<"binary"> & { readonly op: BinaryOp; readonly left: Expr; readonly right: Expr })
  | (ExprBase<"unary"> & { readonly op: "not" | "-"; readonly operand: Expr })
  /** `binderType` is the type of `binder` (the source's element type): bindings carry the checker's type. */
  | (ExprBase<"map"> & {
      readonly binder: string;
      readonly binderType: Type;
      readonly source: Expr;
      readonly concurrency?: number;
      readonly body: Expr;
    })
  | (ExprBase<"filter"> & {
      readonly binder: string;
      readonly binderType: Type;
      readonly source: Expr;
      readonly concurrency?: number;
      readonly body: Expr;
    })
  /** Tree reduction with a callable `(T[]) -> T`; `param` is its one parameter's name; `empty` the result for `[]`. */
  | (ExprBase<"reduce"> & {
      readonly source: Expr;
      readonly fn: CallableRef;
      readonly param: string;
      readonly batch?: number;
      readonly empty?: Expr;
    });

export type ExprKind = Expr["kind"];

export function isListBuiltin(name: BuiltinName): name is ListBuiltinName {
  return name === "sum" || name === "min" || name === "max" || name === "sort" || name === "count";
}

/** True when evaluating `e` may call a worker, tool or flow (so it must be awaited). */
export function containsCall(e: Expr): boolean {
  return e.kind === "call" || e.kind === "reduce" || exprChildren(e).some(containsCall);
}
