// IR types -> TypeScript type text and zod schema expressions. Pure string
// functions (no ts-morph), so the tool checker can use them too. Named types
// are resolved through the caller, which knows about imports and declaration order.
import type { Type, TypeKind } from "../plan/ir.ts";
import { typeChildren } from "../plan/walk.ts";
import { stringLiteral, typePropertyKey, propertyKey } from "./literals.ts";
import { assertNever } from "../../grammar/exhaustive.ts";

export type NamedType = Extract<Type, { kind: "record" | "enum" }>;

export interface TypeNames {
  /** The identifier of a record or enum in the file being written. */
  typeName(ref: NamedType): string;
  /** The `Json` type's identifier. */
  json(): string;
}

export interface SchemaNames extends TypeNames {
  /** The zod namespace's identifier (`z`). */
  z(): string;
  /** False when the schema is declared later in this module (or is the one being declared): use `z.lazy`. */
  initialized(ref: NamedType): boolean;
}

/** TypeScript type text: `string`, `Deck[]`, `"seed" | "later"`, `{ a: number }`. */
export function tsType(type: Type, names: TypeNames): string {
  switch (type.kind) {
    case "string":
      return "string";
    case "int":
    case "number":
      return "number";
    case "bool":
      return "boolean";
    case "json":
      return names.json();
    case "void":
      return "void";
    case "never":
      return "never";
    case "array": {
      const element = tsType(type.element, names);
      return isUnionText(type.element) ? `(${element})[]` : `${element}[]`;
    }
    case "record":
    case "enum":
      return names.typeName(type);
    case "literals":
      return type.values.length === 0 ? "never" : type.values.map(stringLiteral).join(" | ");
    case "object":
      return objectType(type.fields.map((f) => ({ name: f.name, type: tsType(f.type, names), optional: false })));
    case "error":
      throw new Error("flowc emit: an `error` type reached code generation (emit only checked programs)");
  }
  return assertNever(type);
}

function isUnionText(type: Type): boolean {
  return type.kind === "literals" && type.values.length > 1;
}

/** `{ deck: Deck; topic: string }` (a callable's input, an object literal's type). */
export function objectType(fields: readonly { name: string; type: string; optional?: boolean }[]): string {
  if (fields.length === 0) return "{}";
  const members = fields.map((f) => `${typePropertyKey(f.name)}${f.optional ? "?" : ""}: ${f.type}`);
  return `{ ${members.join("; ")} }`;
}

/** A zod schema expression: `z.string()`, `z.array(Deck)`, `z.lazy(() => Evaluation)`. */
export function zodSchema(type: Type, names: SchemaNames): string {
  const z = names.z();
  switch (type.kind) {
    case "string":
      return `${z}.string()`;
    case "int":
      return `${z}.number().int()`;
    case "number":
      return `${z}.number()`;
    case "bool":
      return `${z}.boolean()`;
    case "json":
      return `${z}.json()`;
    case "void":
      return `${z}.void()`;
    case "never":
      return `${z}.never()`;
    case "array":
      return `${z}.array(${zodSchema(type.element, names)})`;
    case "record":
    case "enum": {
      const name = names.typeName(type);
      return names.initialized(type) ? name : `${z}.lazy(() => ${name})`;
    }
    case "literals":
      return type.values.length === 0 ? `${z}.never()` : `${z}.enum([${type.values.map(stringLiteral).join(", ")}])`;
    case "object":
      return zodObject(
        type.fields.map((f) => ({ name: f.name, schema: zodSchema(f.type, names) })),
        names,
      );
    case "error":
      throw new Error("flowc emit: an `error` type reached code generation (emit only checked programs)");
  }
  return assertNever(type);
}

/** `z.object({ deck: Deck, topic: z.string() })`. */
export function zodObject(fields: readonly { name: string; schema: string }[], names: SchemaNames): string {
  const members = fields.map((f) => `${propertyKey(f.name)}: ${f.schema}`);
  return `${names.z()}.object({ ${members.join(", ")} })`;
}

/**
 * True when TypeScript would infer a wider type than the plan's for a value of
 * this type (string literals widen to `string`, `[]` is `never[]`), so a
 * binding or callback holding it needs an explicit annotation.
 */
export function widens(type: Type): boolean {
  return type.kind === "literals" || type.kind === "enum" || type.kind === "never" || typeChildren(type).some(widens);
}

/** Primitive types compare with `===`; records, arrays, objects and json need `deepEqual`. */
const BY_VALUE: { readonly [K in TypeKind]: boolean } = {
  string: true,
  int: true,
  number: true,
  bool: true,
  enum: true,
  literals: true,
  void: true,
  json: false,
  array: false,
  record: false,
  object: false,
  never: false,
  error: false,
};

export function comparesByValue(type: Type): boolean {
  return BY_VALUE[type.kind];
}
