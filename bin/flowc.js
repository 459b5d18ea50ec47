#!/usr/bin/env node
// The flowc command. It runs the bundle in dist/ (made by scripts/build-cli.mjs
// on `npm ci`, before `npm test` and when the package is packed; see
// load-bundle.js), which starts fast. In a checkout, when dist/ is missing or
// older than any source file, it runs the TypeScript sources through tsx
// instead, so a checkout being edited never runs stale code. An installed
// package ships the bundle and no sources.
// Built-ins by require, not import: see load-bundle.js.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { existsSync, readdirSync, statSync } = require("node:fs");
const { fileURLToPath } = require("node:url");

const root = fileURLToPath(new URL("..", import.meta.url));
const bundle = `${root}dist/flowc.cjs`;

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = entry.name === "dist" || entry.name === "node_modules" ? newest : Math.max(newest, newestSource(file));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  if (!existsSync(`${root}cli`)) return true;
  let built;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    return false;
  }
  // The bundle holds cli, compiler, grammar and lsp, and the few runtime modules the CLI reads (defaults, prices).
  return ["cli", "compiler", "grammar", "lsp", "runtime"].every((dir) => newestSource(`${root}${dir}`) <= built);
}

if (bundleIsFresh()) {
  const { runBundle } = await import("./load-bundle.js");
  runBundle(bundle);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../cli/main.ts");
}
