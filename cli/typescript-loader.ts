// Loading TypeScript at run time: generated modules, tool files and the
// runtime are `.ts` sources. Only `run` and `trace` need this, so `check` and
// `build` do not pay for tsx (~150 ms) or a module hook thread (~40 ms).
import { register as registerHooks } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { importExternal } from "../compiler/external.ts";
import { packageRoot } from "../compiler/package-root.ts";

let enabled = false;

/**
 * Registers tsx, and resolves `flowc/runtime` to the runtime of this flowc
 * wherever the generated files are, so a flow and the CLI share one runtime.
 */
export async function enableTypeScriptImports(): Promise<void> {
  if (enabled) return;
  enabled = true;
  const { register } = await importExternal<typeof import("tsx/esm/api")>("tsx/esm/api");
  register();
  const file = (...parts: string[]) => pathToFileURL(path.join(packageRoot(), ...parts)).href;
  const map = { "flowc/runtime": file("runtime", "index.ts"), "flowc/runtime/models": file("runtime", "models", "index.ts") };
  const hook =
    `const map = ${JSON.stringify(map)};\n` +
    `export async function resolve(specifier, context, next) {\n` +
    `  return next(Object.hasOwn(map, specifier) ? map[specifier] : specifier, context);\n}\n`;
  registerHooks(`data:text/javascript,${encodeURIComponent(hook)}`);
}

/** The runtime, loaded as the generated code loads it (one instance for both). */
export async function loadRuntime(): Promise<typeof import("../runtime/index.ts")> {
  await enableTypeScriptImports();
  return importExternal<typeof import("../runtime/index.ts")>("flowc/runtime");
}

/** The model providers (openai, replay, record); loaded only when a worker may run. */
export async function loadModels(): Promise<typeof import("../runtime/models/index.ts")> {
  await enableTypeScriptImports();
  return importExternal<typeof import("../runtime/models/index.ts")>("flowc/runtime/models");
}
