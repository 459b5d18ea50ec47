// Command-line paths -> `.flow` files. A file is taken as it is (it must end in
// `.flow`); a folder means every `.flow` file under it, skipping dependency,
// generated and hidden folders. The result is absolute, unique and sorted, so
// every command sees the same files in the same order on every machine.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { isInside } from "../compiler/emit/paths.ts";
import { UsageError } from "./output.ts";
import type { Project } from "./project.ts";

/** Folders never searched when expanding a folder argument. */
const SKIPPED_DIRS = new Set(["node_modules", "generated"]);

export interface ExpandOptions {
  readonly cwd?: string;
  /** More folders to skip (absolute paths), e.g. the build's `--out` folder. */
  readonly skip?: readonly string[];
  /** Collects every folder searched (what `build --watch` watches). */
  readonly folders?: Set<string>;
}

/** Expands files and folders into the sorted list of absolute `.flow` paths they mean. */
export function expandFlowPaths(args: readonly string[], options: ExpandOptions = {}): string[] {
  const cwd = options.cwd ?? process.cwd();
  const skip = new Set((options.skip ?? []).map((p) => path.resolve(cwd, p)));
  const found = new Set<string>();
  for (const arg of args.length > 0 ? args : ["."]) {
    const absolute = path.resolve(cwd, arg);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      throw new UsageError(`no such file or folder: ${arg}`, "pass .flow files or folders that contain them");
    }
    if (stats.isDirectory()) {
      const before = found.size;
      walk(absolute, skip, found, options.folders);
      if (found.size === before) {
        throw new UsageError(
          `no .flow files under ${displayPath(absolute, cwd)}`,
          "folders named node_modules or generated, and hidden folders, are skipped",
        );
      }
    } else if (absolute.endsWith(".flow")) {
      found.add(absolute);
    } else {
      throw new UsageError(`not a .flow file: ${arg}`, "flowc reads .flow files (or folders that contain them)");
    }
  }
  return [...found].sort(compareCodeUnits);
}

function walk(dir: string, skip: ReadonlySet<string>, found: Set<string>, folders?: Set<string>): void {
  folders?.add(dir);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // unreadable folders are skipped, like `git` does
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (isSkippedFolder(full, skip)) continue;
      walk(full, skip, found, folders);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith(".flow")) {
      found.add(full);
    }
  }
}

/** True for the folders a folder argument never searches: hidden, dependency, generated and `skip` ones. */
export function isSkippedFolder(dir: string, skip: ReadonlySet<string>): boolean {
  const name = path.basename(dir);
  return name.startsWith(".") || SKIPPED_DIRS.has(name) || skip.has(dir);
}

/** Plain code-unit order: the same on every platform and locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A path as users should read it: relative to the working folder when inside it, with `/`. */
export function displayPath(absolute: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, absolute);
  const shown = relative === "" ? "." : isInside(relative) ? relative : absolute;
  return shown.split(path.sep).join("/");
}

/**
 * Generated files mirror the source tree relative to the project root (the
 * project file's folder, or the working folder without one); files outside it
 * (`flowc run /elsewhere/app.flow`) mirror from their common folder.
 */
export function rootDirFor(files: readonly string[], project: Pick<Project, "root">): string {
  if (files.every((file) => isInside(path.relative(project.root, file)))) return project.root;
  let common = path.dirname(files[0]!);
  for (const file of files) {
    while (!file.startsWith(common + path.sep) && common !== path.dirname(common)) common = path.dirname(common);
  }
  return common;
}
