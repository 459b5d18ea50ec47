// Where flowc's own files are. Found by walking up from this module, because
// the code runs both from its sources (compiler/...) and bundled (dist/...).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && isFlowcManifest(manifest)) return (cached = dir);
    if (path.dirname(dir) === dir) throw new Error("flowc: cannot find its own package.json");
  }
}

function isFlowcManifest(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { name?: unknown }).name === "flowc";
  } catch {
    return false;
  }
}
