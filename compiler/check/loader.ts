// Loads the entry files and every module reachable by `import`, parses them,
// turns syntax problems into FLW1xx diagnostics, and orders the modules
// (dependencies first). Import cycles are reported here, on every import
// that is an edge of a cycle.
import { statSync } from "node:fs";
import path from "node:path";
import { stronglyConnected } from "./scc.ts";
import type { Module } from "../../grammar/ast.ts";
import { parse } from "../../grammar/index.ts";
import type { SyntaxProblem, SyntaxProblemKind } from "../../grammar/problems.ts";
import { D, diag, syntaxDiag, type DiagnosticTemplate } from "../diagnostics/table.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import type { ModuleImport, ModuleInfo, ProgramState } from "./program.ts";
import { fileStartSpan, readSource, type ReadSource } from "./read-source.ts";

export { fileStartSpan };

function emptyModule(file: string): Module {
  return { kind: "Module", imports: [], decls: [], comments: [], span: fileStartSpan(file) };
}

/** The code of each kind of syntax problem: one each, so none falls back to another's. */
const SYNTAX_CODES: { readonly [K in SyntaxProblemKind]: DiagnosticTemplate } = {
  "unexpected-token": D.UnexpectedToken,
  "missing-token": D.MissingToken,
  "missing-separator": D.MissingSeparator,
  "single-quoted-string": D.SingleQuotedString,
  "index-syntax": D.IndexSyntax,
  "unterminated-string": D.UnterminatedString,
  "invalid-character": D.InvalidCharacter,
  "invalid-escape": D.InvalidEscape,
  "invalid-template": D.InvalidTemplate,
  "space-before-call": D.SpaceBeforeCall,
  "too-deeply-nested": D.TooDeeplyNested,
  "too-large": D.FileTooLarge,
  internal: D.InternalError,
};

export function syntaxDiagnostic(p: SyntaxProblem): Diagnostic {
  const template = SYNTAX_CODES[p.kind];
  // The parser's message is the whole sentence; the table supplies the code and the hint.
  // Its messages already say what was expected, so only the unterminated string gets the table's hint.
  const hint = p.hint ?? (template === D.UnterminatedString || template === D.InternalError ? undefined : null);
  return syntaxDiag(template, p.span, p.message, hint);
}

/** `"./x.flow"`-style specifiers only: relative, ending in `.flow`. */
export function isValidImportPath(specifier: string): boolean {
  return (specifier.startsWith("./") || specifier.startsWith("../")) && specifier.endsWith(".flow") && specifier.length > 5;
}

/**
 * Source text held in memory (an editor's unsaved buffer) for a file, or
 * undefined to read the file from disk.
 */
export type SourceReader = (file: string) => string | undefined;

/**
 * How the checker gets its sources and syntax trees; both default to the
 * disk and the parser. An editor passes its buffers, and a parser that
 * returns the tree it already has for an unchanged text.
 */
export interface SourceHooks {
  readonly readFile?: SourceReader;
  readonly parse?: typeof parse;
}

/** An editor's buffer when it holds the file, else the file on disk (size-checked, strict UTF-8). */
function readWith(file: string, readFile?: SourceReader): ReadSource {
  const held = readFile?.(file);
  return held !== undefined ? { text: held, problems: [] } : readSource(file);
}

