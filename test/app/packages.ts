// Packs flowc and @flowc/runtime as npm would publish them and installs the
// tarballs into fresh apps outside the repository (so nothing resolves from
// the repository's own node_modules). Only the package registry is reached,
// for the apps' other dependencies (typescript, tsx, vitest, ...).
import { execFileSync, type ExecFileSyncOptions } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cleanEnv, ROOT } from "../cli/helpers.ts";

export interface Packed {
  readonly dir: string;
  readonly flowc: string;
  readonly runtime: string;
}

/**
 * `npm pack` of both packages. The CLI bundle in dist/ is fresh (`npm test`
 * builds it first), so packing runs no scripts: `prepare` would rebuild dist/
 * while other test files run the CLI from it. The runtime is compiled here,
 * as its `prepack` script does.
 */
export function packBoth(dir: string): Packed {
  run(process.execPath, [path.join(ROOT, "scripts", "build-runtime.mjs")], { cwd: ROOT });
  const pack = (args: string[]) => {
    const output = run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir, ...args], { cwd: ROOT });
    return path.join(dir, (JSON.parse(output) as { filename: string }[])[0]!.filename);
  };
  return { dir, flowc: pack([]), runtime: pack(["--workspace", "runtime"]) };
}

export function scratch(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `flowc-${prefix}-`));
}

/** A new app folder with a package.json (`type` as given, or none for npm's CommonJS default). */
export function newApp(root: string, name: string, type?: "module" | "commonjs"): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name, version: "1.0.0", private: true, ...(type ? { type } : {}) }, null, 2)}\n`);
  return dir;
}

/** `npm install` in an app; the runtime tarball first, since flowc depends on a runtime no registry has yet. */
export function install(app: string, packed: Packed, options: { readonly dev?: readonly string[]; readonly flowc?: boolean } = {}): void {
  npm(app, ["install", packed.runtime]);
  const dev = [...(options.flowc === false ? [] : [packed.flowc]), ...(options.dev ?? [])];
  if (dev.length > 0) npm(app, ["install", "--save-dev", ...dev]);
}

export function npm(app: string, args: readonly string[]): string {
  return run("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline"], { cwd: app });
}

/** Copies files of the `flowc init` template (templates/init) into an app. */
export function copyTemplate(app: string, ...entries: string[]): void {
  for (const entry of entries) cpSync(path.join(ROOT, "templates", "init", entry), path.join(app, entry), { recursive: true });
}

/** Runs a command; its stdout, or an error with everything it printed. */
export function run(command: string, args: readonly string[], options: ExecFileSyncOptions & { cwd: string }): string {
  try {
    return execFileSync(command, args, { env: cleanEnv(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options }) as string;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${options.cwd}:\n${e.stdout ?? ""}${e.stderr ?? ""}${e.message}`);
  }
}

/** Bytes of every file under `dir` (what the install puts on disk, not its blocks). */
export function sizeOnDisk(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOnDisk(file);
    else if (entry.isFile()) total += statSync(file).size;
  }
  return total;
}
