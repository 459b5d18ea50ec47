// Generates a synthetic flowc project for measuring `flowc build`: N modules,
// each with 5 records (each referring to the one before it; the second also to
// the first record of the previous module, imported) and 5 workers. The same
// shape as the compile figure of bench/, so numbers compare. Deterministic: no
// seed, no clock; the same arguments always give the same bytes.
//
//   npx tsx scripts/gen-project.ts [--modules 200] [--out DIR]
//
// Writes DIR/src/m000.flow ... and DIR/package.json ("type": "module"), and
// prints DIR. Without --out, DIR is a fresh folder under the OS temp folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

export const RECORDS = 5;
export const WORKERS = 5;

const pad = (i: number): string => String(i).padStart(3, "0");
const rec = (i: number, j: number): string => `R${i}_${j}`;

/** The text of module `i` (`src/m<i>.flow`). */
export function flowModule(i: number): string {
  const lines: string[] = [];
  if (i > 0) lines.push(`import { ${rec(i - 1, 0)} } from "./m${pad(i - 1)}.flow"`, "");
  lines.push(`model m = "gpt-4.1-mini" { temperature: 0.2 }`, "");
  for (let j = 0; j < RECORDS; j++) {
    const prev = j > 0 ? rec(i, j - 1) : null;
    lines.push(
      `/// Record ${j} of module ${i}.`,
      `type ${rec(i, j)} {`,
      `  name: string`,
      `  /// 1 (weak) to 10 (exceptional)`,
      `  score: int`,
      `  tags: string[]`,
      `  ok: bool`,
      `  stage: "seed" | "series_a" | "later"`,
      prev ? `  prev?: ${prev}` : `  note?: string`,
      ...(j === 1 && i > 0 ? [`  origin?: ${rec(i - 1, 0)}`] : []),
      `}`,
      "",
    );
  }
  for (let j = 0; j < WORKERS; j++) {
    lines.push(
      `/// Worker ${j} of module ${i}.`,
      `worker w${i}_${j}(item: ${rec(i, j)}) -> ${rec(i, (j + 1) % RECORDS)} {`,
      `  model: m`,
      `  instructions: "Score {{item.name}} from 1 to 10 and list its tags."`,
      `  context: item`,
      `}`,
      "",
    );
  }
  return lines.join("\n");
}

/** Writes the project into `dir` (emptied first) and returns the `.flow` files. */
export function writeProject(dir: string, modules: number): string[] {
  rmSync(path.join(dir, "src"), { recursive: true, force: true });
  mkdirSync(path.join(dir, "src"), { recursive: true });
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ private: true, type: "module" }, null, 2)}\n`);
  const files: string[] = [];
  for (let i = 0; i < modules; i++) {
    const file = path.join(dir, "src", `m${pad(i)}.flow`);
    writeFileSync(file, flowModule(i));
    files.push(file);
  }
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const { values } = parseArgs({
    options: { modules: { type: "string", default: "200" }, out: { type: "string" } },
  });
  const modules = Number(values.modules);
  if (!Number.isInteger(modules) || modules < 1) {
    process.stderr.write("gen-project: --modules takes a whole number >= 1\n");
    process.exit(2);
  }
  const dir = values.out ? path.resolve(values.out) : mkdtempSync(path.join(os.tmpdir(), "flowc-project-"));
  writeProject(dir, modules);
  process.stdout.write(`${dir}\n`);
}
