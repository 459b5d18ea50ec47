// The syntax tree of one `.flow` file. Every node is readonly, carries a
// `kind` tag and the span of the source it came from, so later phases can
// point diagnostics at the smallest piece of text that is wrong.

/** 1-based line and column; `offset` is the 0-based UTF-16 index into the text. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** [start, end): `end` is the position just after the last character. */
export interface Span {
  readonly file: string;
  readonly start: Position;
  readonly end: Position;
}

interface NodeBase<K extends string> {
  readonly kind: K;
  readonly span: Span;
}

export interface Ident extends NodeBase<"Ident"> {
  readonly name: string;
}

/** The text of the `///` lines above a declaration, joined by "\n", without the slashes and one leading space. */
export interface Doc extends NodeBase<"Doc"> {
  readonly text: string;
}

/** A `//` or `///` comment that is not a doc comment of a declaration; kept for `flowc fmt`. */
export interface Comment extends NodeBase<"Comment"> {
  readonly text: string; // the whole comment including the slashes
}

// ---------------------------------------------------------------- module

export interface Module extends NodeBase<"Module"> {
  readonly imports: readonly ImportDecl[];
  readonly decls: readonly Decl[];
  /** Every `//` comment (and stray `///`) in source order, for the formatter. */
  readonly comments: readonly Comment[];
}

export interface ImportDecl extends NodeBase<"Import"> {
  readonly names: readonly Ident[];
  readonly from: StringLit;
}

export type Decl = TypeDecl | EnumDecl | ModelDecl | WorkerDecl | ToolDecl | FlowDecl;

export interface TypeDecl extends NodeBase<"TypeDecl"> {
  readonly name: Ident;
  readonly doc?: Doc;
  readonly fields: readonly FieldDecl[];
}

export interface FieldDecl extends NodeBase<"Field"> {
  readonly name: Ident;
  readonly doc?: Doc;
  readonly optional: boolean;
  readonly type: TypeExpr;
}

export interface EnumDecl extends NodeBase<"EnumDecl"> {
  readonly name: Ident;
  readonly doc?: Doc;
  readonly members: readonly EnumMemberDecl[];
}

export interface EnumMemberDecl extends NodeBase<"EnumMember"> {
  readonly name: Ident;
  readonly doc?: Doc;
}

export interface ModelDecl extends NodeBase<"ModelDecl"> {
  readonly name: Ident;
  readonly doc?: Doc;
  readonly id: StringLit;
  readonly settings: readonly Setting[];
}

/** `name: value` inside a `model { }` or `worker { }` body. */
export interface Setting extends NodeBase<"Setting"> {
  readonly name: Ident;
  readonly value: Expr;
}

export interface Param extends NodeBase<"Param"> {
  readonly name: Ident;
  /** `///` lines directly above the parameter, when it stands on its own line. */
  readonly doc?: Doc;
  readonly type: TypeExpr;
}

export interface WorkerDecl extends NodeBase<"WorkerDecl"> {
  readonly name: Ident;
  readonly doc?: Doc;
  readonly params: readonly Param[];
  readonly returns: TypeExpr;
  /** In source order; the checker validates names (model, instructions, context, uses, max_turns, max_depth, temperature, retries). */
  readonly settings: readonly Setting[];
}

export interface ToolDecl extends NodeBase<"ToolDecl"> {
  readonly name: Ident;
  readonly doc?: Doc;
  readonly params: readonly Param[];
  readonly returns: TypeExpr;
  readonly from: StringLit;
  /** Span of `needs approval` when present. */
  readonly needsApproval?: Span;
}

export interface FlowDecl extends NodeBase<"FlowDecl"> {
  readonly name: Ident;
  readonly doc?: Doc;
  readonly params: readonly Param[];
  readonly returns: TypeExpr;
  readonly body: Block;
}

// ---------------------------------------------------------------- types

export type TypeExpr = NamedType | ArrayType | LiteralUnionType;

/** `string`, `int`, `number`, `bool`, `json`, `void` or a declared record/enum name. */
export interface NamedType extends NodeBase<"NamedType"> {
  readonly name: Ident;
}

export interface ArrayType extends NodeBase<"ArrayType"> {
  readonly element: TypeExpr;
}

/** `"a" | "b"`; a single string literal is a union of one. */
export interface LiteralUnionType extends NodeBase<"LiteralUnion"> {
  readonly members: readonly StringLit[];
}

// ---------------------------------------------------------------- statements

export interface Block extends NodeBase<"Block"> {
  readonly statements: readonly Stmt[];
}

