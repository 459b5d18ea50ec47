// Where generated files go: they mirror the `.flow` tree under outDir,
// relative to rootDir. (No ts-morph here.)
import path from "node:path";

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
