// Where generated files go: they mirror the `.flow` tree under outDir,
// relative to rootDir, so every module must be inside rootDir (FLW226
// otherwise). (No ts-morph here.)
import path from "node:path";
import type { Span } from "../../grammar/ast.ts";
import { D, diag } from "../diagnostics/table.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import type { Program } from "../plan/ir.ts";

export interface EmitOptions {
  readonly rootDir: string;
  readonly outDir: string;
  /** Cache generated text here (cache.ts); without it every module is generated and formatted. */
  readonly cacheDir?: string;
  /** The extension of relative imports in generated code (default `.js`). */
  readonly importExtension?: ImportExtension;
}

/**
 * How generated code writes a relative import of a `.ts` file:
 * - `.js` (default): what `tsc` with `module: NodeNext`, tsx, esbuild, vite and vitest all resolve;
 * - `.ts`: for setups with `allowImportingTsExtensions` (Deno, Bun, Node's type stripping);
 * - `""`: no extension, for bundlers (`moduleResolution: bundler`).
 */
export type ImportExtension = ".js" | ".ts" | "";
export const IMPORT_EXTENSIONS: readonly ImportExtension[] = [".js", ".ts", ""];

/** `tools/rank.ts` as generated code imports it: the extension the app's setup resolves. */
export function importSpecifierPath(file: string, extension: ImportExtension = ".js"): string {
  const match = /\.(ts|mts|cts|tsx)$/.exec(file);
  if (!match) return file;
  const stem = file.slice(0, -match[0].length);
  if (extension === ".ts") return file;
  if (extension === "") return match[1] === "ts" || match[1] === "tsx" ? stem : `${stem}.${JS_OF[match[1] as "mts" | "cts"]}`;
  return `${stem}.${JS_OF[match[1] as keyof typeof JS_OF]}`;
}

const JS_OF = { ts: "js", tsx: "js", mts: "mjs", cts: "cjs" } as const;

/** `types.flow`, `sub/deck.flow`: relative to rootDir, forward slashes. */
export function relativeSource(file: string, rootDir: string): string {
  const relative = path.relative(path.resolve(rootDir), file);
  // compile() reports a module outside the root (FLW226) before emitting.
  if (!isInside(relative)) throw new Error(`flowc emit: ${file} is outside the root directory ${rootDir}`);
  return relative.split(path.sep).join("/");
}

/** Whether a path relative to a folder stays inside it (`..dots.flow` does; `../x.flow` does not). */
export function isInside(relative: string): boolean {
  return relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * FLW226 for every module of the program outside `rootDir`, at the import
 * that reaches it (the first one, in program order), or at the start of an
 * entry file given outside it.
 */
export function modulesOutsideRoot(program: Program, rootDir: string): Diagnostic[] {
  const root = path.resolve(rootDir);
  const outside = (file: string) => !isInside(path.relative(root, file));
  const reported = new Set<string>();
  const out: Diagnostic[] = [];
  const report = (file: string, shown: string, span: Span): void => {
    if (reported.has(file)) return;
    reported.add(file);
    out.push(diag(D.ModuleOutsideRoot, span, [shown, `\`${root}\``, `\`${commonFolder(root, file)}\``]));
  };
  for (const module of program.modules) {
    for (const imported of module.imports) if (outside(imported.module)) report(imported.module, `\`${imported.specifier}\``, imported.span);
  }
  for (const module of program.modules) {
    if (outside(module.file)) report(module.file, `\`${path.basename(module.file)}\``, startOf(module.file));
  }
  return out;
}

/** The innermost folder that holds both `folder` and `file`. */
function commonFolder(folder: string, file: string): string {
  let common = folder;
  while (!isInside(path.relative(common, file)) && path.dirname(common) !== common) common = path.dirname(common);
  return common;
}

function startOf(file: string): Span {
  const start = { offset: 0, line: 1, column: 1 };
  return { file, start, end: start };
}

/** Where the generated `.ts` for a `.flow` file goes. */
export function outputPath(file: string, options: EmitOptions): string {
  const relative = relativeSource(file, options.rootDir).replace(/\.flow$/, "");
  return path.join(path.resolve(options.outDir), `${relative}.ts`);
}
