// Which flowc the CLI figures ran: bin/flowc.js starts the esbuild bundle in
// dist/ when it is newer than every source file, and otherwise the TypeScript
// sources through tsx (much slower to start). The same test as bin/flowc.js.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT_DIR } from "./paths.ts";

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

export function cliMode(): string {
  let built: number;
  try {
    built = statSync(path.join(ROOT_DIR, "dist", "flowc.cjs")).mtimeMs;
  } catch {
    return "TypeScript sources through tsx (no dist/ bundle)";
  }
  const fresh = ["cli", "compiler", "grammar", "runtime"].every((d) => newestSource(path.join(ROOT_DIR, d)) <= built);
  return fresh ? "the esbuild bundle dist/flowc.cjs, with its V8 code cache" : "TypeScript sources through tsx (dist/ bundle older than the sources)";
}
