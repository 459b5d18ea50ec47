// The type model of the program generator (gen-program.ts): the `.flow` types
// a generated program uses, how they are written, and which values fit where.
// A small mirror of the checker's rules, only as far as the generator needs
// them to write programs the checker accepts most of the time.

export type GType =
  | { readonly k: "string" | "int" | "number" | "bool" | "json" }
  | { readonly k: "array"; readonly el: GType }
  | { readonly k: "record"; readonly name: string }
  | { readonly k: "enum"; readonly name: string }
  | { readonly k: "lits"; readonly values: readonly string[] };

export const G = {
  string: { k: "string" } as GType,
  int: { k: "int" } as GType,
  number: { k: "number" } as GType,
  bool: { k: "bool" } as GType,
  json: { k: "json" } as GType,
  array: (el: GType): GType => ({ k: "array", el }),
};

export interface GField {
  readonly name: string;
  readonly type: GType;
  readonly optional: boolean;
}

export interface GCallable {
  readonly kind: "worker" | "tool" | "flow";
  readonly name: string;
  readonly params: readonly { readonly name: string; readonly type: GType }[];
  /** Undefined for `-> void`. */
  readonly returns: GType | undefined;
}

/** How the type is written in `.flow`. */
export function typeText(t: GType): string {
  switch (t.k) {
    case "array":
      // `("a" | "b")[]`: a literal union takes `[]` only in parentheses.
      return t.el.k === "lits" ? `(${typeText(t.el)})[]` : `${typeText(t.el)}[]`;
    case "record":
    case "enum":
      return t.name;
    case "lits":
      return t.values.map((v) => JSON.stringify(v)).join(" | ");
    default:
      return t.k;
  }
}

export function sameType(a: GType, b: GType): boolean {
  return typeText(a) === typeText(b);
}

/**
 * May a value of type `from` stand where `to` is expected? The checker's rule
 * for these types: `int` fits `number`, a literal union fits `string` and the
 * unions that hold all its values, everything (records too) fits `json`.
 */
export function fits(from: GType, to: GType): boolean {
  // Records included: they are emitted as object type aliases, which fit the runtime's `Json`.
  if (to.k === "json") return true;
  if (to.k === "number") return from.k === "number" || from.k === "int";
  if (to.k === "string") return from.k === "string" || from.k === "lits";
  if (to.k === "lits") return from.k === "lits" && from.values.every((v) => to.values.includes(v));
  if (to.k === "array") return from.k === "array" && fits(from.el, to.el);
  return sameType(from, to);
}

/** What the checker makes of a `let` that is assigned again: literal unions become `string`. */
export function widen(t: GType): GType {
  if (t.k === "lits") return G.string;
  if (t.k === "array") return G.array(widen(t.el));
  return t;
}

/** Types compared with `==` in generated programs (the checker compares any two, but keep it readable). */
export function comparable(t: GType): boolean {
  return t.k === "string" || t.k === "int" || t.k === "number" || t.k === "bool" || t.k === "enum" || t.k === "lits";
}
