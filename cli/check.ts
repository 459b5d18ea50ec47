// `flowc check [paths...]`: parse and type-check `.flow` files and the tool
// files they name. Diagnostics go to stderr as text (or to stdout as JSON with
// `--format json`), then a one-line summary on stderr. Exit 1 on any error.
import type { Command } from "commander";
import type { CheckResult, Diagnostic } from "../compiler/index.ts";
import { colors, colorEnabled, EXIT, plural, setExitCode, UsageError, writeErr, writeOut } from "./output.ts";
import { displayPath, rootDirFor } from "./paths.ts";
import { findProject, sourceFiles } from "./project.ts";

interface CheckOptions {
  readonly format: string;
  readonly json?: boolean;
  readonly tools: boolean;
}

export function register(program: Command): void {
  program
    .command("check")
    .summary("type-check .flow files and the tool files they name")
    .description(
      "Parse and type-check .flow files, and check every tool file against its declaration. " +
        "Folders mean every .flow file under them (node_modules, generated and hidden folders are skipped). " +
        "Without paths, the sources of the project file (flowc.config.json, or a \"flowc\" field in " +
        "package.json, found from the current folder upwards) are checked, or else the current folder.",
    )
    .argument("[paths...]", "files or folders (default: the project's sources, or the current folder)")
    .option("--format <format>", "diagnostics as text or json (json goes to stdout)", "text")
    .option("--json", "the same as --format json")
    .option("--no-tools", "skip checking tool implementation files (faster; no TypeScript)")
    .addHelpText(
      "after",
      `
Examples:
  $ flowc check                          the project's sources (or every .flow file under the current folder)
  $ flowc check examples/pitchdeck       one example
  $ flowc check app.flow --format json   machine-readable diagnostics on stdout

Exit codes: 0 no errors (warnings allowed), 1 errors, 2 usage error or a bad project file.`,
    )
    .action(async (paths: string[], options: CheckOptions) => {
      await runCheck(paths, options);
    });
}

async function runCheck(paths: readonly string[], given: CheckOptions): Promise<void> {
  const options = given.json ? { ...given, format: "json" } : given;
  if (options.format !== "text" && options.format !== "json") {
    throw new UsageError(`unknown format '${options.format}'`, "use --format text or --format json");
  }
  const cwd = process.cwd();
  const project = findProject(cwd);
  const files = sourceFiles(paths, project, cwd);
  const { check, checkTools } = await import("../compiler/index.ts");
  const checked = check(files);
  let diagnostics = [...checked.diagnostics];
  if (checked.ok && options.tools) {
    diagnostics = [...diagnostics, ...(await checkTools(checked, { rootDir: rootDirFor(files, project), outDir: project.out }))];
  }
  const result: CheckResult = { ...checked, diagnostics, ok: !diagnostics.some((d) => d.severity === "error") };
  if (options.format === "json") {
    writeOut(JSON.stringify(await diagnosticsJson(result, files, cwd), null, 2));
  } else {
    await printDiagnostics(result);
  }
  printSummary(result.diagnostics, files.length);
  if (!result.ok) setExitCode(EXIT.failure);
}

/** Renders diagnostics as text with code frames on stderr (colours only where allowed). */
export async function printDiagnostics(result: Pick<CheckResult, "diagnostics" | "sources">): Promise<void> {
  if (result.diagnostics.length === 0) return;
  const { renderDiagnostics } = await import("../compiler/index.ts");
  const text = renderDiagnostics(result.diagnostics, result.sources, {
    format: "text",
    color: colorEnabled(process.stderr),
    cwd: process.cwd(),
  });
  writeErr(text.endsWith("\n") ? text : `${text}\n`);
}

/** `2 errors, 1 warning` (with the number of files checked) on stderr. */
export function printSummary(diagnostics: readonly Diagnostic[], fileCount?: number): void {
  const c = colors();
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const counts = `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
  const shown = errors > 0 ? c.red(counts) : warnings > 0 ? c.yellow(counts) : c.green(counts);
  writeErr(fileCount === undefined ? shown : `${plural(fileCount, "file")} checked: ${shown}`);
}

/**
 * The `--format json` document: the files checked, the counts, and the
 * diagnostics in the compiler's JSON form (sorted; paths relative to the
 * working folder; `hint` null when absent; `related` locations).
 */
export async function diagnosticsJson(result: Pick<CheckResult, "diagnostics" | "sources">, files: readonly string[], cwd: string) {
  const { renderDiagnostics } = await import("../compiler/index.ts");
  const diagnostics = JSON.parse(
    renderDiagnostics(result.diagnostics, result.sources, { format: "json", color: false, cwd }),
  ) as unknown[];
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  return {
    files: files.map((f) => displayPath(f, cwd)),
    errors,
    warnings: result.diagnostics.length - errors,
    diagnostics,
  };
}
