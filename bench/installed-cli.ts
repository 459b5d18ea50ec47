// How fast the installed CLI starts, against the repository's: `flowc check`
// of one file (templates/init/flows/digest.flow), run alternately from this
// checkout (`node bin/flowc.js`) and from an app that installed the packed
// tarballs (`node node_modules/flowc/bin/flowc.js`). Both run the bundle with
// its code cache; the target is the installed one within 1.2x.
//
//   npx tsx bench/installed-cli.ts [--runs 21]
//
// Writes bench/installed-cli.json and prints a table. Needs the npm registry
// only for what the tarballs depend on (from the npm cache when warm).
import { spawnSync } from "node:child_process";
import { cpSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { install, newApp, packBoth, scratch } from "../test/app/packages.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 21;
const TARGET = 1.2;

function timeRun(cwd: string, bin: string, file: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [bin, "check", file], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`flowc check failed in ${cwd}:\n${result.stdout}${result.stderr}`);
  return ms;
}

const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const root = scratch("installed-cli");
try {
  spawnSync(process.execPath, [path.join(ROOT, "scripts", "build-cli.mjs")], { cwd: ROOT, stdio: "inherit" });
  const packed = packBoth(root);
  const app = newApp(root, "app", "module");
  install(app, packed);
  cpSync(path.join(ROOT, "templates", "init", "flows"), path.join(app, "flows"), { recursive: true });

  const sides = {
    repository: () => timeRun(ROOT, path.join(ROOT, "bin", "flowc.js"), "templates/init/flows/digest.flow"),
    installed: () => timeRun(app, path.join(app, "node_modules", "flowc", "bin", "flowc.js"), "flows/digest.flow"),
  };
  // One untimed run each: the first run of an install remakes nothing, but warms the OS file cache.
  sides.repository();
  sides.installed();
  const times = { repository: [] as number[], installed: [] as number[] };
  const ratios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate which side goes first, so neither always runs on a warmer machine.
    const order = i % 2 === 0 ? (["repository", "installed"] as const) : (["installed", "repository"] as const);
    const pair = { repository: 0, installed: 0 };
    for (const side of order) pair[side] = sides[side]();
    times.repository.push(pair.repository);
    times.installed.push(pair.installed);
    ratios.push(pair.installed / pair.repository);
  }
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    runs: RUNS,
    repositoryMs: { median: median(times.repository), min: Math.min(...times.repository), max: Math.max(...times.repository) },
    installedMs: { median: median(times.installed), min: Math.min(...times.installed), max: Math.max(...times.installed) },
    ratio: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) },
    target: TARGET,
    met: median(ratios) <= TARGET,
  };
  writeFileSync(path.join(ROOT, "bench", "installed-cli.json"), `${JSON.stringify(result, null, 2)}\n`);
  const row = (name: string, x: { median: number; min: number; max: number }) =>
    `| ${name} | ${x.median.toFixed(1)} | ${x.min.toFixed(1)}–${x.max.toFixed(1)} |`;
  console.log(
    [
      `flowc check of one file, ${RUNS} alternating pairs (Node ${process.version})`,
      "| side | median ms | range |",
      "| --- | --- | --- |",
      row("repository (node bin/flowc.js)", result.repositoryMs),
      row("installed (node_modules/flowc)", result.installedMs),
      `installed ÷ repository, median of pairs: ${result.ratio.median.toFixed(3)} (${result.ratio.min.toFixed(3)}–${result.ratio.max.toFixed(3)}); target ≤ ${TARGET}: ${result.met ? "met" : "missed"}`,
    ].join("\n"),
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
