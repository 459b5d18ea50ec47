// The checker: load and parse every module, build the namespaces, resolve the
// declarations, check each construct, then the program-wide rules (uses
// cycles, flow recursion). Produces the plan IR and the diagnostics.
import path from "node:path";
import type { Decl } from "../../grammar/ast.ts";
import { sortDiagnostics } from "../diagnostics/render.ts";
import { D, diag } from "../diagnostics/table.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import type { Declaration, PlanImport, PlanModule, Program } from "../plan/ir.ts";
import {
  checkGeneratedNames,
  checkModel,
  checkTool,
  collectDeclarations,
  enumDef,
  recordDef,
  resolveDeclarations,
  resolveImports,
} from "./declarations.ts";
import { checkFlow } from "./flow.ts";
import { checkCycles } from "./graph.ts";
import { fileStartSpan, loadProgram, type SourceHooks } from "./loader.ts";
import { ProgramState, type ModuleInfo } from "./program.ts";
import { checkWorker } from "./worker.ts";
import { H, help } from "../diagnostics/hints.ts";

export interface CheckOutput {
  program: Program;
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

/**
 * Checks the entry files and every module they import. Never throws: a
 * missing file is a diagnostic, and a bug in flowc itself becomes an
 * FLW900 diagnostic instead of an exception.
 */
export function checkProgram(entries: readonly string[], cwd: string = process.cwd(), hooks: SourceHooks = {}): CheckOutput {
  const sources = new Map<string, string>();
  const state = new ProgramState(cwd);
  let modules: PlanModule[] = [];
  try {
    loadProgram(entries, cwd, state, sources, hooks);
    collectDeclarations(state);
    resolveImports(state);
    resolveDeclarations(state);
    modules = state.order.map((file) => checkModule(state, state.modules.get(file)!));
    checkCycles(state);
  } catch (error) {
    // The node being checked when it threw, else the first file.
    const where = state.trail[state.trail.length - 1] ?? fileStartSpan(entries[0] !== undefined ? path.resolve(cwd, entries[0]) : cwd);
    const detail = error instanceof Error ? `${error.message}${error.stack ? `\n${error.stack}` : ""}` : String(error);
    state.diagnostics.push(diag(D.InternalError, where, [error instanceof Error ? error.message : String(error)], {
      hint: help(H.BugReport, [detail]),
    }));
  }
  return { program: { modules }, diagnostics: sortDiagnostics(state.diagnostics), sources };
}

function checkModule(state: ProgramState, info: ModuleInfo): PlanModule {
  checkGeneratedNames(state, info);
  const imports: PlanImport[] = info.imports.map((i) => ({
    names: i.decl.names.map((n) => n.name),
    module: i.target ?? path.resolve(path.dirname(info.file), i.specifier),
    specifier: i.specifier,
    span: i.decl.from.span,
  }));
  const decls: Declaration[] = info.ast.decls.map((decl): Declaration => {
    state.trail.push(decl.span);
    const checked = checkDecl(state, info, decl);
    state.trail.pop();
    return checked;
  });
  return { file: info.file, imports, decls };
}

function checkDecl(state: ProgramState, info: ModuleInfo, decl: Decl): Declaration {
  switch (decl.kind) {
    case "TypeDecl":
      return recordDef(state, info.file, decl);
    case "EnumDecl":
      return enumDef(decl);
    case "ModelDecl":
      return checkModel(state, decl);
    case "WorkerDecl":
      return checkWorker(state, info, decl);
    case "ToolDecl":
      return checkTool(state, info, decl);
    case "FlowDecl":
      return checkFlow(state, info, decl);
  }
}
