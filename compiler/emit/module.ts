// One module's TypeScript: the shape of every declaration in order (schemas.ts,
// callables.ts), then each printed directly in its final form (direct.ts) or,
// when the direct printer leaves it, as ts-morph structures for prettier
// (structures.ts); the header and imports come last, once the body has said
// which names it uses. ts-morph loads only if some declaration needs it.
import type { Declaration, PlanModule } from "../plan/ir.ts";
import { flowShape, modelShape, toolShape, workerShape } from "./callables.ts";
import { directText, importText } from "./direct.ts";
import { headerLine } from "./header.ts";
import { ModuleScope } from "./imports.ts";
import { outputPath, relativeSource, type EmitOptions } from "./paths.ts";
import { enumShape, recordShape } from "./schemas.ts";
import type { DeclShape } from "./shapes.ts";
import { printShapes } from "./structures.ts";
import { assertNever } from "../../grammar/exhaustive.ts";

/** A declaration's text: final, or still to be formatted by prettier. */
export type Chunk = { readonly final: string } | { readonly unformatted: string };

export interface EmittedModule {
  /** The header and import lines, final; undefined when the direct printer is unsure: format `whole` then. */
  readonly head: string | undefined;
  readonly chunks: readonly Chunk[];
  /** The whole module unformatted (the reference way), when `head` is undefined. */
  readonly whole?: string;
}

function moduleShapes(module: PlanModule, scope: ModuleScope): DeclShape[] {
  const byName = new Map(module.decls.map((d) => [d.name, d] as const));
  const written = new Set<Declaration>();
  const shapes: DeclShape[] = [];
  const add = (decl: Declaration): void => {
    if (written.has(decl)) return;
    written.add(decl);
    // A model declared further down is written before the first worker that reads it.
    const shape = declarationShape(decl, scope, (model) => add(byName.get(model)!));
    shapes.push(shape);
  };
  for (const decl of module.decls) add(decl);
  return shapes;
}

function headLines(module: PlanModule, scope: ModuleScope, options: EmitOptions): string[] {
  return [headerLine(relativeSource(module.file, options.rootDir)), ...scope.importLines()];
}

/** The module with as much as possible printed directly; the rest is left to prettier, declaration by declaration. */
export function emitModule(module: PlanModule, outFile: string, options: EmitOptions): EmittedModule {
  const scope = new ModuleScope(module, outFile, (file) => outputPath(file, options), options.importExtension);
  const shapes = moduleShapes(module, scope);
  const chunks = shapes.map((shape): Chunk => {
    const text = directText(shape);
    return text !== undefined ? { final: text } : { unformatted: printShapes([shape]) };
  });
  const lines = headLines(module, scope, options);
  const head = lines.map((line, i) => (i === 0 ? line : importText(line)));
  if (head.some((line) => line === undefined)) {
    // Direct text is prettier's own output, so formatting it again leaves it as it is.
    const body = chunks.map((c) => ("final" in c ? c.final : c.unformatted.trimEnd())).join("\n\n");
    return { head: undefined, chunks: [], whole: joinHead(lines, `${body}\n`) };
  }
  return { head: head.join("\n"), chunks };
}

/** The unformatted text of one module, every declaration through ts-morph: the reference the direct printer must match. */
export function emitModuleText(module: PlanModule, outFile: string, options: EmitOptions): string {
  const scope = new ModuleScope(module, outFile, (file) => outputPath(file, options), options.importExtension);
  const declarations = printShapes(moduleShapes(module, scope));
  return joinHead(headLines(module, scope, options), declarations);
}

function joinHead(head: readonly string[], declarations: string): string {
  return `${head.join("\n")}\n\n${declarations}`;
}

function declarationShape(decl: Declaration, scope: ModuleScope, hoistModel: (name: string) => void): DeclShape {
  switch (decl.kind) {
    case "record":
      return recordShape(decl, scope);
    case "enum":
      return enumShape(decl, scope);
    case "model":
      return modelShape(decl, scope);
    case "worker":
      return workerShape(decl, scope, hoistModel);
    case "tool":
      return toolShape(decl, scope);
    case "flow":
      return flowShape(decl, scope);
  }
  return assertNever(decl);
}
