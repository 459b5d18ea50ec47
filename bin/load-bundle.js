// Runs the CLI bundle (dist/flowc.cjs, made by scripts/build-cli.mjs) as a
// classic script with V8's code cache (dist/flowc.cjs.cache): the functions
// compiled while the build script ran a build are reused, not compiled again
// (~45 ms off every cold `flowc check` and `flowc build`). A cache made by
// another Node version, or for another bundle, is not used, and is remade
// when this run ends.
//
// FLOWC_CODE_CACHE=off runs without the cache; =write remakes it at exit;
// =report prints on stderr whether it was used (used, missing, stale: made
// for another bundle, rejected: by V8, made by another Node version).
//
// Node's built-ins are taken with require, not `import`: an ES module import of
// one builds its ES module facade, which reads every export (node:fs's getters
// load the streams module): ~7 ms of every start (measured alone, node 20).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { accessSync, constants, readFileSync, renameSync, writeFileSync } = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const v8 = require("node:v8");
const vm = require("node:vm");

// V8 compiles hot functions again with TurboFan on a background thread. A
// flowc command lasts a few seconds at most, too short for most of that work
// to pay back, and the thread's CPU time counts. 16× V8's default budget
// (67584) tiers up later: measured with bench/figures/compile.ts (cold), CPU
// time -25 % on 50- and 200-module builds, -10 % on 800, wall time the same or
// less. The language server and `flowc run` still tier up, later.
v8.setFlagsFromString("--interrupt-budget=1081344");

const ID_MARK = "// flowc-bundle-id: ";

export function runBundle(bundle) {
  const source = readFileSync(bundle, "utf8");
  const id = source.slice(source.lastIndexOf(ID_MARK) + ID_MARK.length).trim();
  const cacheFile = `${bundle}.cache`;
  const mode = process.env.FLOWC_CODE_CACHE;
  const cache = mode === "off" ? { status: "off" } : readCache(cacheFile, id);
  // One line, like Node's own CommonJS wrapper, so line numbers stay those of the bundle.
  const wrapped = `(function (exports, require, module, __filename, __dirname, __flowcMeta) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: bundle, cachedData: cache.data });
  const status = cache.data !== undefined && script.cachedDataRejected ? "rejected" : cache.status;
  if (mode === "report") process.stderr.write(`flowc: code cache ${status}\n`);
  if (mode === "write" || (status !== "used" && status !== "off")) process.once("exit", () => writeCache(cacheFile, id, script));
  const meta = {
    url: pathToFileURL(bundle).href,
    // Bare package names only: they resolve from this package, as from dist/.
    resolve: (specifier) => import.meta.resolve(specifier),
    importExternal: (specifier) => import(specifier),
  };
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle), meta);
}

/** The cache's first line is the id of the bundle it was made from. */
function readCache(file, id) {
  let data;
  try {
    data = readFileSync(file);
  } catch {
    return { status: "missing" };
  }
  const newline = data.indexOf(10);
  if (newline === -1 || data.toString("latin1", 0, newline) !== id) return { status: "stale" };
  return { status: "used", data: data.subarray(newline + 1) };
}

/** Best effort (dist/ may be read-only), and atomic: other flowc processes may be reading it. */
function writeCache(file, id, script) {
  try {
    // Before making the cache (~5 ms): in a read-only install it could not be saved.
    accessSync(path.dirname(file), constants.W_OK);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${id}\n`, "latin1"), script.createCachedData()]));
    renameSync(temporary, file);
  } catch {
    // Without a cache flowc only starts slower.
  }
}
