// Loading TypeScript at run time: generated modules and tool files are `.ts`
// sources. Only `run` and `trace` need this, so `check` and `build` do not pay
// for tsx (~150 ms) or a module hook thread (~40 ms).
//
// Generated code imports the runtime package by name (`@flowc/runtime`). The
// CLI loads that same runtime and maps the name to it for every module, so a
// flow and the CLI share one runtime instance wherever the generated files are
// written: the app's own installed runtime when there is one (what its code
// will run on in production), else the one this flowc depends on.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { register as registerHooks } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { importExternal } from "../compiler/external.ts";
import { packageRoot } from "../compiler/package-root.ts";

export const RUNTIME_PACKAGE = "@flowc/runtime";
const ENTRIES = { [RUNTIME_PACKAGE]: ".", [`${RUNTIME_PACKAGE}/models`]: "./models", [`${RUNTIME_PACKAGE}/testing`]: "./testing" } as const;
type Specifier = keyof typeof ENTRIES;

let enabled = false;
let entries: Record<Specifier, string> | undefined;

/**
 * Chooses the runtime that generated code under `dir` resolves (call before
 * anything loads it; the first choice holds for the process).
 */
export function useRuntimeFrom(dir: string): void {
  entries ??= runtimeEntries(dir);
}

/** The folder of the `@flowc/runtime` package that Node would resolve from `dir` (symlinks followed). */
export function findRuntimePackage(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const candidate = path.join(current, "node_modules", "@flowc", "runtime");
    if (existsSync(path.join(candidate, "package.json"))) return realpathSync(candidate);
    if (path.dirname(current) === current) return undefined;
  }
}

/**
 * The file URL of each runtime entry. A package folder holding the TypeScript
 * sources (flowc's own repository) is used from them; an installed package
 * from the ES module files its `exports` name.
 */
function runtimeEntries(dir: string): Record<Specifier, string> {
  const root = findRuntimePackage(dir) ?? findRuntimePackage(packageRoot());
  if (!root) throw new Error(`flowc: cannot find the ${RUNTIME_PACKAGE} package; install it with: npm install ${RUNTIME_PACKAGE}`);
  const fromSources = existsSync(path.join(root, "index.ts"));
  const manifest = fromSources ? undefined : (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as Manifest);
  const result = {} as Record<Specifier, string>;
  for (const [specifier, subpath] of Object.entries(ENTRIES) as [Specifier, string][]) {
    const file = fromSources ? path.join(root, subpath, "index.ts") : path.join(root, importTarget(manifest!, subpath, root));
    result[specifier] = pathToFileURL(file).href;
  }
  return result;
}

interface Manifest {
  readonly exports?: Record<string, { readonly import?: { readonly default?: string } | string } | string>;
}

function importTarget(manifest: Manifest, subpath: string, root: string): string {
  const entry = manifest.exports?.[subpath];
  const target = typeof entry === "string" ? entry : typeof entry?.import === "string" ? entry.import : entry?.import?.default;
  if (!target) throw new Error(`flowc: ${root}/package.json exports no ES module for "${subpath}"; reinstall ${RUNTIME_PACKAGE}`);
  return target;
}

/** Registers tsx, and maps the runtime's package names to the chosen runtime for every module. */
export async function enableTypeScriptImports(): Promise<void> {
  if (enabled) return;
  enabled = true;
  useRuntimeFrom(process.cwd());
  const { register } = await importExternal<typeof import("tsx/esm/api")>("tsx/esm/api");
  register();
  const hook =
    `const map = ${JSON.stringify(entries)};\n` +
    `export async function resolve(specifier, context, next) {\n` +
    `  return next(Object.hasOwn(map, specifier) ? map[specifier] : specifier, context);\n}\n`;
  registerHooks(`data:text/javascript,${encodeURIComponent(hook)}`);
}

/** The runtime, loaded as the generated code loads it (one instance for both). */
export async function loadRuntime(): Promise<typeof import("../runtime/index.ts")> {
  await enableTypeScriptImports();
  return importExternal<typeof import("../runtime/index.ts")>(RUNTIME_PACKAGE);
}

/** The model providers (openai, replay, record); loaded only when a worker may run. */
export async function loadModels(): Promise<typeof import("../runtime/models/index.ts")> {
  await enableTypeScriptImports();
  return importExternal<typeof import("../runtime/models/index.ts")>(`${RUNTIME_PACKAGE}/models`);
}