export type Stmt = LetStmt | AssignStmt | ExprStmt | ReturnStmt | IfStmt | RepeatStmt | BreakStmt;

export interface LetStmt extends NodeBase<"Let"> {
  readonly name: Ident;
  readonly value: Expr;
}

export interface AssignStmt extends NodeBase<"Assign"> {
  readonly target: Ident;
  readonly value: Expr;
}

export interface ExprStmt extends NodeBase<"ExprStmt"> {
  readonly expr: Expr;
}

export interface ReturnStmt extends NodeBase<"Return"> {
  readonly value?: Expr;
}

export interface IfStmt extends NodeBase<"If"> {
  readonly condition: Expr;
  readonly then: Block;
  /** `else { }` is a Block, `else if` is a nested IfStmt. */
  readonly else?: Block | IfStmt;
}

export interface RepeatStmt extends NodeBase<"Repeat"> {
  /** The `max` option; normally an IntLit, checked by the checker. */
  readonly options: readonly Arg[];
  readonly body: Block;
}

export interface BreakStmt extends NodeBase<"Break"> {}

// ---------------------------------------------------------------- expressions

export type Expr =
  | StringLit
  | NumberLit
  | BoolLit
  | ArrayLit
  | ObjectLit
  | NameRef
  | MemberExpr
  | CallExpr
  | BinaryExpr
  | UnaryExpr
  | MapExpr
  | FilterExpr
  | ReduceExpr;

/** A `{{a.b}}` reference inside a string; `span` covers the braces. */
export interface TemplateRef {
  readonly path: readonly string[];
  readonly span: Span;
}

export interface StringLit extends NodeBase<"String"> {
  /** The decoded value (escapes resolved; for `"""` the common indentation and the first/last blank line removed). */
  readonly value: string;
  readonly triple: boolean;
  readonly templates: readonly TemplateRef[];
}

export interface NumberLit extends NodeBase<"Number"> {
  readonly value: number;
  /** True when written without `.` or exponent, so `int` accepts it. */
  readonly integer: boolean;
}

export interface BoolLit extends NodeBase<"Bool"> {
  readonly value: boolean;
}

export interface ArrayLit extends NodeBase<"Array"> {
  readonly elements: readonly Expr[];
}

export interface ObjectEntry extends NodeBase<"ObjectEntry"> {
  readonly key: Ident;
  readonly value: Expr;
}

export interface ObjectLit extends NodeBase<"Object"> {
  readonly entries: readonly ObjectEntry[];
}

export interface NameRef extends NodeBase<"Name"> {
  readonly name: Ident;
}

/** `a.b`, and also `Verdict.invest` (the checker tells them apart). */
export interface MemberExpr extends NodeBase<"Member"> {
  readonly object: Expr;
  readonly property: Ident;
}

/** `name: value` or a positional `value`. */
export interface Arg extends NodeBase<"Arg"> {
  readonly name?: Ident;
  readonly value: Expr;
}

export interface CallExpr extends NodeBase<"Call"> {
  readonly callee: Ident;
  readonly args: readonly Arg[];
}

export type BinaryOp = "==" | "!=" | "<" | "<=" | ">" | ">=" | "and" | "or" | "??" | "+" | "-" | "*" | "/";

export interface BinaryExpr extends NodeBase<"Binary"> {
  readonly op: BinaryOp;
  readonly opSpan: Span;
  readonly left: Expr;
  readonly right: Expr;
}

export interface UnaryExpr extends NodeBase<"Unary"> {
  readonly op: "not" | "-";
  readonly operand: Expr;
}

/** `map x in xs (concurrency: N) => body` */
export interface MapExpr extends NodeBase<"Map"> {
  readonly binder: Ident;
  readonly source: Expr;
  readonly options: readonly Arg[];
  readonly body: Expr;
}

/** `filter x in xs => condition` */
export interface FilterExpr extends NodeBase<"Filter"> {
  readonly binder: Ident;
  readonly source: Expr;
  readonly options: readonly Arg[];
  readonly body: Expr;
}

/** `reduce xs with f (batch: N)` */
export interface ReduceExpr extends NodeBase<"Reduce"> {
  readonly source: Expr;
  readonly fn: Ident;
  readonly options: readonly Arg[];
}

export type Node =
  | Module
  | ImportDecl
  | Decl
  | FieldDecl
  | EnumMemberDecl
  | Setting
  | Param
  | TypeExpr
  | Block
  | Stmt
  | Expr
  | Arg
  | ObjectEntry
  | Ident
  | Doc
  | Comment;
