// BASE and HEAD of `flowc diff`: a `.flow` file, a folder, `git:REV` (the
// current folder's tree at a revision) or `git:REV:path` (a file or folder at
// a revision, path from the repository root as in `git show REV:path`).
// Revisions are written to a temporary folder (`git ls-tree`, then the blobs
// as `git show REV:path` prints them, read in one `git cat-file --batch`) and
// checked from there.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface ResolvedInput {
  readonly label: string;
  /** Modules are named relative to this folder. */
  readonly root: string;
  /** Absolute `.flow` files to check. */
  readonly entries: readonly string[];
  /** Removes the temporary checkout (if any). */
  readonly dispose: () => void;
}

export class InputError extends Error {}

const SKIPPED = new Set(["node_modules", "generated"]);

function flowFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || SKIPPED.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...flowFilesUnder(full));
    else if (entry.name.endsWith(".flow")) out.push(full);
  }
  return out.sort();
}

function fromPath(label: string, target: string, dispose: () => void = () => {}): ResolvedInput {
  let stats;
  try {
    stats = statSync(target);
  } catch {
    throw new InputError(`no such file or folder: ${label}`);
  }
  if (stats.isDirectory()) {
    const entries = flowFilesUnder(target);
    if (entries.length === 0) throw new InputError(`no .flow files in ${label}`);
    return { label, root: target, entries, dispose };
  }
  if (!target.endsWith(".flow")) throw new InputError(`not a .flow file: ${label}`);
  return { label, root: path.dirname(target), entries: [target], dispose };
}

function git(cwd: string, args: readonly string[], input?: string): Buffer {
  try {
    return execFileSync("git", args, { cwd, input, stdio: ["pipe", "pipe", "pipe"], maxBuffer: 1024 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new InputError(`git ${args.join(" ")} failed${stderr ? `: ${stderr}` : ""}`);
  }
}

/** The contents of `REV:path` for many paths with one `git cat-file --batch` (like `git show REV:path` each). */
function readBlobs(repoRoot: string, rev: string, files: readonly string[]): Buffer[] {
  const out = git(repoRoot, ["cat-file", "--batch"], files.map((f) => `${rev}:${f}\n`).join(""));
  const blobs: Buffer[] = [];
  let at = 0;
  for (const file of files) {
    const headerEnd = out.indexOf(0x0a, at);
    const header = out.subarray(at, headerEnd).toString();
    const size = Number(/^\S+ blob (\d+)$/.exec(header)?.[1]);
    if (!Number.isFinite(size)) throw new InputError(`cannot read ${rev}:${file} (${header})`);
    blobs.push(out.subarray(headerEnd + 1, headerEnd + 1 + size));
    at = headerEnd + 1 + size + 1;
  }
  return blobs;
}

/**
 * Writes the `.flow` files, the script files tools may live in and the project
 * files (which mark the project root tool files must be inside, FLW225) of the
 * repository tree at `rev` into a new temporary folder.
 */
function checkout(cwd: string, rev: string): { dir: string; repoRoot: string } {
  const repoRoot = git(cwd, ["rev-parse", "--show-toplevel"]).toString().trim();
  try {
    git(cwd, ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`]);
  } catch {
    throw new InputError(`unknown git revision '${rev}'`);
  }
  const listed = git(repoRoot, ["ls-tree", "-r", "-z", "--name-only", "--full-tree", rev]).toString().split("\0").filter(Boolean);
  const wanted = listed.filter(
    (f) =>
      (/\.(flow|[cm]?ts|[cm]?js)$/.test(f) || /(^|\/)(flowc\.config|package)\.json$/.test(f)) &&
      !f.includes("\n") &&
      !f.split("/").some((part) => SKIPPED.has(part)),
  );
  const blobs = readBlobs(repoRoot, rev, wanted);
  const dir = mkdtempSync(path.join(tmpdir(), "flowc-diff-"));
  wanted.forEach((file, i) => {
    const target = path.join(dir, ...file.split("/"));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, blobs[i]!);
  });
  return { dir, repoRoot };
}

export function resolveInput(spec: string, cwd: string = process.cwd()): ResolvedInput {
  if (!spec.startsWith("git:")) return fromPath(spec, path.resolve(cwd, spec));
  const rest = spec.slice(4);
  const colon = rest.indexOf(":");
  const rev = colon === -1 ? rest : rest.slice(0, colon);
  if (rev === "") throw new InputError(`missing revision in ${spec} (write git:REV or git:REV:path)`);
  const { dir, repoRoot } = checkout(cwd, rev);
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    const pathPart = colon === -1 ? undefined : rest.slice(colon + 1);
    const inRepo =
      pathPart === undefined
        ? path.relative(repoRoot, path.resolve(cwd))
        : pathPart.startsWith("./") || pathPart.startsWith("../")
          ? path.relative(repoRoot, path.resolve(cwd, pathPart))
          : pathPart;
    return fromPath(spec, path.join(dir, inRepo), dispose);
  } catch (error) {
    dispose();
    throw error;
  }
}
