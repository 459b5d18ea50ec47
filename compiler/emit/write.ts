// Writing generated files: only when the bytes change, never over a file that
// flowc did not generate, never outside the output folder (a symlinked folder
// or file inside it that leads elsewhere stops the whole write), and in
// `check` mode not at all (listing what is stale).
// Synchronous on purpose: a build writes hundreds of small files, and one
// thread-pool round trip per call cost more than the writes themselves.
import { lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { GeneratedFile } from "../index.ts";
import { isInside, shownPath } from "../project-root.ts";
import { HEADER_PREFIX } from "./header.ts";

export interface WriteResult {
  /** Files created or changed. */
  readonly written: string[];
  /** Files whose bytes were already right. */
  readonly unchanged: string[];
  /** With `check`: files missing or different (nothing is written). */
  readonly stale: string[];
  /** Existing files without the generated-file header: left alone. */
  readonly refused: string[];
}

function readExisting(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export function isGeneratedText(text: string): boolean {
  return text.startsWith(HEADER_PREFIX);
}

/** A generated file that would not land inside its output folder. */
export interface Escape {
  /** Where the file should go (inside the output folder, as a path). */
  readonly file: string;
  /** Where writing it would really put it. */
  readonly target: string;
  /** The symlink that leads out: the file itself or a folder on the way (none: the path itself is outside). */
  readonly symlink?: string;
  readonly outDir: string;
}

/** Thrown before anything is written when some file would land outside the output folder. */
export class OutsideOutputError extends Error {
  readonly hint = "remove the symlink, or choose another --out";
  constructor(readonly escapes: readonly Escape[]) {
    const cwd = process.cwd();
    const shown = (p: string) => shownPath(p, cwd);
    super(
      escapes
        .map((e) =>
          e.symlink === e.file
            ? `refusing to write ${shown(e.file)}: it is a symlink to ${shown(e.target)}, and generated files are written only as plain files inside ${shown(e.outDir)}`
            : `refusing to write ${shown(e.file)}: ${e.symlink ? `through the symlink ${shown(e.symlink)} ` : ""}it would go to ${shown(e.target)}, outside the output folder ${shown(e.outDir)}`,
        )
        .join("; "),
    );
    this.name = "OutsideOutputError";
  }
}

/**
 * Where a path really leads: the nearest existing entry on it with symlinks
 * resolved (a dangling link followed by hand), plus the part not created yet.
 */
function realTarget(file: string): string {
  const missing: string[] = [];
  let existing = file;
  for (;;) {
    try {
      lstatSync(existing);
      break;
    } catch {
      if (path.dirname(existing) === existing) return file;
      missing.unshift(path.basename(existing));
      existing = path.dirname(existing);
    }
  }
  return path.join(realPathOf(existing), ...missing);
}

/** An existing entry's real path; for a dangling symlink, where it points (its target does not exist yet). */
function realPathOf(existing: string): string {
  try {
    return realpathSync.native(existing);
  } catch {
    try {
      return path.resolve(realTarget(path.dirname(existing)), readlinkSync(existing));
    } catch {
      return existing; // not a link, yet unresolvable (permissions): as written
    }
  }
}

function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The files that would land outside their output folder, each with where it would go and the symlink that leads there. */
export function escapesFromOutDir(files: readonly GeneratedFile[]): Escape[] {
  const realOuts = new Map<string, string>();
  const realDirs = new Map<string, string>();
  const escapes: Escape[] = [];
  for (const file of files) {
    const outDir = path.resolve(file.outDir);
    let realOut = realOuts.get(outDir);
    if (realOut === undefined) realOuts.set(outDir, (realOut = realTarget(outDir)));
    if (isSymlink(file.path)) {
      escapes.push({ file: file.path, target: realTarget(file.path), symlink: file.path, outDir });
      continue;
    }
    const dir = path.dirname(file.path);
    let realDir = realDirs.get(dir);
    if (realDir === undefined) realDirs.set(dir, (realDir = realTarget(dir)));
    const target = path.join(realDir, path.basename(file.path));
    if (isInside(path.resolve(file.path), outDir) && isInside(target, realOut)) continue;
    const symlink = firstSymlink(dir, outDir);
    escapes.push(symlink === undefined ? { file: file.path, target, outDir } : { file: file.path, target, symlink, outDir });
  }
  return escapes;
}

/** The outermost symlink on the way from `outDir` down to `dir`. */
function firstSymlink(dir: string, outDir: string): string | undefined {
  if (!isInside(dir, outDir)) return undefined;
  const parts = path.relative(outDir, dir).split(path.sep).filter((p) => p !== "");
  for (let i = 1; i <= parts.length; i++) {
    const at = path.join(outDir, ...parts.slice(0, i));
    if (isSymlink(at)) return at;
  }
  return undefined;
}

export async function writeGenerated(
  files: readonly GeneratedFile[],
  options: { check: boolean },
): Promise<WriteResult> {
  const escapes = escapesFromOutDir(files);
  if (escapes.length > 0) throw new OutsideOutputError(escapes);
  const result: WriteResult = { written: [], unchanged: [], stale: [], refused: [] };
  const made = new Set<string>();
  for (const file of files) {
    const existing = readExisting(file.path);
    if (existing === file.text) {
      result.unchanged.push(file.path);
      continue;
    }
    if (existing !== undefined && !isGeneratedText(existing)) {
      result.refused.push(file.path);
      continue;
    }
    if (options.check) {
      result.stale.push(file.path);
      continue;
    }
    const dir = path.dirname(file.path);
    if (!made.has(dir)) mkdirSync(dir, { recursive: true });
    made.add(dir);
    writeFileSync(file.path, file.text);
    result.written.push(file.path);
  }
  return result;
}
