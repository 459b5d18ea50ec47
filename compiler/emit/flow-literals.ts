// What TypeScript makes of the literals in a flow body, where it differs from
// the plan: it widens `"a"` to `string` in an array or object literal and in a
// callback's result, gives a constant (and `&&`, `||`, `!` of constants) a
// literal type, and narrows a reference after a condition. flows.ts writes
// the plan's types where those would disagree with the checker's.
import type { Expr, Type } from "../plan/ir.ts";
import type { LocalScope } from "./flows.ts";
import type { ModuleScope } from "./imports.ts";
import { comparesByValue } from "./types.ts";

/** Expressions whose TypeScript type is a declaration's (a callable's result, a variable's, a field's, a runtime function's). */
export function declaredType(e: Expr): boolean {
  switch (e.kind) {
    case "member":
      // A field of a literal (`{ v: "a" }.v`) has the literal's type for it.
      return e.object.kind !== "object" && e.object.kind !== "array";
    case "call":
    case "var":
    case "builtin":
    case "reduce":
    case "map":
    case "filter":
      return true;
    case "literal":
    case "array":
    case "object":
    case "enum-member":
    case "binary":
    case "unary":
      return false;
  }
}

/**
 * A string or an enum member in the expression (outside calls and other
 * expressions of declared types), whose literal type TypeScript widens to
 * `string` in an array or object literal or a callback's result.
 */
export function holdsText(e: Expr): boolean {
  switch (e.kind) {
    case "literal":
      return typeof e.value === "string";
    case "enum-member":
      return true;
    case "array":
      return e.elements.some(holdsText);
    case "object":
      return e.entries.some((x) => holdsText(x.value));
    case "binary":
      return holdsText(e.left) || holdsText(e.right);
    case "unary":
      return holdsText(e.operand);
    case "var":
    case "member":
    case "call":
    case "builtin":
    case "map":
    case "filter":
    case "reduce":
      return false;
  }
}

/** The type a literal's value has as a value: `"a"` is a `string`, `1` a `number`. */
export function widenedLiteral(type: Type): Type {
  return type.kind === "literals" ? { kind: "string" } : type;
}

/** A union to TypeScript (`boolean` is `true | false`): what it narrows a variable of to a literal it is given. */
function isUnion(type: Type): boolean {
  return type.kind === "bool" || type.kind === "enum" || (type.kind === "literals" && type.values.length > 1);
}

/**
 * The references (variables, fields) that TypeScript may have narrowed to a
 * literal type by now in one function: a primitive compared with `===`
 * (`s === "a"` narrows a `string`), a `boolean` in a condition, a union
 * (`boolean`, an enum) given a literal. Comparing two such values needs a
 * widening. One per function, fed in source order (the order code is
 * written); a mark is never cleared, which may only add a widening.
 */
export class Narrowing {
  private readonly narrowed = new Set<string>();

  constructor(private readonly module: ModuleScope) {}

  /** Records what TypeScript narrows after a condition (an `if`, the left of `and`/`or`, an `==`). */
  narrow(e: Expr, scope: LocalScope): void {
    const key = referenceKey(e, scope);
    if (key !== undefined) {
      if (comparesByValue(e.type)) this.narrowed.add(key);
      return;
    }
    if (e.kind === "binary" && (e.op === "and" || e.op === "or" || e.op === "==" || e.op === "!=")) {
      this.narrow(e.left, scope);
      this.narrow(e.right, scope);
    } else if (e.kind === "unary" && e.op === "not") this.narrow(e.operand, scope);
  }

  /**
   * Records that the variable `name` (its identifier) of type `type` was
   * given a value that `mayBeLiteral`: TypeScript narrows a union to it.
   */
  given(name: string, type: Type, literal: boolean): void {
    if (literal && isUnion(type)) this.narrowed.add(name);
  }

  /** Whether TypeScript may see `e` as a literal type: a constant, `and`/`or`/`not`/`??` of one, a narrowed reference. */
  mayBeLiteral(e: Expr, scope: LocalScope): boolean {
    switch (e.kind) {
      case "literal":
      case "enum-member":
        return true;
      case "var":
      case "member": {
        if (e.kind === "member" && !declaredType(e)) return true;
        const key = referenceKey(e, scope);
        return key !== undefined && this.narrowed.has(key);
      }
      case "unary":
        return this.mayBeLiteral(e.operand, scope);
      case "binary":
        // Comparisons are `boolean` and arithmetic a `number` or `string` to TypeScript.
        return (e.op === "and" || e.op === "or" || e.op === "??") && (this.mayBeLiteral(e.left, scope) || this.mayBeLiteral(e.right, scope));
      case "array":
      case "object":
      case "call":
      case "builtin":
      case "map":
      case "filter":
      case "reduce":
        return false;
    }
  }

  /** A reference of a type with one value (`"b"`, an enum of one member declared in this module: others are not known here). */
  isSingleValueReference(e: Expr, scope: LocalScope): boolean {
    if (referenceKey(e, scope) === undefined) return false;
    const type = e.type;
    if (type.kind === "literals") return type.values.length === 1;
    if (type.kind !== "enum" || type.module !== this.module.module.file) return false;
    const decl = this.module.module.decls.find((d) => d.kind === "enum" && d.name === type.name);
    return decl?.kind === "enum" && decl.members.length === 1;
  }
}

/** `deck` or `deck.verdict`: how a reference is named in Narrowing; undefined for other expressions. */
function referenceKey(e: Expr, scope: LocalScope): string | undefined {
  if (e.kind === "var") return scope.lookup(e.name);
  if (e.kind !== "member") return undefined;
  const object = referenceKey(e.object, scope);
  return object === undefined ? undefined : `${object}.${e.property}`;
}