function exists(file: string, readFile?: SourceReader): boolean {
  if (readFile?.(file) !== undefined) return true;
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Loads every reachable module into `state` and fills `state.order` and `sources`. */
export function loadProgram(
  entries: readonly string[],
  cwd: string,
  state: ProgramState,
  sources: Map<string, string>,
  hooks: SourceHooks = {},
): void {
  const { readFile } = hooks;
  const parseText = hooks.parse ?? parse;
  const entryFiles: string[] = [];
  const pending: string[] = [];

  /** Reads and parses `file` unless it is loaded already; returns why it cannot be read. */
  const load = (file: string): string | undefined => {
    if (state.modules.has(file)) return undefined;
    const read = readWith(file, readFile);
    if ("error" in read) return read.error;
    // (A file too large to read has no text to show.)
    if (read.text !== "" || read.problems.length === 0) sources.set(file, read.text);
    // A file too large or not UTF-8 is not parsed: one problem is enough.
    const { ast, errors } = read.problems.length > 0 ? { ast: emptyModule(file), errors: [] } : parseText(read.text, file);
    const info: ModuleInfo = {
      file,
      ast: ast as Module,
      broken: errors.length > 0 || read.problems.length > 0,
      imports: [],
      declared: new Map(),
      scope: new Map(),
      poisoned: new Set(),
    };
    state.modules.set(file, info);
    for (const d of read.problems) state.report(d, true);
    for (const p of errors) state.report(syntaxDiagnostic(p), true);
    pending.push(file);
    return undefined;
  };

  for (const entry of entries) {
    const file = path.resolve(cwd, entry);
    if (entryFiles.includes(file)) continue;
    const error = load(file);
    if (error !== undefined) {
      state.report(diag(D.FileUnreadable, fileStartSpan(file), [`\`${path.relative(cwd, file) || file}\``, error], {}), true);
      continue;
    }
    entryFiles.push(file);
    // Load imports breadth-first so every module is parsed before checking starts.
    while (pending.length > 0) {
      const current = state.modules.get(pending.shift()!)!;
      for (const decl of current.ast.imports) {
        const specifier = decl.from.value;
        if (!isValidImportPath(specifier)) {
          state.report(diag(D.InvalidImportPath, decl.from.span, [JSON.stringify(specifier)]), true);
          current.imports.push({ decl, specifier, loaded: false });
          continue;
        }
        const target = path.resolve(path.dirname(current.file), specifier);
        if (!exists(target, readFile)) {
          const shown = path.relative(path.dirname(current.file), target);
          state.report(
            diag(D.ModuleNotFound, decl.from.span, [JSON.stringify(specifier)], {
              hint: `\`${shown}\` does not exist (import paths are relative to the importing file)`,
            }),
            true,
          );
          current.imports.push({ decl, specifier, target, loaded: false });
          continue;
        }
        const error = load(target);
        if (error !== undefined) {
          state.report(diag(D.FileUnreadable, decl.from.span, [JSON.stringify(specifier), error]), true);
          current.imports.push({ decl, specifier, target, loaded: false });
          continue;
        }
        current.imports.push({ decl, specifier, target, loaded: true });
      }
    }
  }

  state.order = dependencyOrder(entryFiles, state);
  reportImportCycles(state);
}

function loadedTargets(info: ModuleInfo): ModuleImport[] {
  return info.imports.filter((i) => i.loaded && i.target !== undefined);
}

/** Post-order DFS from the entries in order, imports in source order: dependencies first, stable. */
function dependencyOrder(entries: readonly string[], state: ProgramState): string[] {
  const order: string[] = [];
  const visited = new Set<string>();
  const visit = (file: string): void => {
    if (visited.has(file)) return;
    visited.add(file);
    const info = state.modules.get(file);
    if (info === undefined) return;
    for (const imp of loadedTargets(info)) visit(imp.target!);
    order.push(file);
  };
  for (const e of entries) visit(e);
  return order;
}

/** Reports every import edge `u -> v` that lies on a cycle, with the cycle from `u` back to `u`. */
function reportImportCycles(state: ProgramState): void {
  const successors = (file: string): string[] => {
    const info = state.modules.get(file);
    return info === undefined ? [] : loadedTargets(info).map((imp) => imp.target!);
  };
  // Only an edge inside a strongly connected component lies on a cycle.
  const component = new Map<string, number>();
  stronglyConnected(state.order, successors).forEach((scc, i) => {
    if (scc.length > 1 || successors(scc[0]!).includes(scc[0]!)) for (const file of scc) component.set(file, i);
  });
  for (const file of state.order) {
    const info = state.modules.get(file)!;
    const seen = new Set<string>();
    for (const imp of loadedTargets(info)) {
      const target = imp.target!;
      if (seen.has(target)) continue;
      if (component.get(file) === undefined || component.get(file) !== component.get(target)) continue;
      seen.add(target);
      const back = shortestPath(state, target, file);
      if (back === undefined) continue;
      const dir = path.dirname(file);
      const shown = [file, ...back].map((f) => path.relative(dir, f) || path.basename(f));
      state.report(diag(D.ImportCycle, imp.decl.from.span, [shown.join(" → ")]), true);
    }
  }
}

/** Modules from `from` to `to` following imports (both ends included), or undefined. */
function shortestPath(state: ProgramState, from: string, to: string): string[] | undefined {
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (current === to) {
      const out: string[] = [];
      for (let at: string | null = current; at !== null; at = previous.get(at) ?? null) out.unshift(at);
      return out;
    }
    const info = state.modules.get(current);
    if (info === undefined) continue;
    for (const imp of loadedTargets(info)) {
      if (!previous.has(imp.target!)) {
        previous.set(imp.target!, current);
        queue.push(imp.target!);
      }
    }
  }
  return undefined;
}
