// Code generation: one TypeScript module per `.flow` module, built with
// ts-morph structures, formatted by prettier. Deterministic: the output depends
// only on the plan and the paths relative to rootDir.
import path from "node:path";
import {
  IndentationText,
  NewLineKind,
  Project,
  QuoteKind,
  type SourceFile,
  type StatementStructures,
  type WriterFunction,
} from "ts-morph";
import type { GeneratedFile } from "../index.ts";
import type { Declaration, PlanModule, Program } from "../plan/ir.ts";
import { flowStatements, modelStatements, toolStatements, workerStatements } from "./callables.ts";
import { formatTypeScript } from "./format.ts";
import { ModuleScope } from "./imports.ts";
import { headerLine } from "./header.ts";
import { enumStatements, recordStatements } from "./schemas.ts";

export interface EmitOptions {
  readonly rootDir: string;
  readonly outDir: string;
}

/** `types.flow`, `sub/deck.flow`: relative to rootDir, forward slashes. */
export function relativeSource(file: string, rootDir: string): string {
  const relative = path.relative(path.resolve(rootDir), file);
  if (relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new Error(`flowc emit: ${file} is outside the root directory ${rootDir}`);
  }
  return relative.split(path.sep).join("/");
}

/** Where the generated `.ts` for a `.flow` file goes. */
export function outputPath(file: string, options: EmitOptions): string {
  const relative = relativeSource(file, options.rootDir).replace(/\.flow$/, "");
  return path.join(path.resolve(options.outDir), `${relative}.ts`);
}

export async function emitProgram(program: Program, options: EmitOptions): Promise<GeneratedFile[]> {
  const project = new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      newLineKind: NewLineKind.LineFeed,
      quoteKind: QuoteKind.Double,
    },
  });
  const files: GeneratedFile[] = [];
  for (const module of program.modules) {
    const outFile = outputPath(module.file, options);
    const text = emitModule(project, module, outFile, options);
    files.push({ path: outFile, source: module.file, text: await formatTypeScript(text) });
  }
  return files;
}

/** The unformatted text of one module. */
export function emitModule(project: Project, module: PlanModule, outFile: string, options: EmitOptions): string {
  const scope = new ModuleScope(module, outFile, (file) => outputPath(file, options));
  const source: SourceFile = project.createSourceFile(`/module${project.getSourceFiles().length}.ts`, "", {
    overwrite: true,
  });
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
  source.addStatements(body);
  const declarations = source.getFullText().trimStart();
  project.removeSourceFile(source);
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
