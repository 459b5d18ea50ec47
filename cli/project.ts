// The project file: `flowc.config.json`, or a "flowc" field in package.json,
// found from the working folder upwards. It says where the `.flow` sources
// are, where generated code goes and how it imports. Its folder is the project
// root, which generated files mirror the sources from, so `flowc build` writes
// the same bytes from any folder of the project. Without a project file the
// working folder is the root and the defaults apply (flowc's behaviour before
// project files existed).
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { IMPORT_EXTENSIONS, type ImportExtension } from "../compiler/emit/paths.ts";
import { printWarning, UsageError } from "./output.ts";
import { displayPath, expandFlowPaths } from "./paths.ts";
import { findJsonError, lineColumn } from "./run-json.ts";

export const CONFIG_FILE = "flowc.config.json";

export interface Project {
  /** The project file's folder, or the working folder without one. Absolute. */
  readonly root: string;
  /** The project file (`flowc.config.json` or `package.json`), absolute; absent without one. */
  readonly file?: string;
  /** Files or folders of `.flow` files, absolute. */
  readonly sources: readonly string[];
  /** The output folder, absolute. */
  readonly out: string;
  readonly importExtension: ImportExtension;
  /** Where `flowc run` runs flows unless --executor says otherwise (docs/distributed.md). */
  readonly executor: "in-process" | "dbos";
}

/** What the project file may say, with the default and a line for error hints. */
const KEYS = {
  sources: { fallback: ["."], describe: "files or folders of .flow files", example: '"sources": ["flows"]' },
  out: { fallback: "generated", describe: "the output folder", example: '"out": "generated"' },
  importExtension: { fallback: ".js", describe: '".js", ".ts" or ""', example: '"importExtension": ".js"' },
  // Read by the checker (compiler/project-root.ts); checked here so a typo is an error, not a silent no.
  allowToolsOutside: { fallback: [], describe: "folders outside the project whose tool files may be used", example: '"allowToolsOutside": ["../shared-tools"]' },
  executor: { fallback: "in-process", describe: 'where flowc run runs flows: "in-process" or "dbos"', example: '"executor": "dbos"' },
} as const;

type Key = keyof typeof KEYS;

/** The project of `cwd`: the first folder upwards with a project file, or the defaults in `cwd`. */
export function findProject(cwd: string = process.cwd()): Project {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const found = readProjectFile(dir, cwd);
    if (found) return { root: dir, file: found.file, ...validate(found, dir) };
    if (path.dirname(dir) === dir) return { root: path.resolve(cwd), ...validate({ shown: "", prefix: "", config: {} }, path.resolve(cwd)) };
  }
}

/**
 * The `.flow` files a command takes: those under the paths given (relative to
 * the working folder), else under the project's sources; never those in the
 * output folder. A source that does not exist is then the project file's
 * fault, so the error names it. `folders` collects every folder searched.
 */
export function sourceFiles(paths: readonly string[], project: Project, cwd: string, folders?: Set<string>): string[] {
  const options = { cwd, skip: [project.out], folders };
  if (paths.length > 0) return expandFlowPaths(paths, options);
  // As the user would write them, so that errors read naturally.
  const args = project.sources.map((source) => displayPath(source, cwd));
  try {
    return expandFlowPaths(args, options);
  } catch (error) {
    if (!(error instanceof UsageError) || !project.file) throw error;
    const file = displayPath(project.file, cwd);
    throw new UsageError(`${error.message} (from "sources" in ${file})`, `fix "sources" in ${file}: paths are relative to its folder`);
  }
}

interface Found {
  readonly file: string;
  /** How errors name the file (relative to the working folder). */
  readonly shown: string;
  /** How errors name a key: `sources` in flowc.config.json, `flowc.sources` in package.json. */
  readonly prefix: "" | "flowc.";
  readonly config: unknown;
}

function readProjectFile(dir: string, cwd: string): Found | undefined {
  const config = path.join(dir, CONFIG_FILE);
  const manifest = path.join(dir, "package.json");
  const hasConfig = isFile(config);
  const pkg = isFile(manifest) ? readManifest(manifest, cwd) : undefined;
  if (hasConfig) {
    if (pkg && "flowc" in pkg) {
      printWarning(`${displayPath(manifest, cwd)}: the "flowc" field is ignored: ${displayPath(config, cwd)} in the same folder wins`);
    }
    return { file: config, shown: displayPath(config, cwd), prefix: "", config: parseJson(config, cwd) };
  }
  if (pkg && "flowc" in pkg) return { file: manifest, shown: displayPath(manifest, cwd), prefix: "flowc.", config: pkg.flowc };
  return undefined;
}

