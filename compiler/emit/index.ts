// Code generation: one TypeScript module per `.flow` module (module.ts): the
// regular declarations printed directly in prettier's layout (direct.ts), the
// rest built with ts-morph structures and formatted by prettier (format.ts).
// Deterministic: the output depends only on the plan and the paths relative to
// rootDir — which is also what makes it cacheable. With a cache folder, a
// module whose plan, paths and emitter are unchanged is taken from the cache,
// and when every module is, neither ts-morph nor prettier is loaded.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { GeneratedFile } from "../index.ts";
import { packageRoot } from "../package-root.ts";
import type { PlanModule, Program } from "../plan/ir.ts";
import { hashOf, pruneEntries, readEntry, writeEntry } from "./cache.ts";
import { createFormatter, type Formatter } from "./format.ts";
import { emitterSourcesHash } from "./sources-hash.ts";
import { emitModule, type EmittedModule } from "./module.ts";
import { outputPath, type EmitOptions } from "./paths.ts";

export { outputPath, relativeSource, type EmitOptions } from "./paths.ts";

export async function emitProgram(program: Program, options: EmitOptions): Promise<GeneratedFile[]> {
  const outFiles = program.modules.map((m) => outputPath(m.file, options));
  const version = options.cacheDir ? emitterVersion() : undefined;
  const keys = program.modules.map((m, i) => (version ? moduleKey(version, m, outFiles[i]!, options) : undefined));
  const texts = keys.map((key) => (key ? readEntry<{ text?: unknown }>(options.cacheDir, "emit", key)?.text : undefined));
  const missing = texts.flatMap((text, i) => (typeof text === "string" ? [] : [i]));
  if (missing.length > 0) {
    const emitted = missing.map((i) => emitModule(program.modules[i]!, outFiles[i]!, options));
    const toFormat = emitted.reduce((n, m) => n + (m.head === undefined ? 1 : m.chunks.filter((c) => !("final" in c)).length), 0);
    // Prettier loads only when some declaration was left to it.
    const formatter = toFormat > 0 ? createFormatter(toFormat) : undefined;
    try {
      await Promise.all(
        emitted.map(async (module, k) => {
          const i = missing[k]!;
          const text = await moduleText(module, formatter);
          texts[i] = text;
          if (keys[i]) writeEntry(options.cacheDir, "emit", keys[i]!, { text });
        }),
      );
    } finally {
      await formatter?.close();
    }
    if (options.cacheDir) pruneEntries(options.cacheDir, "emit");
  }
  const outDir = path.resolve(options.outDir);
  return program.modules.map((m, i) => ({ path: outFiles[i]!, source: m.file, outDir, text: texts[i] as string }));
}

/** The final text: direct chunks as they are, the others formatted one declaration at a time. */
async function moduleText(module: EmittedModule, formatter: Formatter | undefined): Promise<string> {
  if (module.head === undefined) return formatter!.format(module.whole!);
  const chunks = await Promise.all(
    module.chunks.map((c) => ("final" in c ? c.final : formatter!.format(c.unformatted).then((t) => t.trimEnd()))),
  );
  return `${[module.head, ...chunks].join("\n\n")}\n`;
}

/** What one module's generated text depends on. */
function moduleKey(version: string, module: PlanModule, outFile: string, options: EmitOptions): string {
  return hashOf(version, path.resolve(options.rootDir), path.resolve(options.outDir), outFile, options.importExtension ?? ".js", JSON.stringify(module));
}

let version: string | undefined;

/** Set by scripts/build-cli.mjs in the bundle: the hash of the emitter's sources, which an installed flowc does not ship. */
declare const __FLOWC_EMITTER_SOURCES__: string | undefined;

/**
 * The emitter's own version: its source files, the plan types, and the
 * versions of ts-morph and prettier. "" turns the cache off.
 */
function emitterVersion(): string {
  if (version !== undefined) return version;
  try {
    const require = createRequire(import.meta.url);
    const packages = ["ts-morph/package.json", "prettier/package.json"].map(
      (p) => (JSON.parse(readFileSync(require.resolve(p), "utf8")) as { version?: string }).version ?? "",
    );
    const sources = typeof __FLOWC_EMITTER_SOURCES__ === "string" ? __FLOWC_EMITTER_SOURCES__ : emitterSourcesHash(packageRoot());
    version = hashOf(...packages, sources);
  } catch {
    version = "";
  }
  return version;
}
