// ts-morph's values, loaded with `require`: ts-morph is CommonJS, and importing
// it as an ES module first has Node scan its 1 MB for export names (~0.1–0.3 s
// of a cold build). Types still come from "ts-morph" directly.
import { createRequire } from "node:module";

const tsMorph = createRequire(import.meta.url)("ts-morph") as typeof import("ts-morph");

export const { printStructure, StructureKind, VariableDeclarationKind } = tsMorph;
