// Runs `check` over mutated copies of every fixture and example `.flow` file
// and collects every case that threw or produced a malformed diagnostic.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { check } from "../../compiler/index.ts";
import { mutate } from "./mutate.ts";

export interface FuzzFailure {
  readonly seed: number;
  readonly file: string;
  readonly problem: string;
  readonly source: string;
}

export interface FuzzReport {
  readonly cases: number;
  readonly withErrors: number;
  readonly failures: readonly FuzzFailure[];
}

function flowFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...flowFiles(path));
    else if (name.endsWith(".flow")) out.push(path);
  }
  return out;
}

/** Copies the corpus folders into a scratch folder so tool files and imports still resolve. */
export function prepareCorpus(root: string, folders: readonly string[]): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "flowc-fuzz-"));
  for (const folder of folders) {
    try {
      cpSync(join(root, folder), join(dir, folder), { recursive: true });
    } catch {
      // a corpus folder that does not exist yet contributes nothing
    }
  }
  return { dir, files: flowFiles(dir) };
}

export function runFuzz(options: { root: string; cases: number; seed: number; folders?: readonly string[] }): FuzzReport {
  const { dir, files } = prepareCorpus(options.root, options.folders ?? ["test/fixtures", "examples"]);
  const originals = new Map(files.map((f) => [f, readFileSync(f, "utf8")]));
  const failures: FuzzFailure[] = [];
  let withErrors = 0;
  try {
    for (let i = 0; i < options.cases && files.length > 0; i++) {
      const seed = options.seed + i;
      const file = files[i % files.length]!;
      const { text } = mutate(originals.get(file)!, seed);
      writeFileSync(file, text);
      const name = relative(dir, file);
      try {
        const result = check([file]);
        if (!result.ok) withErrors++;
        for (const d of result.diagnostics) {
          const problem = malformed(d);
          if (problem) failures.push({ seed, file: name, problem, source: text });
        }
      } catch (error) {
        const problem = error instanceof Error ? (error.stack ?? error.message) : String(error);
        failures.push({ seed, file: name, problem: `threw: ${problem}`, source: text });
      } finally {
        writeFileSync(file, originals.get(file)!);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { cases: options.cases, withErrors, failures };
}

function malformed(d: { code: string; message: string; span: { start: { line: number; column: number } } }): string | undefined {
  if (!/^FLW\d{3}$/.test(d.code)) return `bad code ${JSON.stringify(d.code)}`;
  if (d.message.length === 0) return `empty message for ${d.code}`;
  if (!(d.span.start.line >= 1 && d.span.start.column >= 1)) return `bad span for ${d.code}: ${JSON.stringify(d.span.start)}`;
  // An internal error is reported instead of thrown, but it is still a bug.
  if (d.code === "FLW900") return `internal error: ${d.message}`;
  return undefined;
}
