// The project a `.flow` file belongs to: the nearest folder above it that has
// a `flowc.config.json` or a `package.json`. Tool files must resolve (symlinks
// followed) inside it, or inside a folder that `allowToolsOutside` in its
// `flowc.config.json` lists, so that a path like `../../x.ts` or a symlink
// cannot make flowc type-check, import and run code from elsewhere by accident.
// This module only locates the root and reads that one key; the rest of the
// project file is the CLI's business (cli/project.ts).
import { existsSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";

export const PROJECT_FILES = ["flowc.config.json", "package.json"] as const;

export interface ProjectRoot {
  /** The root folder as found from the `.flow` file (symlinks not resolved): for messages. */
  readonly dir: string;
  /** The same folder with symlinks resolved: what resolved tool paths are compared with. */
  readonly realDir: string;
  /** The project file that marks it; undefined when none was found and the `.flow` file's own folder is the root. */
  readonly file?: string;
  /** `allowToolsOutside` folders that exist, with symlinks resolved (relative entries are taken from `realDir`). */
  readonly allowedOutside: readonly string[];
}

/**
 * The project root of the `.flow` file in `flowDir`: the nearest folder at or
 * above it with a project file (`flowc.config.json` wins over `package.json`
 * in the same folder). Without one anywhere above, `flowDir` itself: the
 * strict choice, so a file outside every project still cannot reach out.
 */
export function findProjectRoot(flowDir: string): ProjectRoot {
  const start = path.resolve(flowDir);
  for (let dir = start; ; dir = path.dirname(dir)) {
    const file = PROJECT_FILES.map((name) => path.join(dir, name)).find((f) => existsSync(f));
    if (file !== undefined) return rootAt(dir, file);
    if (path.dirname(dir) === dir) return rootAt(start, undefined);
  }
}

function rootAt(dir: string, file: string | undefined): ProjectRoot {
  const realDir = realPath(dir) ?? dir;
  const listed = file !== undefined ? allowToolsOutside(file) : [];
  const allowedOutside = listed.flatMap((entry) => realPath(path.resolve(realDir, entry)) ?? []);
  return file === undefined ? { dir, realDir, allowedOutside } : { dir, realDir, file, allowedOutside };
}

/** The `allowToolsOutside` strings of a `flowc.config.json` (or of the `flowc` field of a `package.json`); anything unreadable or malformed allows nothing. */
function allowToolsOutside(file: string): string[] {
  try {
    const json = JSON.parse(readFileSync(file, "utf8")) as { allowToolsOutside?: unknown; flowc?: { allowToolsOutside?: unknown } };
    const list = path.basename(file) === "package.json" ? json.flowc?.allowToolsOutside : json.allowToolsOutside;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === "string" && x !== "") : [];
  } catch {
    return [];
  }
}

/** The path with every symlink resolved, or undefined when it does not exist. */
export function realPath(file: string): string | undefined {
  try {
    return realpathSync.native(file);
  } catch {
    return undefined;
  }
}

/** Whether `file` is `dir` or below it (both absolute, symlinks already resolved). */
export function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === "" || (!relative.startsWith(`..${path.sep}`) && relative !== ".." && !path.isAbsolute(relative));
}

/**
 * Where a tool file really is, when that is outside its project: its real
 * path, or undefined when it is inside the root or an allowed folder (or does
 * not exist: that is reported on its own).
 */
export function toolOutsideProject(implementation: string, root: ProjectRoot): string | undefined {
  const real = realPath(implementation);
  if (real === undefined) return undefined;
  if (isInside(real, root.realDir) || root.allowedOutside.some((dir) => isInside(real, dir))) return undefined;
  return real;
}

/** For messages: relative to `cwd` when inside it (`.` for itself), else absolute; forward slashes. */
export function shownPath(file: string, cwd: string): string {
  const shown = isInside(file, cwd) ? path.relative(cwd, file) || "." : file;
  return shown.split(path.sep).join("/");
}
