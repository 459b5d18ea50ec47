// Bundles the flowc command (cli + compiler + grammar) into dist/flowc.cjs and
// records V8's code cache for it (dist/flowc.cjs.cache), so the command
// starts without compiling TypeScript or most of its own JavaScript. Runs on
// `npm ci` (prepare) and before `npm test` (pretest). bin/flowc.js runs the
// bundle (bin/load-bundle.js), and falls back to the sources through tsx
// whenever dist/ is older than them.
//
// Why a classic script and not an ES module: Node 20 has no code cache for ES
// modules. One file, not split chunks: measured on a 200-module build, the
// split ESM bundle took 565 ms, one file 523 ms, one file with the code
// cache 474 ms.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const bundle = path.join(dist, "flowc.cjs");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
// Dependencies stay external (loaded from node_modules when needed, so ts-morph
// and prettier still load only for build); chevrotain is bundled because its
// ESM build is ~300 small modules that cost more to resolve than to parse, and
// commander because every command loads it: in the bundle it is in the code
// cache and needs no module resolution.
const bundled = new Set(["chevrotain", "commander"]);
const external = [
  ...Object.keys(pkg.dependencies).filter((name) => !bundled.has(name)),
  "tsx/*",
  "prettier/*",
  "@flowc/runtime",
  "@flowc/runtime/*",
];

// The emit cache keys on the emitter's sources; an installed flowc has none to read.
const { register } = await import("tsx/esm/api");
const unregister = register();
const { emitterSourcesHash } = await import("../compiler/emit/sources-hash.ts");
const emitterSources = emitterSourcesHash(root);
await unregister();

// node:child_process, loaded when first used. commander requires it at load
// (for executable subcommands, which flowc has none of) and `flowc init` at
// import, yet only the tool check, `diff` and `init` run a process: loading it
// is ~3 ms (measured alone, more on a loaded machine) of every start.
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.namespace === "lazy-builtin" ? { path: "node:child_process", external: true } : { path: "child_process", namespace: "lazy-builtin" },
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, () => ({
      loader: "js",
      contents: `let loaded;
const load = () => (loaded ??= require("node:child_process"));
for (const name of ["exec", "execFile", "execFileSync", "execSync", "fork", "spawn", "spawnSync", "ChildProcess"]) {
  Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });
}`,
    }));
  },
};

rmSync(dist, { recursive: true, force: true });
const result = await build({
  plugins: [lazyChildProcess],
  entryPoints: [path.join(root, "cli", "main.ts")],
  outfile: bundle,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external,
  // bin/load-bundle.js passes `import.meta` in (url, resolve, importExternal).
  define: { "import.meta": "__flowcMeta", __FLOWC_EMITTER_SOURCES__: JSON.stringify(emitterSources) },
  write: false,
  logLevel: "warning",
});
const code = result.outputFiles[0].text;
// A classic script cannot run `import()`: every dynamic import of something
// outside the bundle goes through compiler/external.ts. Catch any other here,
// not in a user's run. (The formatter's worker source is a string, run apart.)
const bare = code.split("\n").filter((line) => /(^|[^\w$.])import\(/.test(line));
const allowed = (line) => line.includes("load === void 0 ? import(specifier)") || line.includes("workerData.modules.map((url) => import(url))");
if (bare.some((line) => !allowed(line))) {
  process.stderr.write(`build-cli: the bundle calls import() directly; use importExternal (compiler/external.ts):\n${bare.filter((l) => !allowed(l)).join("\n")}\n`);
  process.exit(1);
}
// The loader uses the code cache only with the bundle it was made from.
const id = createHash("sha256").update(code).digest("hex").slice(0, 16);
mkdirSync(dist, { recursive: true });
writeFileSync(bundle, `${code}// flowc-bundle-id: ${id}\n`);

// Record the code cache: one cold build of the examples (to a scratch folder,
// writing nothing), the path every `flowc check` and `flowc build` takes.
const scratch = mkdtempSync(path.join(os.tmpdir(), "flowc-code-cache-"));
try {
  // The loader itself, not bin/flowc.js, which would take the sources if one were edited meanwhile.
  const loader = pathToFileURL(path.join(root, "bin", "load-bundle.js")).href;
  const script = `import(${JSON.stringify(loader)}).then((m) => m.runBundle(${JSON.stringify(bundle)}))`;
  const args = ["--input-type=module", "-e", script, "--", "flowc", "build", "examples", "--out", scratch, "--check"];
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    env: { ...process.env, FLOWC_CODE_CACHE: "write", FLOWC_CACHE: "0", NO_COLOR: "1" },
    encoding: "utf8",
  });
  if (run.error || run.signal) process.stderr.write(`build-cli: recording the code cache failed (${run.error?.message ?? run.signal}); flowc runs without it\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
