// Compiles the runtime package (runtime/) to what it publishes: ES modules in
// dist/esm and CommonJS in dist/cjs, each with its .d.ts files, so an app
// imports it from either module system and its own compiler options never
// check flowc's sources. Runs on `npm pack` of @flowc/runtime (prepack) and in
// the package tests; the repository itself runs the TypeScript sources.
//
// tsc writes the ES modules and declarations; esbuild turns each ES module
// into CommonJS file by file (tsc 7 emits CommonJS only under module
// settings that would also change how the ES build resolves).
import { transformSync } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const runtime = path.join(root, "runtime");
const dist = path.join(runtime, "dist");
const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");

function compileEsm() {
  const args = [tsc, "-p", path.join(runtime, "tsconfig.build.json")];
  const run = spawnSync(process.execPath, args, { cwd: runtime, encoding: "utf8" });
  if (run.status !== 0) {
    process.stderr.write(`build-runtime: tsc failed\n${run.stdout}${run.stderr}`);
    process.exit(1);
  }
}

/** dist/esm/x.js -> dist/cjs/x.js (CommonJS); declarations copied as they are. */
function writeCommonJs(from, to) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) writeCommonJs(source, target);
    else if (entry.name.endsWith(".d.ts")) copyFileSync(source, target);
    else if (entry.name.endsWith(".js")) {
      const { code } = transformSync(readFileSync(source, "utf8"), {
        format: "cjs",
        platform: "node",
        target: "node20",
        sourcefile: entry.name,
        // `await import("./x.js")` becomes a require, so CommonJS loads CommonJS.
        supported: { "dynamic-import": false },
      });
      writeFileSync(target, code);
    }
  }
}

/** tsc rewrites `./x.ts` to `./x.js` in JavaScript, not in declarations; do it here so every consumer resolves them. */
function rewriteDeclarations(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) rewriteDeclarations(file);
    else if (entry.name.endsWith(".d.ts")) {
      const text = readFileSync(file, "utf8");
      writeFileSync(file, text.replace(/(from\s+|import\()(["'])(\.{1,2}\/[^"']+)\.ts\2/g, "$1$2$3.js$2"));
    }
  }
}

rmSync(dist, { recursive: true, force: true });
compileEsm();
rewriteDeclarations(path.join(dist, "esm"));
writeCommonJs(path.join(dist, "esm"), path.join(dist, "cjs"));
// Files under dist/cjs are CommonJS whatever the package's "type" says.
writeFileSync(path.join(dist, "cjs", "package.json"), `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);
