// `flowc build [paths...] [--out DIR] [--check] [--watch]`: check, generate
// TypeScript and write only the files whose bytes change. `--check` writes
// nothing and exits 1 when a generated file is stale or missing (for CI);
// `--watch` rebuilds on every change (watch.ts). Without paths and `--out`,
// the project file (project.ts) says what to build and where.
import path from "node:path";
import type { Command } from "commander";
import type { CompileResult } from "../compiler/index.ts";
import { printDiagnostics, printSummary } from "./check.ts";
import { CliError, colors, EXIT, plural, setExitCode, UsageError, writeErr, writeOut } from "./output.ts";
import { displayPath, rootDirFor } from "./paths.ts";
import { findProject, sourceFiles, type Project } from "./project.ts";

interface BuildOptions {
  readonly out?: string;
  readonly check?: boolean;
  readonly json?: boolean;
  readonly watch?: boolean;
}

export function register(program: Command): void {
  program
    .command("build")
    .summary("generate TypeScript from .flow files")
    .description(
      "Check .flow files, then generate one TypeScript module per .flow module under the output folder, " +
        "mirroring the source tree relative to the project root. Only files whose bytes change are written; " +
        "files without the flowc header are never overwritten.\n\n" +
        "The project file (flowc.config.json, or a \"flowc\" field in package.json, found from the current " +
        "folder upwards) gives the sources, the output folder and the import extension; its folder is the " +
        "project root, so the output is the same from any folder of the project. Without one, the current " +
        "folder is the root. Paths and --out given here win (relative to the current folder).",
    )
    .argument("[paths...]", "files or folders (default: the project's sources, or the current folder)")
    .option("-o, --out <dir>", "output folder (default: the project's out, or generated)")
    .option("--check", "write nothing; exit 1 if a generated file is stale or missing")
    .option("--json", "print what was written (or is stale) as JSON on stdout")
    .option("-w, --watch", "after the build, rebuild on every change to a .flow or tool file until Ctrl-C")
    .addHelpText(
      "after",
      `
Examples:
  $ flowc build                          the project's sources (or every .flow file under the current folder) -> generated/
  $ flowc build examples --out generated
  $ flowc build examples --check         in CI: fail if generated code is out of date
  $ flowc build --watch                  rebuild while you edit; one line on stderr per rebuild

Exit codes: 0 ok (also when --watch is stopped with Ctrl-C), 1 diagnostics, stale files (--check) or refused files,
2 usage error or a bad project file.`,
    )
    .action(async (paths: string[], options: BuildOptions) => {
      await runBuild(paths, options);
    });
}

export interface GenerateOutcome {
  readonly compiled: CompileResult;
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  readonly stale: readonly string[];
  readonly refused: readonly string[];
}

/**
 * Compiles `files` into `project.out` and writes (or, with `check`, compares)
 * the generated code. Prints diagnostics and throws a CliError when the plan
 * does not check. Shared by `build` and `run`.
 */
export async function generate(
  files: readonly string[],
  project: Project,
  options: { readonly check?: boolean; readonly quiet?: boolean } = {},
): Promise<GenerateOutcome> {
  const outcome = await compileAndWrite(files, project, options);
  const { compiled } = outcome;
  if (!compiled.ok) {
    await printDiagnostics(compiled);
    printSummary(compiled.diagnostics);
    throw new CliError("could not compile: fix the errors above", {
      hint: `run 'flowc check ${files.map((f) => displayPath(f, process.cwd())).join(" ")}' while editing`,
    });
  }
  if (compiled.diagnostics.length > 0 && !options.quiet) {
    await printDiagnostics(compiled);
  }
  return outcome;
}

/**
 * Compiles and, when the plan checks, writes: nothing printed, nothing thrown
 * for diagnostics (`compiled.ok` says). What `generate` and `build --watch` share.
 */
