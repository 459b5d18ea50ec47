// The type model: constructors, display, assignability and the join used for
// array literals. Types are the plan IR's `Type`; nothing here reports.
import type { Type } from "../plan/ir.ts";
import { isPrimitive, typeChildren } from "../plan/walk.ts";
export { typeToString } from "../plan/type-text.ts";

export const T = {
  string: { kind: "string" } as Type,
  int: { kind: "int" } as Type,
  number: { kind: "number" } as Type,
  bool: { kind: "bool" } as Type,
  json: { kind: "json" } as Type,
  void: { kind: "void" } as Type,
  never: { kind: "never" } as Type,
  error: { kind: "error" } as Type,
  array(element: Type): Type {
    return { kind: "array", element };
  },
  literals(values: readonly string[]): Type {
    return { kind: "literals", values };
  },
};

export const PRIMITIVES: ReadonlyMap<string, Type> = new Map([
  ["string", T.string],
  ["int", T.int],
  ["number", T.number],
  ["bool", T.bool],
  ["json", T.json],
  ["void", T.void],
]);

export function isError(t: Type): boolean {
  return t.kind === "error";
}

/** True when the type mentions `error` anywhere (so a problem was already reported). */
export function containsError(t: Type): boolean {
  return t.kind === "error" || typeChildren(t).some(containsError);
}

export function containsNever(t: Type): boolean {
  return t.kind === "never" || typeChildren(t).some(containsNever);
}

/** True when the type has an object literal's type anywhere in it. */
export function containsObject(t: Type): boolean {
  return t.kind === "object" || (t.kind === "array" && containsObject(t.element));
}

export function isNumeric(t: Type): boolean {
  return t.kind === "int" || t.kind === "number";
}

export function isStringLike(t: Type): boolean {
  return t.kind === "string" || t.kind === "literals";
}

/** How a type is written in `.flow` source (`Deck[]`, `"a" | "b"`, `{ a: int }`). */

export function sameType(a: Type, b: Type): boolean {
  if (a.kind !== b.kind) return false;
  if (isPrimitive(a)) return true;
  switch (a.kind) {
    case "array":
      return sameType(a.element, (b as typeof a).element);
    case "record":
    case "enum": {
      const other = b as typeof a;
      return a.name === other.name && a.module === other.module;
    }
    case "literals": {
      const other = b as typeof a;
      return a.values.length === other.values.length && a.values.every((v) => other.values.includes(v));
    }
    case "object": {
      const other = b as typeof a;
      return (
        a.fields.length === other.fields.length &&
        a.fields.every((f) => other.fields.some((g) => g.name === f.name && sameType(f.type, g.type)))
      );
    }
    case "never":
    case "error":
      return true;
  }
}

/** The fields of a record, as the assignability check needs them. */
export type RecordLookup = (t: Extract<Type, { kind: "record" }>) =>
  | readonly { readonly name: string; readonly type: Type; readonly optional: boolean }[]
  | undefined;

/** May a value of type `from` be used where `to` is expected? `error` and `never` go everywhere. */
export function isAssignable(from: Type, to: Type, records: RecordLookup): boolean {
  if (from.kind === "error" || to.kind === "error" || from.kind === "never") return true;
  if (to.kind === "json") return from.kind !== "void";
  switch (to.kind) {
    case "number":
      return from.kind === "number" || from.kind === "int";
    case "string":
      return from.kind === "string" || from.kind === "literals";
    case "literals":
      return from.kind === "literals" && from.values.every((v) => to.values.includes(v));
    case "array":
      return from.kind === "array" && isAssignable(from.element, to.element, records);
    case "record": {
      if (from.kind === "record") return from.name === to.name && from.module === to.module;
      if (from.kind !== "object") return false;
      const fields = records(to);
      if (fields === undefined) return true;
      for (const f of fields) {
        const given = from.fields.find((g) => g.name === f.name);
        if (given === undefined) {
          if (!f.optional) return false;
        } else if (!isAssignable(given.type, f.type, records)) return false;
      }
      return from.fields.every((g) => fields.some((f) => f.name === g.name));
    }
    case "object": {
      // Structural, as for records: the same field names, each assignable.
      // A record fits when its required fields are exactly these.
      const given = from.kind === "object" ? from.fields.map((f) => ({ ...f, optional: false })) : from.kind === "record" ? records(from) : undefined;
      if (given === undefined) return from.kind === "record";
      return (
        to.fields.every((f) => given.some((g) => g.name === f.name && !g.optional && isAssignable(g.type, f.type, records))) &&
        given.every((g) => g.optional || to.fields.some((f) => f.name === g.name))
      );
    }
    case "never":
      return false;
    case "int":
    case "bool":
    case "void":
    case "enum":
      return sameType(from, to);
  }
}

/**
 * The common type of two array elements, or undefined when there is none:
 * `int` and `number` give `number`, two literal unions give their union,
 * a literal union and `string` give `string`, two object literals with the
 * same fields join field by field (`[{ k: "a" }, { k: "b" }]`).
 */
export function joinTypes(a: Type, b: Type, records: RecordLookup): Type | undefined {
  if (a.kind === "error" || b.kind === "error") return T.error;
  if (a.kind === "never") return b;
  if (b.kind === "never") return a;
  if (a.kind === "literals" && b.kind === "literals") {
    const values = [...a.values];
    for (const v of b.values) if (!values.includes(v)) values.push(v);
    return T.literals(values);
  }
  if (a.kind === "array" && b.kind === "array") {
    const element = joinTypes(a.element, b.element, records);
    return element === undefined ? undefined : T.array(element);
  }
  if (a.kind === "object" && b.kind === "object" && a.fields.length === b.fields.length) {
    const fields: { name: string; type: Type }[] = [];
    for (const f of a.fields) {
      const other = b.fields.find((g) => g.name === f.name);
      const type = other === undefined ? undefined : joinTypes(f.type, other.type, records);
      if (type === undefined) return undefined;
      fields.push({ name: f.name, type });
    }
    return { kind: "object", fields };
  }
  const toB = isAssignable(a, b, records);
  const toA = isAssignable(b, a, records);
  // A record and an object literal's type that fit each other (the record's other fields are
  // optional) join as the record: TypeScript would refuse the record's literals (with those
  // fields) in a list of the object type.
  if (toB && toA) return b.kind === "object" ? a : b;
  if (toB) return b;
  if (toA) return a;
  return undefined;
}

/** Literal string types become `string`, recursively (for a `let` that is reassigned). */
export function widen(t: Type): Type {
  if (isPrimitive(t)) return t;
  switch (t.kind) {
    case "literals":
      return T.string;
    case "array":
      return T.array(widen(t.element));
    case "object":
      return { kind: "object", fields: t.fields.map((f) => ({ name: f.name, type: widen(f.type) })) };
    case "record":
    case "enum":
    case "never":
    case "error":
      return t;
  }
}
