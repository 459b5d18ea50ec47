// The emit cache and the formatter workers: both must give exactly the bytes
// of a plain, uncached, single-threaded emit.
import { readdirSync, statSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { emitProgram } from "../../compiler/emit/index.ts";
import { createFormatter, formatTypeScript } from "../../compiler/emit/format.ts";
import { emitModuleText } from "../../compiler/emit/module.ts";
import type { Program } from "../../compiler/plan/ir.ts";
import { removeDir, scratchDir } from "./harness.ts";
import { sampleProgram } from "./sample.ts";

const OPTIONS = { rootDir: "/virtual/p/flows", outDir: "/virtual/p/gen" };

describe("the emit cache", () => {
  let cache: string;
  beforeAll(() => {
    cache = scratchDir("emit-cache");
  });
  afterAll(() => removeDir(cache));

  const entries = () =>
    new Map(readdirSync(`${cache}/emit`).map((f) => [f, statSync(`${cache}/emit/${f}`, { bigint: true }).mtimeNs]));

  test("a second emit is answered from the cache, byte for byte", async () => {
    const plain = await emitProgram(sampleProgram("/virtual/p"), OPTIONS);
    const first = await emitProgram(sampleProgram("/virtual/p"), { ...OPTIONS, cacheDir: cache });
    expect(first).toEqual(plain);
    const written = entries();
    expect(written.size).toBe(plain.length);
    const second = await emitProgram(sampleProgram("/virtual/p"), { ...OPTIONS, cacheDir: cache });
    expect(second).toEqual(plain);
    expect(entries()).toEqual(written);
  });

  test("a changed module misses, the others still hit", async () => {
    const program = sampleProgram("/virtual/p");
    const [types, pitch] = program.modules;
    const changed: Program = {
      modules: [
        types!,
        { ...pitch!, decls: pitch!.decls.map((d) => (d.kind === "record" ? { ...d, doc: "Changed." } : d)) },
      ],
    };
    const before = entries();
    const files = await emitProgram(changed, { ...OPTIONS, cacheDir: cache });
    expect(files).toEqual(await emitProgram(changed, OPTIONS));
    expect(files[1]!.text).toContain("Changed.");
    const after = entries();
    expect(after.size).toBe(before.size + 1);
    for (const [name, mtime] of before) expect(after.get(name)).toBe(mtime);
  });

  test("other paths are other entries", async () => {
    const size = entries().size;
    const files = await emitProgram(sampleProgram("/virtual/p"), { ...OPTIONS, outDir: "/virtual/p/other", cacheDir: cache });
    expect(files.map((f) => f.path)).toEqual(["/virtual/p/other/types.ts", "/virtual/p/other/app/pitch.ts"]);
    expect(entries().size).toBe(size + 2);
  });
});

describe("formatting in worker threads", () => {
  const saved = process.env.FLOWC_FORMAT_WORKERS;
  afterEach(() => {
    if (saved === undefined) delete process.env.FLOWC_FORMAT_WORKERS;
    else process.env.FLOWC_FORMAT_WORKERS = saved;
  });

  test("gives the same bytes as formatting on this thread, in order", async () => {
    const program = sampleProgram("/virtual/p");
    const raw = program.modules.map((m) => emitModuleText(m, `/virtual/p/gen/${m.file.split("/").pop()}.ts`, OPTIONS));
    const texts = Array.from({ length: 12 }, (_, i) => raw[i % raw.length]!);
    const expected = await Promise.all(texts.map((t) => formatTypeScript(t)));
    process.env.FLOWC_FORMAT_WORKERS = "2";
    const formatter = createFormatter(texts.length);
    try {
      expect(formatter.constructor.name).toBe("WorkerFormatter");
      expect(await Promise.all(texts.map((t) => formatter.format(t)))).toEqual(expected);
    } finally {
      await formatter.close();
    }
  });

  test("a text prettier cannot parse rejects with prettier's error", async () => {
    process.env.FLOWC_FORMAT_WORKERS = "2";
    const formatter = createFormatter(8);
    try {
      await expect(formatter.format("export const = ;")).rejects.toThrow(/Expression expected|Identifier expected|SyntaxError/);
    } finally {
      await formatter.close();
    }
  });
});
