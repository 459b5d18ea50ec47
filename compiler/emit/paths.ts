// Where generated files go: they mirror the `.flow` tree under outDir,
// relative to rootDir. (No ts-morph here.)
import path from "node:path";

export interface EmitOptions {
  readonly rootDir: string;
  readonly outDir: string;
  /** Cache generated text here (cache.ts); without it every module is generated and formatted. */
  readonly cacheDir?: string;
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
