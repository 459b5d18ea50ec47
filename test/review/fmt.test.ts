import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse } from "../../grammar/index.ts";
import { check } from "../../compiler/index.ts";
import { formatSource } from "../../compiler/review/fmt/index.ts";
import { randomModule } from "./fuzz-corpus.ts";
import { relayout } from "./relayout.ts";
import { astShape, cases, FIXTURES, flowFiles, golden, planShape, ROOT } from "./helpers.ts";

function format(text: string, file = "test.flow"): string {
  const result = formatSource(text, file);
  if (!result.ok) throw new Error(`does not parse: ${result.errors.map((e) => e.message).join("; ")}`);
  return result.text;
}

describe("fmt golden fixtures (test/fixtures/fmt/NAME/input.flow → expected.flow)", () => {
  for (const name of cases("fmt")) {
    test(name, () => {
      const dir = path.join(FIXTURES, "fmt", name);
      const input = readFileSync(path.join(dir, "input.flow"), "utf8");
      const output = format(input);
      golden(path.join(dir, "expected.flow"), output);
      expect(format(output)).toBe(output);
    });
  }
});

describe("fmt on every fixture and example", () => {
  const files = [...flowFiles(FIXTURES), ...flowFiles(path.join(ROOT, "examples"))];
  const tmp = mkdtempSync(path.join(tmpdir(), "flowc-fmt-"));
  beforeAll(() => {
    // A copy of the trees, so imports and tool files keep their places, and of
    // the project file, so tool files stay inside the project root (FLW225).
    for (const top of ["package.json", "test/fixtures", "examples"]) {
      if (existsSync(path.join(ROOT, top))) cpSync(path.join(ROOT, top), path.join(tmp, top), { recursive: true });
    }
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  test("is idempotent and keeps the syntax tree and every comment", () => {
    let parsed = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const before = parse(text, file);
      if (before.errors.length > 0) continue;
      parsed++;
      const once = format(text, file);
      const after = parse(once, file);
      expect(after.errors, file).toEqual([]);
      expect(astShape(after.ast), file).toEqual(astShape(before.ast));
      expect(format(once, file), file).toBe(once);
    }
    expect(parsed).toBeGreaterThan(0);
  });

  test("never changes the checked plan", () => {
    // Format every file of the copy, then check both trees.
    for (const file of files) {
      const copy = path.join(tmp, path.relative(ROOT, file));
      const result = formatSource(readFileSync(copy, "utf8"), copy);
      if (result.ok) writeFileSync(copy, result.text);
    }
    let compared = 0;
    for (const file of files) {
      const original = check([file]);
      if (!original.ok) continue;
      const formatted = check([path.join(tmp, path.relative(ROOT, file))]);
      expect(formatted.ok, file).toBe(true);
      expect(planShape(formatted.program, tmp), file).toBe(planShape(original.program, ROOT));
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  });

  test("fuzzed layouts of every fixture that checks: same plan before and after fmt, fmt idempotent", () => {
    let compared = 0;
    for (const file of files) {
      const original = check([file]);
      if (!original.ok) continue;
      const copy = path.join(tmp, path.relative(ROOT, file));
      for (const seed of [1, 2, 3]) {
        const messy = relayout(readFileSync(file, "utf8"), seed);
        expect(messy, file).not.toBe(readFileSync(file, "utf8"));
        writeFileSync(copy, messy);
        const relaid = check([copy]);
        expect(planShape(relaid.program, tmp), `${file} seed ${seed} (relayout)`).toBe(planShape(original.program, ROOT));
        const once = format(messy, copy);
        expect(format(once, copy), `${file} seed ${seed}`).toBe(once);
        writeFileSync(copy, once);
        expect(planShape(check([copy]).program, tmp), `${file} seed ${seed}`).toBe(planShape(original.program, ROOT));
        compared++;
      }
      writeFileSync(copy, readFileSync(file, "utf8"));
    }
    expect(compared).toBeGreaterThan(0);
  });
});

describe("fmt fuzz corpus", () => {
  test("random layouts: same tree and comments, idempotent", () => {
    let valid = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const text = randomModule(seed);
      const before = parse(text, `fuzz-${seed}.flow`);
      if (before.errors.length > 0) continue;
      valid++;
      const once = format(text);
      const after = parse(once, `fuzz-${seed}.flow`);
      expect(after.errors, `seed ${seed}:\n${text}`).toEqual([]);
      expect(astShape(after.ast), `seed ${seed}:\n${text}\n---\n${once}`).toEqual(astShape(before.ast));
      expect(format(once), `seed ${seed}`).toBe(once);
    }
    expect(valid).toBeGreaterThan(300);
  });
});

describe("fmt refuses files with syntax errors", () => {
  test("returns the problems instead of text", () => {
    const result = formatSource("flow f( -> string {", "bad.flow");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
  });
});
