// The hash of the emitter's own sources (compiler/emit/*.ts and the plan
// types): part of every emit cache key. The bundle has it computed at build
// time (scripts/build-cli.mjs), since an installed flowc ships no sources.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { hashOf } from "./cache.ts";

export function emitterSourcesHash(root: string): string {
  const emitDir = path.join(root, "compiler", "emit");
  const files = [
    ...readdirSync(emitDir)
      .filter((f) => f.endsWith(".ts"))
      .sort()
      .map((f) => path.join(emitDir, f)),
    path.join(root, "compiler", "plan", "ir.ts"),
  ];
  return hashOf(...files.flatMap((f) => [path.basename(f), readFileSync(f, "utf8")]));
}
