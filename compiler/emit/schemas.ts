// Records and enums: an exported TypeScript type and a zod schema of the same
// name. Docs become JSDoc for readers and `.describe(...)` for JSON Schema.
import type { StatementStructures } from "ts-morph";
import { StructureKind, VariableDeclarationKind } from "./ts-morph.ts";
import type { EnumDef, RecordDef } from "../plan/ir.ts";
import type { ModuleScope } from "./imports.ts";
import { commentText, propertyKey, stringLiteral, typePropertyKey } from "./literals.ts";
import { safeIdent } from "./names.ts";
import { tsType, zodSchema } from "./types.ts";

export function jsDocs(doc: string | undefined): { description: string }[] {
  return doc === undefined || doc.trim() === "" ? [] : [{ description: commentText(doc) }];
}

/** `.describe("...")` when there is a doc. */
export function describe(doc: string | undefined): string {
  return doc === undefined || doc.trim() === "" ? "" : `.describe(${stringLiteral(doc)})`;
}

export function recordStatements(record: RecordDef, module: ModuleScope): StatementStructures[] {
  const name = safeIdent(record.name);
  const z = module.z();
  const fields = record.fields.map((field) => {
    const optional = field.optional ? ".optional()" : "";
    return `${propertyKey(field.name)}: ${zodSchema(field.type, module)}${optional}${describe(field.doc)}`;
  });
  const schema = `${z}.object({\n${fields.map((f) => `  ${f},\n`).join("")}})${describe(record.doc)}`;
  module.markInitialized(record.name);
  return [
    {
      kind: StructureKind.Interface,
      name,
      isExported: true,
      docs: jsDocs(record.doc),
      properties: record.fields.map((field) => ({
        name: typePropertyKey(field.name),
        type: tsType(field.type, module),
        hasQuestionToken: field.optional,
        docs: jsDocs(field.doc),
      })),
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name, type: `${z}.ZodType<${name}>`, initializer: schema }],
    },
  ];
}

export function enumStatements(def: EnumDef, module: ModuleScope): StatementStructures[] {
  const name = safeIdent(def.name);
  const z = module.z();
  const memberDocs = def.members.filter((m) => m.doc !== undefined && m.doc.trim() !== "");
  const doc = [def.doc ?? "", ...memberDocs.map((m) => `- \`${m.name}\`: ${m.doc}`)].filter((d) => d !== "").join("\n");
  const values = def.members.map((m) => stringLiteral(m.name)).join(", ");
  module.markInitialized(def.name);
  return [
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: jsDocs(doc || undefined),
      declarations: [{ name, initializer: `${z}.enum([${values}])${describe(def.doc)}` }],
    },
    { kind: StructureKind.TypeAlias, name, isExported: true, type: `${z}.infer<typeof ${name}>` },
  ];
}
