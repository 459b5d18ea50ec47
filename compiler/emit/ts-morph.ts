// ts-morph's values, loaded with `require` on first use: ts-morph is CommonJS
// (importing it as an ES module first has Node scan its 1 MB for export names),
// and it loads TypeScript (~0.25 s), which a build whose declarations all go
// through the direct printer never needs. Types come from "ts-morph" directly.
import { createRequire } from "node:module";

let loaded: typeof import("ts-morph") | undefined;

export function tsMorph(): typeof import("ts-morph") {
  loaded ??= createRequire(import.meta.url)("ts-morph") as typeof import("ts-morph");
  return loaded;
}
