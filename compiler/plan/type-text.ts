// A type as written in `.flow`, for messages (diagnostics, tool checks, CLI errors).
import type { Type } from "./ir.ts";
import { isPrimitive } from "./walk.ts";

export function typeToString(t: Type): string {
  if (isPrimitive(t)) return t.kind;
  switch (t.kind) {
    case "array": {
      const inner = typeToString(t.element);
      return t.element.kind === "literals" && t.element.values.length > 1 ? `(${inner})[]` : `${inner}[]`;
    }
    case "record":
    case "enum":
      return t.name;
    case "literals":
      return t.values.map((v) => JSON.stringify(v)).join(" | ");
    case "object":
      return t.fields.length === 0 ? "{}" : `{ ${t.fields.map((f) => `${f.name}: ${typeToString(f.type)}`).join(", ")} }`;
    case "error":
      return "<error>";
    case "never":
      return t.kind;
  }
}
