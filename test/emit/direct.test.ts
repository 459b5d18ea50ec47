// The direct printer (compiler/emit/direct.ts) must write exactly what ts-morph
// + prettier write: for every module of every fixture, example and bench plan,
// and of a few hundred random modules, the build's text is compared with the
// reference (the whole module through ts-morph, formatted by prettier). Also
// checks that the regular shapes really are printed directly, so a change that
// quietly sends everything back to prettier fails here, not only in bench/.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { check } from "../../compiler/index.ts";
import { emitProgram } from "../../compiler/emit/index.ts";
import { emitModule, emitModuleText } from "../../compiler/emit/module.ts";
import { formatTypeScript } from "../../compiler/emit/format.ts";
import { outputPath } from "../../compiler/emit/paths.ts";
import type { Program } from "../../compiler/plan/ir.ts";
import { flowModule } from "../../scripts/gen-project.ts";
import { randomModule } from "../support/gen-decls.ts";
import { PACKAGE_ROOT, removeDir, scratchDir } from "./harness.ts";

const RANDOM_MODULES = 300;

function flowFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".flow"))
    .map((f) => path.join(dir, f))
    .sort();
}

/** Each module's build text against the reference; returns the names of the modules that differ (with the first differing line). */
async function compareProgram(program: Program, rootDir: string): Promise<string[]> {
  const options = { rootDir, outDir: path.join(rootDir, "gen") };
  const built = await emitProgram(program, options);
  const differences: string[] = [];
  for (const [i, module] of program.modules.entries()) {
    const reference = await formatTypeScript(emitModuleText(module, outputPath(module.file, options), options));
    const text = built[i]!.text;
    if (text === reference) continue;
    const a = text.split("\n");
    const b = reference.split("\n");
    const line = a.findIndex((l, k) => l !== b[k]);
    differences.push(`${path.relative(rootDir, module.file)}:${line + 1}\n  direct:    ${a[line]}\n  reference: ${b[line]}`);
  }
  return differences;
}

describe("the direct printer writes what ts-morph + prettier write", () => {
  const scratch = scratchDir("direct");
  afterAll(() => removeDir(scratch));

  const corpora = [
    ["test/fixtures/build", path.join(PACKAGE_ROOT, "test/fixtures/build")],
    ["examples", path.join(PACKAGE_ROOT, "examples")],
    ["bench/plans", path.join(PACKAGE_ROOT, "bench/plans")],
  ] as const;
  for (const [name, dir] of corpora) {
    test(`${name}: every module`, async () => {
      for (const file of flowFilesUnder(dir)) {
        const checked = check([file]);
        expect(checked.ok, file).toBe(true);
        expect(await compareProgram(checked.program, dir)).toEqual([]);
      }
    });
  }

  test(`${RANDOM_MODULES} random modules`, async () => {
    let compiled = 0;
    let chunkCount = 0;
    let directCount = 0;
    const differences: string[] = [];
    for (let seed = 1; seed <= RANDOM_MODULES; seed++) {
      const dir = path.join(scratch, `r${seed}`);
      const { text, tools } = randomModule(seed);
      mkdirSync(path.join(dir, "tools"), { recursive: true });
      for (const tool of tools) writeFileSync(path.join(dir, tool), "export {};\n");
      const file = path.join(dir, "m.flow");
      writeFileSync(file, text);
      const checked = check([file]);
      if (!checked.ok) continue;
      compiled++;
      for (const module of checked.program.modules) {
        const options = { rootDir: dir, outDir: path.join(dir, "gen") };
        const { chunks } = emitModule(module, outputPath(module.file, options), options);
        chunkCount += chunks.length;
        directCount += chunks.filter((c) => "final" in c).length;
      }
      differences.push(...(await compareProgram(checked.program, dir)).map((d) => `seed ${seed}: ${d}`));
      rmSync(dir, { recursive: true, force: true });
    }
    expect(differences).toEqual([]);
    // Most random modules must be valid programs, or this test compares little.
    expect(compiled).toBeGreaterThan(RANDOM_MODULES * 0.8);
    // Both printers must get work here (the random modules are meant to cross the print width often).
    expect(directCount / chunkCount).toBeGreaterThan(0.25);
    expect(directCount / chunkCount).toBeLessThan(0.9);
  });

  test("the modules of a generated project (bench's compile figure) need neither ts-morph nor prettier", () => {
    const dir = path.join(scratch, "project");
    mkdirSync(dir, { recursive: true });
    const files = [0, 1, 2].map((i) => {
      const file = path.join(dir, `m${String(i).padStart(3, "0")}.flow`);
      writeFileSync(file, flowModule(i));
      return file;
    });
    const checked = check(files);
    expect(checked.ok).toBe(true);
    const options = { rootDir: dir, outDir: path.join(dir, "gen") };
    for (const module of checked.program.modules) {
      const emitted = emitModule(module, outputPath(module.file, options), options);
      expect(emitted.head).toBeDefined();
      expect(emitted.chunks.every((c) => "final" in c)).toBe(true);
    }
  });
});
