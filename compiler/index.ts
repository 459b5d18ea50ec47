// The compile pipeline on one screen: load + parse every module, check them
// into a plan, then (only when generating) emit TypeScript and check tool
// files against it. Each phase hands plain data to the next; none reaches back.
import { checkProgram } from "./check/index.ts";
import type { Diagnostic } from "./diagnostics/types.ts";
import { cacheDir } from "./emit/cache.ts";
import { modulesOutsideRoot, type ImportExtension } from "./emit/paths.ts";
import type { Program } from "./plan/ir.ts";
import type { ParseResult } from "../grammar/index.ts";

export type { Diagnostic } from "./diagnostics/types.ts";
export type { Program } from "./plan/ir.ts";
export type { ImportExtension } from "./emit/paths.ts";
export { renderDiagnostics } from "./diagnostics/render.ts";

export interface CheckResult {
  /** Present even with errors (with `error` types where checking failed); emit only when `ok`. */
  readonly program: Program;
  readonly diagnostics: readonly Diagnostic[];
  /** Source text of every file read, by absolute path, for rendering code frames. */
  readonly sources: ReadonlyMap<string, string>;
  readonly ok: boolean;
}

export interface CompileOptions {
  /** Generated files mirror the source tree under `outDir`, relative to `rootDir`. */
  readonly rootDir: string;
  readonly outDir: string;
  /** Also type-check tool implementation files (spawns the native tsc). Default true. */
  readonly checkTools?: boolean;
  /**
   * Where to cache tsc's findings on tool files and generated text
   * (compiler/emit/cache.ts); default: the project's `node_modules/.cache/flowc`
   * or the OS temp folder. `false`: no cache.
   */
  readonly cacheDir?: string | false;
  /** The extension of relative imports in generated code (default `.js`; see ImportExtension). */
  readonly importExtension?: ImportExtension;
}

export interface GeneratedFile {
  /** Absolute path of the `.ts` file to write. */
  readonly path: string;
  /** Absolute path of the `.flow` file it came from. */
  readonly source: string;
  /** The output folder (`--out`) the file belongs in: writeGenerated never writes outside it, symlinks included. */
  readonly outDir: string;
  readonly text: string;
}

export interface CompileResult extends CheckResult {
  readonly files: readonly GeneratedFile[];
}

export interface CheckOptions {
  /** Text of a `.flow` file held in memory (an editor's unsaved buffer), or undefined to read it from disk. */
  readonly readFile?: (file: string) => string | undefined;
  /**
   * The parser (grammar/index.ts `parse`), or one that returns the tree it
   * already made for the same text: the language server re-checks on every
   * keystroke and only one module's text changed.
   */
  readonly parse?: (text: string, file: string) => ParseResult;
}

/** Parse and check, without generating: what `flowc check` needs (no ts-morph, no prettier). */
export function check(entries: readonly string[], options: CheckOptions = {}): CheckResult {
  const { program, diagnostics, sources } = checkProgram(entries, process.cwd(), options);
  return { program, diagnostics, sources, ok: !diagnostics.some((d) => d.severity === "error") };
}

/** Check tool implementation files against their declared signatures. */
export async function checkTools(checked: CheckResult, options: CompileOptions): Promise<readonly Diagnostic[]> {
  if (!checked.ok || options.checkTools === false) return [];
  const { checkToolFiles } = await import("./emit/tool-check.ts");
  return checkToolFiles(checked.program, options);
}

/**
 * Check, then generate TypeScript in memory. ts-morph and prettier load only
 * here. The tool check (a tsc child process) and emit are independent once
 * checking passed, so they run at the same time; tool errors discard the files.
 */
export async function compile(entries: readonly string[], options: CompileOptions): Promise<CompileResult> {
  // Start loading the emitter now: its files are read while this thread checks.
  const emitter = import("./emit/index.ts");
  emitter.catch(() => {});
  const checked = check(entries);
  if (!checked.ok) return { ...checked, files: [] };
  // Generated files mirror the tree under rootDir: a module outside it has nowhere to go.
  const outside = modulesOutsideRoot(checked.program, options.rootDir);
  if (outside.length > 0) return { ...checked, diagnostics: [...checked.diagnostics, ...outside], ok: false, files: [] };
  const cache = options.cacheDir === false ? undefined : (options.cacheDir ?? cacheDir(options.rootDir));
  // The tool check first, so tsc is spawned before emit keeps this thread busy.
  const tools = checkTools(checked, { ...options, cacheDir: cache ?? false });
  const emitted = emitter.then(({ emitProgram }) =>
    emitProgram(checked.program, {
      rootDir: options.rootDir,
      outDir: options.outDir,
      cacheDir: cache,
      ...(options.importExtension !== undefined ? { importExtension: options.importExtension } : {}),
    }),
  );
  // Do not leave a rejection unhandled while the tool check is awaited.
  emitted.catch(() => {});
  const toolDiagnostics = await tools;
  const diagnostics = [...checked.diagnostics, ...toolDiagnostics];
  if (toolDiagnostics.some((d) => d.severity === "error")) {
    return { ...checked, diagnostics, ok: false, files: [] };
  }
  return { ...checked, diagnostics, files: await emitted };
}
