// Golden files: every test/fixtures/build/NAME.flow compiles (rootDir = outDir =
// the fixtures folder) to exactly the NAME.ts beside it. `UPDATE=1` rewrites
// the expected files; do that only on purpose and review the diff.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { compile, type CompileResult } from "../../compiler/index.ts";
import { tscErrors } from "./harness.ts";

const DIR = fileURLToPath(new URL("../fixtures/build/", import.meta.url));
const UPDATE = process.env.UPDATE === "1";
const CASES = readdirSync(DIR)
  .filter((f) => f.endsWith(".flow"))
  .sort();

function build(flow: string, checkTools = true): Promise<CompileResult> {
  // No cache: the goldens test the emitter itself (test/emit/cache.test.ts tests the cache).
  return compile([path.join(DIR, flow)], { rootDir: DIR, outDir: DIR, checkTools, cacheDir: false });
}

function describeDiagnostics(result: CompileResult): string {
  return result.diagnostics
    .map((d) => `${path.relative(DIR, d.span.file)}:${d.span.start.line}:${d.span.start.column} ${d.code} ${d.message}`)
    .join("\n");
}

describe("build fixtures", () => {
  test("there are fixtures", () => {
    expect(CASES.length).toBeGreaterThan(0);
  });

  for (const flow of CASES) {
    test(`${flow} compiles to the expected TypeScript`, async () => {
      const result = await build(flow);
      expect(describeDiagnostics(result)).toBe("");
      expect(result.ok).toBe(true);
      const own = path.join(DIR, flow.replace(/\.flow$/, ".ts"));
      expect(result.files.map((f) => f.path)).toContain(own);
      for (const file of result.files) {
        if (UPDATE) {
          writeFileSync(file.path, file.text);
          continue;
        }
        expect(existsSync(file.path), `${file.path} is missing; run with UPDATE=1 to create it`).toBe(true);
        expect(file.text).toBe(readFileSync(file.path, "utf8"));
      }
    });
  }

  test("compiling twice gives identical bytes", async () => {
    for (const flow of CASES) {
      const first = await build(flow, false);
      const second = await build(flow, false);
      expect(second.files).toEqual(first.files);
    }
  });

  test("the generated fixtures pass tsc --strict --noEmit", () => {
    expect(tscErrors(path.join(DIR, "tsconfig.json"), DIR)).toBe("");
  });
});

describe("generated fixtures at run time", () => {
  test("a generated flow runs on the runtime (edges.flow `merge`, tool-free)", async () => {
    const edges = await import("../fixtures/build/edges.ts");
    expect(await edges.runMerge({ points: [{ x: 1, y: 2 }] })).toEqual({ x: 1, y: 1 });
    expect(await edges.runMerge({ points: [] })).toEqual({ x: 0, y: 0 });
    const three = [{ x: 1, y: 2 }, { x: 0, y: 0 }, { x: 5, y: 5 }];
    expect(await edges.runCountLabel({ points: three })).toBe("4 with the origin, any: true, scaled: 1.5");
    expect(await edges.runNoteLine({ n: { text: "ok" } })).toBe("anonymous: ok (0false)");
    expect(await edges.runNoteLine({ n: { text: "good", author: "ann", stars: 4 } })).toBe("ann: good (4true)");
  });

  test("strings.flow: parsed escapes reach the generated values byte for byte", async () => {
    const strings = await import("../fixtures/build/strings.ts");
    expect(strings.tricky.instructions).toBe(
      'Quote " backslash \\ tab \t cr \r newline \n ls \u2028 ps \u2029 nul \u0000 ${not.a.template} `tick` */ {{value.default}}',
    );
    expect(strings.raw.instructions).toBe(
      'Raw \\n text with "quotes" and ${dollar} and */ closers.\n  Indented {{value.class}}.',
    );
    expect(strings.odd.id).toBe('model "with" quotes */ ${x} `tick`');
    expect(strings.odd.settings).toEqual({ note: "line\nbreak \u2028 sep \u202E bidi", level: 2 });
    expect(strings.Tricky.description).toBe(
      "Doc with */ a comment closer, `backticks`, ${template}, \"quotes\" and 'single'.\n" +
        "Second line: \\ backslash, </script>, emoji 🦄, bidi \u202Eoverride\u202C end.",
    );
    const body = strings.strings.body as (ctx: unknown, input: unknown) => Promise<string[]>;
    const fakeCtx = { call: async (callable: { name: string }) => `called ${callable.name}` };
    const value = { default: "d", class: 1, toString: "t", constructor: true };
    // Fields named like Object.prototype's properties are kept by the schema.
    // (`__proto__` cannot name a field: FLW217, test/check/hostile.test.ts.)
    expect(strings.Tricky.parse(value)).toEqual(value);
    expect(Object.keys(strings.Tricky.parse(JSON.parse('{"default":"d","class":1,"constructor":false,"toString":"t"}')))).toEqual([
      "default",
      "class",
      "toString",
      "constructor",
    ]);
    expect(await body(fakeCtx, { value })).toEqual([
      '"',
      "\\",
      "`",
      "${x}",
      "*/",
      "\u2028",
      "\u2029",
      "\uFEFF",
      "é🦄",
      "</script>",
      "\u0000",
      "called tricky",
      "d\n",
      "called raw",
    ]);
  });
});