export async function compileAndWrite(
  files: readonly string[],
  project: Project,
  options: { readonly check?: boolean } = {},
): Promise<GenerateOutcome> {
  const writer = import("../compiler/emit/write.ts");
  writer.catch(() => {});
  const { compile } = await import("../compiler/index.ts");
  const compiled = await compile(files, {
    rootDir: rootDirFor(files, project),
    outDir: project.out,
    importExtension: project.importExtension,
  });
  if (!compiled.ok) return { compiled, written: [], unchanged: [], stale: [], refused: [] };
  const { writeGenerated, OutsideOutputError } = await writer;
  const outcome = await writeGenerated(compiled.files, { check: options.check ?? false }).catch((error: unknown) => {
    // A symlink that would take a generated file outside the output folder: nothing was written.
    if (error instanceof OutsideOutputError) throw new CliError(error.message, { hint: error.hint });
    throw error;
  });
  const list = (items: unknown) => ((items ?? []) as readonly unknown[]).map(pathOf);
  return {
    compiled,
    written: list(outcome.written),
    unchanged: list(outcome.unchanged),
    stale: list(outcome.stale),
    refused: list(outcome.refused),
  };
}

function pathOf(item: unknown): string {
  if (typeof item === "string") return item;
  if (item && typeof item === "object" && "path" in item) return String((item as { path: unknown }).path);
  return String(item);
}

async function runBuild(paths: readonly string[], options: BuildOptions): Promise<void> {
  const cwd = process.cwd();
  const found = findProject(cwd);
  const project = options.out === undefined ? found : { ...found, out: path.resolve(cwd, options.out) };
  if (options.watch) {
    if (options.check || options.json) {
      throw new UsageError(`--watch cannot be used with ${options.check ? "--check" : "--json"}`, "--watch rebuilds until Ctrl-C; run 'flowc build --check' once in CI");
    }
    const { watchBuild } = await import("./watch.ts");
    await watchBuild(paths, project, cwd);
    return;
  }
  const files = sourceFiles(paths, project, cwd);
  const result = await generate(files, project, { check: options.check });
  const show = (p: string) => displayPath(p, cwd);
  const c = colors();

  if (options.json) {
    writeOut(
      JSON.stringify(
        {
          written: result.written.map(show),
          unchanged: result.unchanged.map(show),
          stale: result.stale.map(show),
          refused: result.refused.map(show),
        },
        null,
        2,
      ),
    );
  }

  if (result.refused.length > 0) {
    for (const file of result.refused) writeErr(`${c.red("refused")} ${show(file)}`);
    throw new CliError(
      `refusing to overwrite ${plural(result.refused.length, "file")} that flowc did not generate`,
      { hint: "the first line of a generated file names its source; move the file away or choose another --out" },
    );
  }

  if (options.check) {
    if (result.stale.length > 0) {
      if (!options.json) for (const file of result.stale) writeOut(`stale ${show(file)}`);
      writeErr(
        `${c.red("error")}: ${plural(result.stale.length, "generated file")} out of date or missing\n` +
          `${c.bold(c.cyan("help"))}: run '${buildCommand(paths, options, project)}' and commit the result`,
      );
      setExitCode(EXIT.failure);
      return;
    }
    writeErr(`${plural(result.unchanged.length, "generated file")} up to date`);
    return;
  }

  if (!options.json) for (const file of result.written) writeOut(`wrote ${show(file)}`);
  writeErr(`${plural(result.written.length, "file")} written, ${result.unchanged.length} unchanged`);
}

/** The command that rebuilds what `--check` found stale. */
function buildCommand(paths: readonly string[], options: BuildOptions, project: Project): string {
  const args = paths.length > 0 ? paths : project.file ? [] : ["."];
  // Without a project file `generated` is the default; with one, the project's out is.
  const out = options.out === undefined || (options.out === "generated" && !project.file) ? [] : ["--out", options.out];
  return ["flowc build", ...args, ...out].join(" ");
}
