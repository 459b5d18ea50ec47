// The flowc side runs real plans: bench/plans/*.flow compiled by `flowc build`
// into bench/generated/plans/. If the compiler cannot build them, the figures
// fall back to the hand-written equivalents in bench/handwritten/ (written to
// docs/generated-code.md) and the results say so.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as sources from "../../runtime/index.ts";
import * as byName from "@flowc/runtime";
import { BENCH_DIR, FLOWC_BIN } from "./paths.ts";

/**
 * The generated plans import `@flowc/runtime`, and so does lib/flowc.ts; in
 * this repository that name must resolve to the runtime's sources (through
 * bench/tsconfig.json's `paths`, which tsx honours), not to a built copy in
 * node_modules: two copies would be two runtimes, and a plan made by one would
 * run on the other. Throws when the name resolved elsewhere.
 */
export function checkOneRuntime(): void {
  if (byName.run !== sources.run) {
    throw new Error(
      "`@flowc/runtime` did not resolve to ../runtime/index.ts: run the benchmarks from bench/ (npm run bench), so that tsx reads bench/tsconfig.json's paths",
    );
  }
}

export type PlanName = "dispatch" | "niah" | "oolong";

export interface PlanStatus {
  readonly compiled: boolean;
  /** Why the hand-written plans are used, when they are. */
  readonly reason?: string;
  readonly buildMs?: number;
}

let status: PlanStatus | null = null;

/** Builds bench/plans with `flowc build` once per process; later calls return the first outcome. */
export function buildPlans(): PlanStatus {
  if (status) return status;
  // A child process of the runner inherits the parent's outcome instead of building again.
  const inherited = process.env.FLOWC_BENCH_PLANS;
  if (inherited) return (status = JSON.parse(inherited) as PlanStatus);
  const out = path.join(BENCH_DIR, "generated");
  rmSync(out, { recursive: true, force: true });
  const start = performance.now();
  const r = spawnSync(process.execPath, [FLOWC_BIN, "build", "plans", "--out", "generated"], {
    cwd: BENCH_DIR,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const buildMs = performance.now() - start;
  const missing = (["dispatch", "niah", "oolong"] as const).filter((p) => !existsSync(generatedPath(p)));
  if (r.status === 0 && missing.length === 0) status = { compiled: true, buildMs };
  else {
    const why = (r.error?.message ?? (r.stderr || r.stdout)).trim().split("\n").slice(0, 4).join(" ");
    status = { compiled: false, reason: `flowc build plans failed (exit ${r.status}): ${why.slice(0, 400)}` };
  }
  process.env.FLOWC_BENCH_PLANS = JSON.stringify(status);
  return status;
}

function generatedPath(name: PlanName): string {
  return path.join(BENCH_DIR, "generated", "plans", `${name}.ts`);
}

/** The plan module: compiled when `buildPlans()` succeeded, hand-written otherwise. */
export async function loadPlan<T>(name: PlanName): Promise<{ plan: T; source: string }> {
  checkOneRuntime();
  const s = buildPlans();
  if (s.compiled) {
    return { plan: (await import(pathToFileURL(generatedPath(name)).href)) as T, source: `compiled by flowc from bench/plans/${name}.flow` };
  }
  const file = path.join(BENCH_DIR, "handwritten", `${name}.ts`);
  return { plan: (await import(pathToFileURL(file).href)) as T, source: `hand-written bench/handwritten/${name}.ts (${s.reason})` };
}
