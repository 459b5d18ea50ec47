// Helpers for emit tests: scratch projects inside the repository (generated
// code's `@flowc/runtime` is mapped to the runtime's sources) and the native tsc.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { GeneratedFile } from "../../compiler/index.ts";

export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCRATCH = path.join(PACKAGE_ROOT, ".tmp", "emit-tests");

export function scratchDir(prefix: string): string {
  mkdirSync(SCRATCH, { recursive: true });
  return mkdtempSync(path.join(SCRATCH, `${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function writeAll(files: readonly GeneratedFile[]): void {
  for (const f of files) writeText(f.path, f.text);
}

export function writeText(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

export const STRICT_OPTIONS = {
  strict: true,
  noEmit: true,
  target: "ES2022",
  module: "preserve",
  moduleResolution: "bundler",
  allowImportingTsExtensions: true,
  skipLibCheck: true,
  types: ["node"],
  paths: {
    "@flowc/runtime": [path.join(PACKAGE_ROOT, "runtime", "index.ts")],
    "@flowc/runtime/models": [path.join(PACKAGE_ROOT, "runtime", "models", "index.ts")],
  },
};

/** Runs `tsc --strict --noEmit` over every `.ts` file under `dir`; returns its errors there ("" when clean). */
export function typecheck(dir: string): string {
  writeText(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: STRICT_OPTIONS, include: ["**/*.ts"] }));
  return tscErrors(path.join(dir, "tsconfig.json"), dir);
}

/**
 * Runs the native tsc on a project and keeps the errors in files under `dir`
 * (errors inside the runtime, which other work may be changing, are not ours).
 */
export function tscErrors(project: string, dir: string): string {
  const tsc = path.join(PACKAGE_ROOT, "node_modules", "typescript", "bin", "tsc");
  let output = "";
  try {
    execFileSync(process.execPath, [tsc, "-p", project, "--pretty", "false"], { encoding: "utf8", cwd: PACKAGE_ROOT });
    return "";
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    output = `${e.stdout ?? ""}${e.stderr ?? ""}` || e.message;
  }
  const kept: string[] = [];
  let keep = false;
  for (const line of output.split("\n")) {
    const match = /^(.+?)\(\d+,\d+\): error /.exec(line);
    if (match) keep = path.resolve(PACKAGE_ROOT, match[1]!).startsWith(path.resolve(dir) + path.sep);
    else if (!/^\s/.test(line)) keep = line.trim() !== "";
    if (keep) kept.push(line);
  }
  return kept.join("\n").trim();
}
