// Records and enums: an exported TypeScript type and a zod schema of the same
// name. Docs become JSDoc for readers and `.describe(...)` for JSON Schema.
import type { EnumDef, RecordDef } from "../plan/ir.ts";
import type { ModuleScope } from "./imports.ts";
import { propertyKey, stringLiteral, typePropertyKey } from "./literals.ts";
import { safeIdent } from "./names.ts";
import type { EnumShape, RecordShape } from "./shapes.ts";
import { tsType, zodSchema } from "./types.ts";

/** A doc worth writing, or undefined. */
export function docOf(doc: string | undefined): string | undefined {
  return doc === undefined || doc.trim() === "" ? undefined : doc;
}

/** `.describe("...")` when there is a doc. */
export function describe(doc: string | undefined): string {
  return docOf(doc) === undefined ? "" : `.describe(${stringLiteral(doc!)})`;
}

export function recordShape(record: RecordDef, module: ModuleScope): RecordShape {
  const name = safeIdent(record.name);
  const z = module.z();
  const fields = record.fields.map((field) => ({
    typeKey: typePropertyKey(field.name),
    optional: field.optional,
    type: tsType(field.type, module),
    doc: docOf(field.doc),
    schemaKey: propertyKey(field.name),
    schema: zodSchema(field.type, module),
    calls: [field.optional ? ".optional()" : "", describe(field.doc)].filter((c) => c !== ""),
  }));
  module.markInitialized(record.name);
  return { kind: "record", name, doc: docOf(record.doc), fields, schemaType: `${z}.ZodType<${name}>`, z, describe: describe(record.doc) };
}

export function enumShape(def: EnumDef, module: ModuleScope): EnumShape {
  const name = safeIdent(def.name);
  const z = module.z();
  const memberDocs = def.members.filter((m) => docOf(m.doc) !== undefined);
  const doc = [def.doc ?? "", ...memberDocs.map((m) => `- \`${m.name}\`: ${m.doc}`)].filter((d) => d !== "").join("\n");
  const values = def.members.map((m) => stringLiteral(m.name)).join(", ");
  module.markInitialized(def.name);
  return {
    kind: "enum",
    name,
    doc: docOf(doc),
    initializer: `${z}.enum([${values}])${describe(def.doc)}`,
    type: `${z}.infer<typeof ${name}>`,
  };
}
