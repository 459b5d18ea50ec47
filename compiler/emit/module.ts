// One module's TypeScript, before formatting: ts-morph structures for every
// declaration (schemas.ts, callables.ts, flows.ts), printed by ts-morph's
// structure printer, after the header and the imports (imports.ts). Printing
// structures directly needs no ts-morph Project: nothing is parsed, and the
// text is the same as inserting the structures into an empty source file.
import type { StatementStructures, WriterFunction } from "ts-morph";
import { printStructure, StructureKind } from "./ts-morph.ts";
import type { Declaration, PlanModule } from "../plan/ir.ts";
import { flowStatements, modelStatements, toolStatements, workerStatements } from "./callables.ts";
import { ModuleScope } from "./imports.ts";
import { headerLine } from "./header.ts";
import { outputPath, relativeSource, type EmitOptions } from "./paths.ts";
import { enumStatements, recordStatements } from "./schemas.ts";

/** The unformatted text of one module. */
export function emitModuleText(module: PlanModule, outFile: string, options: EmitOptions): string {
  const scope = new ModuleScope(module, outFile, (file) => outputPath(file, options));
  const byName = new Map(module.decls.map((d) => [d.name, d] as const));
  const written = new Set<Declaration>();
  const body: (StatementStructures | WriterFunction)[] = [];
  const write = (decl: Declaration): void => {
    if (written.has(decl)) return;
    written.add(decl);
    const statements = declarationStatements(decl, scope, (model) => write(byName.get(model)!));
    body.push(blankLine, ...statements);
  };
  for (const decl of module.decls) write(decl);
  const declarations = printStructure(
    { kind: StructureKind.SourceFile, statements: body },
    { indentNumberOfSpaces: 2, newLine: "\n", useSingleQuote: false },
  ).trimStart();
  // Imports last: only once the body is written is it known which names the module uses.
  const head = [headerLine(relativeSource(module.file, options.rootDir)), ...scope.importLines()];
  return `${head.join("\n")}\n\n${declarations}`;
}

const blankLine: WriterFunction = (writer) => writer.blankLineIfLastNot();

function declarationStatements(
  decl: Declaration,
  scope: ModuleScope,
  hoistModel: (name: string) => void,
): (StatementStructures | WriterFunction)[] {
  switch (decl.kind) {
    case "record":
      return recordStatements(decl, scope);
    case "enum":
      return enumStatements(decl, scope);
    case "model":
      return modelStatements(decl, scope);
    case "worker":
      return workerStatements(decl, scope, hoistModel);
    case "tool":
      return toolStatements(decl, scope);
    case "flow":
      return flowStatements(decl, scope);
    default: {
      const never: never = decl;
      return never;
    }
  }
}
