// Shared by the review tests: fixture discovery, golden files, plan comparison.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { Module } from "../../grammar/ast.ts";
import type { Program } from "../../compiler/plan/ir.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const FIXTURES = path.join(ROOT, "test/fixtures");
export const UPDATE = process.env.UPDATE === "1";

/** Sub-folders of a fixture suite (skipping `_shared`-style folders). */
export function cases(suite: string): string[] {
  const dir = path.join(FIXTURES, suite);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("_"))
    .map((e) => e.name)
    .sort();
}

/** Every `.flow` file under a folder (recursively). */
export function flowFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== "node_modules" && e.name !== "generated") out.push(...flowFiles(full));
    else if (e.isFile() && e.name.endsWith(".flow")) out.push(full);
  }
  return out.sort();
}

/** Compares with a golden file; UPDATE=1 writes it instead. */
export function golden(file: string, actual: string): void {
  if (UPDATE) {
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`missing golden file ${path.relative(ROOT, file)}: run UPDATE=1 npx vitest run test/review`);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

/** The syntax tree without positions, and its comments' texts, to compare layouts. */
export function astShape(m: Module): { tree: string; comments: string[] } {
  const tree = JSON.stringify(m, (key, value: unknown) => {
    if (key === "span" || key === "opSpan" || key === "comments" || key === "triple") return undefined;
    if (key === "needsApproval") return value !== undefined;
    return value;
  });
  return { tree, comments: m.comments.map((c) => c.text.trimEnd()).sort() };
}

/** A program as JSON without spans, with module paths relative to `root`. */
export function planShape(program: Program, root: string): string {
  return JSON.stringify(program, (key, value: unknown) => {
    if (key === "span") return undefined;
    if ((key === "module" || key === "file" || key === "implementation") && typeof value === "string") return path.relative(root, value);
    return value;
  });
}
