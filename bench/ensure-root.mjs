// `npm run bench` runs this first: the benchmarks use the repository's own
// runtime and compiler, whose dependencies live in the root node_modules. On a
// fresh clone where only bench/ was installed, install the root from its lock
// file (npm ci: package.json and package-lock.json are left as they are).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const needed = ["zod", "openai", "tsx", "chevrotain", "ts-morph", "prettier", "commander"];
const missing = needed.filter((p) => !existsSync(path.join(root, "node_modules", p, "package.json")));
if (missing.length > 0) {
  process.stderr.write(`bench: the repository root is not installed (missing ${missing.join(", ")}); running npm ci there first\n`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    process.stderr.write("bench: npm ci in the repository root failed; install it by hand (npm ci) and run again\n");
    process.exit(r.status ?? 1);
  }
}

// The CLI figures (compile) measure the esbuild bundle: rebuild it from the
// current sources, so an edited checkout is not measured through tsx's
// slower start (bin/flowc.js falls back to it when dist/ is older than a source).
const built = spawnSync(process.execPath, [path.join(root, "scripts", "build-cli.mjs")], { cwd: root, stdio: "inherit" });
if (built.status !== 0) {
  process.stderr.write("bench: building the CLI bundle (scripts/build-cli.mjs) failed\n");
  process.exit(built.status ?? 1);
}
