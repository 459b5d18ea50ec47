// `flowc diff BASE HEAD [--format markdown|json] [--exit-code]`: compares the
// checked plans (not the text) of two files, folders or git revisions and
// lists each change as breaking, dangerous or safe, with a reason.
import type { Command } from "commander";
import { CliError, EXIT, setExitCode, UsageError, writeErr, writeOut } from "./output.ts";

interface DiffCliOptions {
  readonly format: string;
  readonly exitCode?: boolean;
}

export function register(program: Command): void {
  program
    .command("diff")
    .summary("explain what a change does to the plan (for pull requests)")
    .description(
      "Compare the checked plans (not the text) of BASE and HEAD and classify every change as breaking " +
        "(interfaces), dangerous (models, prompts, delegation, limits, approvals, call bounds) or safe " +
        "(optional fields, docs, formatting, new callables).\n\n" +
        "BASE and HEAD are .flow files, folders, git:REV (this folder at a revision) or git:REV:path " +
        "(a file or folder at a revision, from the repository root; ./path from this folder).",
    )
    .argument("<base>", "file, folder, git:REV or git:REV:path")
    .argument("<head>", "file, folder, git:REV or git:REV:path")
    .option("--format <format>", "markdown (a pull-request comment) or json", "markdown")
    .option("--exit-code", "exit 0 no changes, 3 changes, 4 breaking changes (1 error, 2 usage error)")
    .addHelpText(
      "after",
      `
Examples:
  $ flowc diff git:main .                         this folder against main
  $ flowc diff git:HEAD~1:app.flow app.flow       one file against its last commit
  $ flowc diff old/ new/ --format json --exit-code`,
    )
    .action(async (base: string, head: string, options: DiffCliOptions) => {
      await runDiff(base, head, options);
    });
}

async function runDiff(base: string, head: string, options: DiffCliOptions): Promise<void> {
  if (options.format !== "markdown" && options.format !== "json") {
    throw new UsageError(`unknown format '${options.format}'`, "use --format markdown or --format json");
  }
  const { diffSpecs, InputError } = await import("../compiler/review/diff/run.ts");
  const { exitCodeOf } = await import("../compiler/review/diff/types.ts");
  const { toJson, toMarkdown } = await import("../compiler/review/diff/render.ts");
  let outcome;
  try {
    outcome = diffSpecs(base, head);
  } catch (error) {
    if (error instanceof InputError) throw new CliError(error.message, { hint: "BASE and HEAD are .flow files, folders, git:REV or git:REV:path" });
    throw error;
  }
  if (!outcome.ok) {
    const { printDiagnostics } = await import("./check.ts");
    for (const side of outcome.failed) {
      writeErr(`${side.label} does not check:`);
      await printDiagnostics(side.checked);
    }
    throw new CliError("cannot compare plans that do not check", { exitCode: EXIT.failure });
  }
  writeOut(options.format === "json" ? toJson(outcome.report) : toMarkdown(outcome.report));
  if (options.exitCode) setExitCode(exitCodeOf(outcome.report));
}