/**
 * A package.json's fields. One that is not valid JSON is not flowc's to judge
 * unless it seems to hold flowc's settings; then the syntax error is reported.
 */
function readManifest(file: string, cwd: string): Record<string, unknown> | undefined {
  const text = readText(file, cwd);
  let value: unknown;
  try {
    value = JSON.parse(stripBom(text));
  } catch {
    if (/"flowc"\s*:/.test(text)) parseJson(file, cwd);
    return undefined;
  }
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function parseJson(file: string, cwd: string): unknown {
  const text = stripBom(readText(file, cwd));
  try {
    return JSON.parse(text);
  } catch {
    const shown = displayPath(file, cwd);
    const problem = findJsonError(text);
    const { line, column } = lineColumn(text, problem.offset);
    throw new UsageError(`${shown} is not valid JSON: ${problem.message} at ${shown}:${line}:${column}`, "fix the file, then run again");
  }
}

function readText(file: string, cwd: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "an unknown error";
    throw new UsageError(`cannot read ${displayPath(file, cwd)}: ${code}`);
  }
}

function validate({ shown, prefix, config }: Omit<Found, "file">, root: string): Omit<Project, "root" | "file"> {
  const example = `{ ${KEYS.sources.example}, ${KEYS.out.example} }`;
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    const what = prefix === "" ? `${shown} must hold a JSON object` : `${shown}: "flowc" must be a JSON object`;
    throw new UsageError(`${what}, not ${kindOf(config)}`, `for example: ${example}`);
  }
  const values = config as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    if (!Object.hasOwn(KEYS, key)) {
      const allowed = (Object.keys(KEYS) as Key[]).map((k) => `"${prefix}${k}" (${KEYS[k].describe})`).join(", ");
      throw new UsageError(`${shown}: unknown key "${prefix}${key}"`, `the keys are ${allowed}`);
    }
  }
  // A key that is present counts, even as null: only a missing key takes the default.
  const valueOf = (key: Key): unknown => (Object.hasOwn(values, key) ? values[key] : KEYS[key].fallback);
  // `"sources" must be ...`, `"sources"[1] must be ...`
  const fail = (key: Key, message: string) =>
    new UsageError(`${shown}: "${prefix}${key}"${message.startsWith("[") ? "" : " "}${message}`, `for example: ${KEYS[key].example}`);

  const sources = valueOf("sources");
  if (!Array.isArray(sources)) throw fail("sources", `must be an array of paths, not ${kindOf(sources)}`);
  if (sources.length === 0) throw fail("sources", "must name at least one file or folder");
  sources.forEach((source: unknown, i) => {
    if (typeof source !== "string") throw fail("sources", `[${i}] must be a path (a string), not ${kindOf(source)}`);
    if (source === "") throw fail("sources", `[${i}] is empty (use "." for the project folder)`);
  });

  const out = valueOf("out");
  if (typeof out !== "string") throw fail("out", `must be a path (a string), not ${kindOf(out)}`);
  if (out === "") throw fail("out", 'is empty (use "." for the project folder)');

  const importExtension = valueOf("importExtension");
  if (!IMPORT_EXTENSIONS.includes(importExtension as ImportExtension)) {
    const given = typeof importExtension === "string" ? JSON.stringify(importExtension) : kindOf(importExtension);
    throw new UsageError(`${shown}: "${prefix}importExtension" must be ".js", ".ts" or "", not ${given}`, IMPORT_EXTENSION_HINT);
  }

  const allowToolsOutside = valueOf("allowToolsOutside");
  if (!Array.isArray(allowToolsOutside) || allowToolsOutside.some((entry) => typeof entry !== "string" || entry === "")) {
    throw fail("allowToolsOutside", `must be an array of folder paths, not ${kindOf(allowToolsOutside)}`);
  }

  const executor = valueOf("executor");
  if (executor !== "in-process" && executor !== "dbos") {
    throw fail("executor", `must be "in-process" or "dbos", not ${typeof executor === "string" ? JSON.stringify(executor) : kindOf(executor)}`);
  }

  return {
    sources: (sources as string[]).map((source) => path.resolve(root, source)),
    out: path.resolve(root, out),
    importExtension: importExtension as ImportExtension,
    executor,
  };
}

const IMPORT_EXTENSION_HINT =
  '".js" for tsc (module NodeNext), tsx, esbuild, vite and vitest; ".ts" with allowImportingTsExtensions (Deno, Bun); "" for bundlers';

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "boolean") return `${value}`;
  return `a ${typeof value}`;
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
