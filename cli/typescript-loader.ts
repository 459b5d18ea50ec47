// Loading TypeScript at run time: generated modules and tool files are `.ts`
// sources. Only `run` and `trace` need this, so `check` and `build` do not pay
// for tsx (~150 ms) or a module hook thread (~40 ms).
//
// Generated code imports the runtime package by name (`@flowc/runtime`). The
// CLI loads that same runtime and maps the name to it for every module, so a
// flow and the CLI share one runtime instance wherever the generated files are
// written: the app's own installed runtime when there is one (what its code
// will run on in production), else the one this flowc depends on.
import { register as registerHooks } from "node:module";
import { pathToFileURL } from "node:url";
import { importExternal } from "../compiler/external.ts";
import { RUNTIME_ENTRIES, RUNTIME_PACKAGE, runtimeEntryFile, runtimeRoot, type RuntimeSpecifier } from "../compiler/runtime-package.ts";

let enabled = false;
let entries: Record<RuntimeSpecifier, string> | undefined;

/**
 * Chooses the runtime that generated code under `dir` resolves (call before
 * anything loads it; the first choice holds for the process).
 */
export function useRuntimeFrom(dir: string): void {
  if (entries) return;
  const root = runtimeRoot(dir);
  entries = {} as Record<RuntimeSpecifier, string>;
  for (const specifier of Object.keys(RUNTIME_ENTRIES) as RuntimeSpecifier[]) {
    entries[specifier] = pathToFileURL(runtimeEntryFile(root, specifier)).href;
  }
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

/** The replay provider alone: a replayed run does not load the model SDK (~0.2 s). */
export async function loadReplay(): Promise<typeof import("../runtime/models/replay.ts")> {
  await enableTypeScriptImports();
  return importExternal<typeof import("../runtime/models/replay.ts")>(`${RUNTIME_PACKAGE}/models/replay`);
}
