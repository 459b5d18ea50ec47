// Generated programs through the whole pipeline: check each one (it must end
// in diagnostics or success, never FLW900 or a throw), build the ones the
// checker accepts together, and run the native `tsc --strict --noEmit` once
// over all of them: the generated code must have zero errors. Shared by
// test/fuzz/tsc-property.test.ts and `npm run fuzz -- --tsc`.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { check, compile } from "../../compiler/index.ts";
import { PACKAGE_ROOT, typecheck, writeAll } from "../emit/harness.ts";
import { randomProgram, type ProgramShape } from "./gen-program.ts";

export interface ProgramFailure {
  readonly shape: ProgramShape;
  /** `crash` (a throw or FLW900) or `tsc` (errors in the generated code). */
  readonly kind: "crash" | "tsc";
  readonly detail: string;
  readonly source: string;
}

export interface BatchReport {
  readonly programs: number;
  /** Programs the checker accepted, built and type-checked. */
  readonly accepted: number;
  /** Accepted programs with an expression nested close to the limit. */
  readonly deepAccepted: number;
  /** Programs rejected for nesting too deeply (FLW108), as they should be. */
  readonly nestedTooDeeply: number;
  readonly failures: readonly ProgramFailure[];
}


/** Checks, builds and type-checks one batch of programs in `dir` (a fresh folder). */
export async function runBatch(shapes: readonly ProgramShape[], dir: string): Promise<BatchReport> {
  const failures: ProgramFailure[] = [];
  const accepted: { shape: ProgramShape; folder: string; file: string; source: string }[] = [];
  let nestedTooDeeply = 0;
  for (const [index, shape] of shapes.entries()) {
    const program = randomProgram(shape);
    // By position: a batch may hold one seed twice (with another shape).
    const folder = path.join(dir, `p${index}`);
    const file = path.join(folder, "main.flow");
    mkdirSync(path.join(folder, "tools"), { recursive: true });
    writeFileSync(file, program.text);
    for (const [name, text] of Object.entries(program.files)) writeFileSync(path.join(folder, name), text);
    try {
      const result = check([file]);
      const internal = result.diagnostics.find((d) => d.code === "FLW900");
      if (internal !== undefined) failures.push({ shape, kind: "crash", detail: `${internal.message}\n${internal.hint ?? ""}`, source: program.text });
      else if (result.ok) accepted.push({ shape, folder, file, source: program.text });
      if (result.diagnostics.some((d) => d.code === "FLW108")) nestedTooDeeply++;
    } catch (error) {
      failures.push({ shape, kind: "crash", detail: `check threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, source: program.text });
    }
  }
  await build(accepted, dir, failures);
  const errors = typecheck(dir);
  for (const item of accepted) {
    const folder = `${path.relative(dir, item.folder)}/`;
    const own = tscErrorsUnder(errors, dir, folder);
    if (own !== "") failures.push({ shape: item.shape, kind: "tsc", detail: own, source: item.source });
  }
  const deepAccepted = accepted.filter((a) => a.shape.deep !== "none").length;
  return { programs: shapes.length, accepted: accepted.length, deepAccepted, nestedTooDeeply, failures };
}

/** Builds every accepted program in one compile (one prettier pool); a throw is retried one by one to name the culprit. */
async function build(programs: readonly { shape: ProgramShape; file: string; source: string }[], dir: string, failures: ProgramFailure[]): Promise<void> {
  const options = { rootDir: dir, outDir: path.join(dir, "gen"), checkTools: false, cacheDir: false } as const;
  try {
    const result = await compile(
      programs.map((p) => p.file),
      options,
    );
    if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
    writeAll(result.files);
  } catch {
    for (const program of programs) {
      try {
        const result = await compile([program.file], options);
        if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n"));
        writeAll(result.files);
      } catch (error) {
        failures.push({
          shape: program.shape,
          kind: "crash",
          detail: `build failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          source: program.source,
        });
      }
    }
  }
}

/** The error lines (and their continuation lines) of tsc's output in files under `folder` of `dir`. */
function tscErrorsUnder(errors: string, dir: string, folder: string): string {
  if (errors === "") return "";
  const kept: string[] = [];
  let keep = false;
  for (const line of errors.split("\n")) {
    const match = /^(.+?)\(\d+,\d+\): error /.exec(line);
    if (match) keep = path.relative(dir, path.resolve(PACKAGE_ROOT, match[1]!)).replace(/^gen\//, "").startsWith(folder);
    if (keep) kept.push(line);
  }
  return kept.join("\n");
}
