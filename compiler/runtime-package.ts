// Where the runtime package (@flowc/runtime) is: the copy an app installed
// (what its generated code resolves), else the one flowc itself depends on.
// In flowc's own repository the package folder holds the TypeScript sources,
// which are used directly; an installed package is used through its `exports`.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "./package-root.ts";

export const RUNTIME_PACKAGE = "@flowc/runtime";

/** The package's entry points: subpath in `exports` and the source file it is built from. */
export const RUNTIME_ENTRIES = {
  [RUNTIME_PACKAGE]: { subpath: ".", source: "index.ts" },
  [`${RUNTIME_PACKAGE}/models`]: { subpath: "./models", source: "models/index.ts" },
  [`${RUNTIME_PACKAGE}/models/replay`]: { subpath: "./models/replay", source: "models/replay.ts" },
  [`${RUNTIME_PACKAGE}/testing`]: { subpath: "./testing", source: "testing/index.ts" },
  [`${RUNTIME_PACKAGE}/dbos`]: { subpath: "./dbos", source: "dbos/index.ts" },
} as const;
export type RuntimeSpecifier = keyof typeof RUNTIME_ENTRIES;

/** The folder of the `@flowc/runtime` package that Node would resolve from `dir` (symlinks followed). */
export function findRuntimePackage(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const candidate = path.join(current, "node_modules", "@flowc", "runtime");
    if (existsSync(path.join(candidate, "package.json"))) return realpathSync(candidate);
    if (path.dirname(current) === current) return undefined;
  }
}

/** The runtime code under `dir` uses: the app's own, else flowc's. */
export function runtimeRoot(dir: string): string {
  const root = findRuntimePackage(dir) ?? findRuntimePackage(packageRoot());
  if (!root) throw new Error(`flowc: cannot find the ${RUNTIME_PACKAGE} package; install it with: npm install ${RUNTIME_PACKAGE}`);
  return root;
}

/** The absolute file of one entry: its TypeScript source in flowc's repository, else the ES module `exports` names. */
export function runtimeEntryFile(root: string, specifier: RuntimeSpecifier): string {
  const entry = RUNTIME_ENTRIES[specifier];
  const source = path.join(root, entry.source);
  if (existsSync(source)) return source;
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as Manifest;
  const target = importTarget(manifest.exports?.[entry.subpath]);
  if (!target) throw new Error(`flowc: ${path.join(root, "package.json")} exports no ES module for "${entry.subpath}"; reinstall ${RUNTIME_PACKAGE}`);
  return path.join(root, target);
}

/** What a type-only import of the runtime's root names: the source, or the ES entry (its `.d.ts` beside it). */
export function runtimeTypesSpecifier(dir: string): string {
  return runtimeEntryFile(runtimeRoot(dir), RUNTIME_PACKAGE);
}

type Condition = string | { readonly [condition: string]: Condition | undefined };
interface Manifest {
  readonly exports?: Readonly<Record<string, Condition | undefined>>;
}

/** exports[subpath] → the `import` (else `default`) target, through nested conditions. */
function importTarget(condition: Condition | undefined): string | undefined {
  if (condition === undefined || typeof condition === "string") return condition;
  return importTarget(condition.import ?? condition.default);
}
