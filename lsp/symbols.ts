// What a name in a `.flow` file refers to, as one string key, so that every
// place naming the same thing (across modules) compares equal: definition,
// references and rename are lookups of keys.
import type { Span, Type } from "../compiler/plan/ir.ts";

export type SymbolKind =
  | "decl" // a record, enum, model, worker, tool or flow
  | "field" // a record field
  | "member" // an enum member
  | "param" // a parameter of a worker, tool or flow
  | "let" // a `let` in a flow
  | "binder" // the `x` of `map x in xs` / `filter x in xs`
  | "builtin" // split, flatten, len, join, concat, sum, min, max, sort, count
  | "module" // the path of an `import`
  | "implementation"; // the TypeScript file of a tool

export interface SymbolRef {
  readonly kind: SymbolKind;
  /** Absolute path of the declaring file (for `implementation`, the `.ts` file; empty for built-ins). */
  readonly file: string;
  /** `Deck`, `Deck.name`, `Verdict.invest`, `evaluate_deck.deck`, a local's name. */
  readonly name: string;
  /** For locals: the offset of the name where it is declared (two `let x` in sibling blocks differ). */
  readonly at?: number;
}

/** One place in a file that names a symbol. */
export interface Occurrence {
  /** The span of the name itself. */
  readonly span: Span;
  readonly symbol: SymbolRef;
  readonly key: string;
  /** True where the symbol is declared (the name in `type Deck`, `let x`, a parameter, ...). */
  readonly definition: boolean;
  /** The type of the value named here, when the checked plan has it. */
  readonly type?: Type;
}

export function symbolKey(s: SymbolRef): string {
  return `${s.kind} ${s.file}#${s.name}${s.at === undefined ? "" : `@${s.at}`}`;
}

export function occurrence(span: Span, symbol: SymbolRef, definition: boolean, type?: Type): Occurrence {
  return { span, symbol, key: symbolKey(symbol), definition, ...(type !== undefined ? { type } : {}) };
}

/** Kinds whose every occurrence can be renamed together. */
export function isRenamable(kind: SymbolKind): boolean {
  return kind !== "builtin" && kind !== "module" && kind !== "implementation";
}
