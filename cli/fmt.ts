// `flowc fmt [paths...] [--check]`: rewrites .flow files in the one canonical
// layout (comments and doc comments kept). `--check` writes nothing, lists the
// files that would change and exits 1. Files with syntax errors are left alone
// and their diagnostics printed (exit 1). Files are read as `flowc check` reads
// them (strict UTF-8, size limit), so an invalid byte is reported (FLW109)
// rather than written back as U+FFFD.
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { colors, EXIT, plural, setExitCode, writeErr, writeOut } from "./output.ts";
import { displayPath, expandFlowPaths } from "./paths.ts";

interface FmtOptions {
  readonly check?: boolean;
}

export function register(program: Command): void {
  program
    .command("fmt")
    .summary("format .flow files in one canonical layout")
    .description(
      "Rewrite .flow files in the one canonical layout, keeping every comment and doc comment. " +
        "Folders mean every .flow file under them. Files with syntax errors are not touched: their diagnostics are printed.",
    )
    .argument("[paths...]", "files or folders", ["."])
    .option("--check", "write nothing; list the files that are not formatted and exit 1")
    .addHelpText(
      "after",
      `
Examples:
  $ flowc fmt                     format every .flow file under the current folder
  $ flowc fmt --check examples    in CI: fail when a file is not formatted

Exit codes: 0 formatted (or, with --check, nothing to change), 1 files to format or syntax errors, 2 usage error.`,
    )
    .action(async (paths: string[], options: FmtOptions) => {
      await runFmt(paths, options);
    });
}

async function runFmt(paths: readonly string[], options: FmtOptions): Promise<void> {
  const { formatSource } = await import("../compiler/review/fmt/index.ts");
  const files = expandFlowPaths(paths);
  const unformatted: string[] = [];
  const broken: string[] = [];
  const { readSource } = await import("../compiler/check/read-source.ts");
  const unreadable: string[] = [];
  for (const file of files) {
    const read = readSource(file);
    if ("error" in read) {
      unreadable.push(`${displayPath(file)}: ${read.error}`);
      continue;
    }
    if (read.problems.length > 0) {
      broken.push(file);
      continue;
    }
    const result = formatSource(read.text, file);
    if (!result.ok) {
      broken.push(file);
      continue;
    }
    if (!result.changed) continue;
    unformatted.push(file);
    if (!options.check) writeFileSync(file, result.text);
  }
  if (broken.length > 0) await printSyntaxErrors(broken);
  for (const line of unreadable) writeErr(colors().red(`cannot read ${line}`));
  const c = colors();
  if (options.check) {
    for (const file of unformatted) writeOut(displayPath(file));
    if (unformatted.length > 0) writeErr(c.red(`${plural(unformatted.length, "file")} not formatted (run flowc fmt)`));
  } else if (unformatted.length > 0) {
    writeErr(`formatted ${plural(unformatted.length, "file")}`);
  }
  if (broken.length > 0) writeErr(c.red(`${plural(broken.length, "file")} not formatted: syntax errors`));
  if (broken.length > 0 || unreadable.length > 0 || (options.check && unformatted.length > 0)) setExitCode(EXIT.failure);
}

/** The syntax and encoding diagnostics (FLW1xx) of files that do not parse or decode, with code frames. */
async function printSyntaxErrors(files: readonly string[]): Promise<void> {
  const { check } = await import("../compiler/index.ts");
  const { printDiagnostics } = await import("./check.ts");
  for (const file of files) {
    const checked = check([file]);
    const diagnostics = checked.diagnostics.filter((d) => d.code.startsWith("FLW1") && d.span.file === file);
    await printDiagnostics({ diagnostics, sources: checked.sources });
  }
}
