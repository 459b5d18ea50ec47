// The `flowc` command: one file per command, wired here. Only commander and
// the command definitions load at startup; each command imports what it needs
// (the compiler, the runtime, the model SDK, progress bars) when it runs.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Command, CommanderError } from "commander";
import { packageRoot } from "../compiler/package-root.ts";
import { register as registerBuild } from "./build.ts";
import { register as registerCheck } from "./check.ts";
import { register as registerDiff } from "./diff.ts";
import { register as registerFmt } from "./fmt.ts";
import { register as registerGraph } from "./graph.ts";
import { register as registerInit } from "./init.ts";
import { register as registerLsp } from "./lsp.ts";
import { colors, EXIT, handleError, setExitCode } from "./output.ts";
import { register as registerRun } from "./run.ts";
import { register as registerRuns } from "./runs.ts";
import { register as registerStabilize } from "./stabilize.ts";
import { register as registerTrace } from "./trace.ts";
import { register as registerWorker } from "./worker.ts";

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

export function createProgram(): Command {
  const program = new Command("flowc");
  program
    .description("Check, build and run .flow files: typed LLM workers, tools and flows compiled to TypeScript.")
    .version(readVersion(), "-V, --version", "print the flowc version")
    .helpOption("-h, --help", "show help for flowc or a command")
    .helpCommand("help [command]", "show help for a command")
    .showSuggestionAfterError(true)
    // Commander's own errors (unknown option, missing argument) are thrown to
    // `main` below and exit 2; they inherit to every command registered later.
    .exitOverride()
    .configureOutput({
      outputError: (text, write) => write(text.replace(/^error:/, colors().bold(colors().red("error")) + ":")),
    })
    .addHelpText(
      "after",
      `
Examples:
  $ flowc init                         scaffold a project here (flows/, a test, npm scripts)
  $ flowc check                        check the project's sources (or every .flow file under the current folder)
  $ flowc build examples --out generated
  $ flowc build --watch                rebuild on every change until Ctrl-C
  $ flowc run examples/pitchdeck/pitchdeck.flow evaluate_decks \\
      --input @examples/pitchdeck/input.json \\
      --replay examples/pitchdeck/recording.jsonl --approve save_report
  $ flowc trace out/trace.jsonl
  $ flowc lsp                          the language server an editor starts (docs/editors.md)

Project file: flowc.config.json, or a "flowc" field in package.json, found from the current folder upwards:
  { "sources": ["flows"], "out": "generated", "importExtension": ".js" }
Exit codes: 0 ok, 1 diagnostics or a failed run, 2 usage error (diff --exit-code: 3 changes, 4 breaking).
Environment: OPENAI_API_KEY, OPENAI_BASE_URL (models; flowc run also reads them from .env in the project root);
NO_COLOR turns colours off.`,
    );

  registerInit(program);
  registerCheck(program);
  registerBuild(program);
  registerRun(program);
  registerWorker(program);
  registerRuns(program);
  registerTrace(program);
  registerStabilize(program);
  registerFmt(program);
  registerGraph(program);
  registerDiff(program);
  registerLsp(program);

  program.showHelpAfterError("help: see 'flowc --help'");
  for (const command of program.commands) {
    command.showHelpAfterError(`help: see 'flowc ${command.name()} --help'`);
  }
  return program;
}

export async function main(argv: readonly string[] = process.argv): Promise<void> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      setExitCode(commanderExitCode(error));
      return;
    }
    handleError(error);
  }
}

/** `--help`/`--version` exit 0; every parse error (and a missing command) exits 2. */
function commanderExitCode(error: CommanderError): number {
  if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT.ok;
  if (error.code === "commander.help") return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  return EXIT.usage;
}

process.on("unhandledRejection", (error) => handleError(error));
// `flowc ... | head`: a closed pipe is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(Number(process.exitCode ?? 0));
    throw error;
  });
}

void main();
