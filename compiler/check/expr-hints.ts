// Type-mismatch explanations: why a found type does not fit the expected one.
import type { Type } from "../plan/ir.ts";
import type { ExprChecker } from "./expr.ts";
import { listNames } from "./names.ts";
import { isAssignable, isStringLike, typeToString } from "./types.ts";

/**
 * Why an object type does not fit a record (also inside arrays): the
 * missing fields (as FLW312 says them), the unknown ones (as FLW206) or the
 * first field of the wrong type. Undefined for other mismatches.
 */
export function mismatchDetail(c: ExprChecker, found: Type, expected: Type): string | undefined {
  if (found.kind === "array" && expected.kind === "array") return mismatchDetail(c, found.element, expected.element);
  if (found.kind !== "object" || expected.kind !== "record") return undefined;
  const fields = c.state.recordFields(expected);
  if (fields === undefined) return undefined;
  const missing = fields.filter((f) => !f.optional && !found.fields.some((g) => g.name === f.name));
  if (missing.length > 0) return `missing ${fieldList(missing.map((f) => f.name))} for \`${expected.name}\``;
  const extra = found.fields.filter((g) => !fields.some((f) => f.name === g.name));
  if (extra.length > 0) {
    const names = extra.map((g) => `\`${g.name}\``).join(", ");
    return `\`${expected.name}\` has no field${extra.length > 1 ? "s" : ""} ${names}`;
  }
  for (const f of fields) {
    const g = found.fields.find((x) => x.name === f.name);
    if (g !== undefined && !isAssignable(g.type, f.type, c.state.recordLookup)) {
      return `field \`${f.name}\` of \`${expected.name}\` is \`${typeToString(f.type)}\`, found \`${typeToString(g.type)}\``;
    }
  }
  return undefined;
}

/** "field `a`", "fields `a`, `b` and `c`". */
export function fieldList(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  return quoted.length === 1 ? `field ${quoted[0]}` : `fields ${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

export function fieldsHint(record: string, fields: readonly string[]): string {
  return fields.length === 0 ? `\`${record}\` has no fields` : `the fields of \`${record}\` are ${listNames(fields)}`;
}

export function mismatchHint(found: Type, expected: Type): string | undefined {
  if (expected.kind === "enum" && found.kind === "literals") return `write a member of the enum, like \`${expected.name}.${found.values[0] ?? "member"}\``;
  if (expected.kind === "literals" && found.kind === "string") return `only ${typeToString(expected)} are allowed here, and a computed \`string\` may be anything else`;
  if (expected.kind === "literals" && found.kind === "literals") return `the allowed values are ${typeToString(expected)}`;
  if (expected.kind === "int" && found.kind === "number") return "`int` takes whole numbers only";
  if (expected.kind === "array" && found.kind !== "array" && found.kind !== "error") return "wrap a single value in a list: `[x]`";
  if (expected.kind === "string" && found.kind === "array" && isStringLike(found.element)) {
    return "this is a list of strings; join it into one: `join(xs, \"\\n\")`";
  }
  if (expected.kind !== "array" && found.kind === "array" && isAssignable(found.element, expected, () => undefined)) {
    return "this is a list; `map` over it, or `reduce` it to one value";
  }
  return undefined;
}
