// `flowc run FILE.flow FLOW --input JSON|@file.json [...]`: check and build the
// file (writing generated code only when its bytes change), import the
// generated module, validate the input against the flow's schema before any
// model call, then run it on the shared runtime. The result is JSON on stdout;
// a usage summary goes to stderr.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { InvalidArgumentError, type Command } from "commander";
import { importExternal } from "../compiler/external.ts";
import type { RunOptions } from "../runtime/options.ts";
import type { AnyCallable } from "../runtime/types.ts";
import type { UsageReport } from "../runtime/usage.ts";
import { generate } from "./build.ts";
import { loadDotenv } from "./env.ts";
import { CliError, EXIT, firstLine, isInteractive, UsageError, writeErr, writeOut } from "./output.ts";
import { displayPath } from "./paths.ts";
import type { Progress } from "./progress.ts";
import { approvalFor } from "./run-approval.ts";
import { fieldPath, readInput } from "./run-input.ts";
import {
  checkModelAliases,
  closeProvider,
  createModelProvider,
  type CreateProvider,
  offlineProvider,
  parseModelOverrides,
  providerFactory,
} from "./run-models.ts";
import { findDeclaration, reachesWorker, signatureOf } from "./run-plan.ts";
import { findProject } from "./project.ts";
import { printUsage, runFailure } from "./run-report.ts";
import { enableTypeScriptImports, loadRuntime, useRuntimeFrom } from "./typescript-loader.ts";

export interface RunCommandOptions {
  readonly input?: string;
  readonly replay?: string;
  readonly record?: string;
  readonly model?: string[];
  readonly approve?: string[];
  readonly approveAll?: boolean;
  readonly trace?: string;
  readonly maxUsd?: number;
  readonly maxCalls?: number;
  readonly concurrency?: number;
  readonly out?: string;
  readonly progress: boolean;
  readonly raw?: boolean;
}

export function register(program: Command): void {
  program
    .command("run")
    .summary("check, build and run a flow")
    .description(
      "Check and build FILE, then run FLOW with the given input on the flowc runtime. " +
        "The input is validated against the flow's parameters before any model call. " +
        "The result is printed as JSON on stdout; a usage summary goes to stderr.\n\n" +
        "Models come from OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (any OpenAI-compatible server), " +
        "or from a recording with --replay FILE (offline). A .env file in the project root (the folder of " +
        "flowc.config.json or of a package.json with a \"flowc\" field, else the current folder) is read " +
        "first; variables already set in the environment win.",
    )
    .argument("<file>", "the .flow file")
    .argument("<flow>", "the flow (or worker or tool) to run")
    .option("-i, --input <json>", "the input: JSON text, @file.json to read it from a file, or @- for stdin", "{}")
    .option("--replay <file>", "answer model requests from a recording (offline, no API key)")
    .option("--record <file>", "record the model's answers to FILE (replay them later with --replay)")
    .option("-m, --model <alias=id>", "use model ID for the model ALIAS (repeatable)", collect)
    .option("--approve <tool>", "approve a `needs approval` tool for this run (repeatable)", collect)
    .option("--approve-all", "approve every `needs approval` tool")
    .option("--trace <file>", "write the run's trace (JSON lines) to FILE; view it with `flowc trace FILE`")
    .option("--max-usd <usd>", "stop the run once it has cost more than USD", positiveNumber)
    .option("--max-calls <n>", "stop the run before model request number N+1", positiveInt)
    .option("--concurrency <n>", "default concurrency of map, filter and reduce (default 8)", positiveInt)
    .option("-o, --out <dir>", "where generated code is written (default: the project's out, or generated)")
    .option("--raw", "print a string result as plain text instead of a JSON string")
    .option("--no-progress", "do not draw progress bars (they are drawn only on a terminal)")
    .addHelpText(
      "after",
      `
Examples:
  $ flowc run examples/pitchdeck/pitchdeck.flow evaluate_decks \\
      --input @examples/pitchdeck/input.json \\
      --replay examples/pitchdeck/recording.jsonl --approve save_report
  $ OPENAI_API_KEY=sk-... flowc run app.flow summarize --input '{"text": "..."}' \\
      --model analyst=gpt-4.1 --max-usd 0.50 --trace out/trace.jsonl
  $ OPENAI_BASE_URL=http://localhost:11434/v1 flowc run app.flow summarize \\
      --input @in.json --record out/recording.jsonl

Approvals: tools declared \`needs approval\` run only if approved with --approve NAME
or --approve-all, or at a prompt on a terminal; otherwise they are denied.
Exit codes: 0 ok, 1 diagnostics, bad input or a failed run, 2 usage error.`,
    )
    .action(async (file: string, flow: string, options: RunCommandOptions) => {
      await runFlowCommand(file, flow, options);
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number");
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n <= 0) throw new InvalidArgumentError("expected a positive whole number");
  return n;
}

async function runFlowCommand(file: string, flowName: string, options: RunCommandOptions): Promise<void> {
  const cwd = process.cwd();
  const source = path.resolve(cwd, file);
  if (!source.endsWith(".flow")) throw new UsageError(`not a .flow file: ${file}`, "usage: flowc run FILE.flow FLOW --input JSON");
  if (!existsSync(source) || !statSync(source).isFile()) throw new UsageError(`no such file: ${file}`);
  if (options.replay && options.record) {
    throw new UsageError("--replay and --record cannot be used together", "record once against a real model, then replay the recording");
  }
  const models = parseModelOverrides(options.model ?? []);
  // Read the input before compiling: a typo in the command line should not wait for the compiler.
  const input = readInput(options.input ?? "{}", cwd);
  const project = findProject(cwd);
  // Before the tool files load and the provider is chosen: both may read it.
  loadDotenv(project.root);

  // Check, generate and write (only changed bytes), like `flowc build FILE`.
  const built = await generate([source], options.out === undefined ? project : { ...project, out: path.resolve(cwd, options.out) });
  const program = built.compiled.program;
  const generatedFile = built.compiled.files.find((f) => f.source === source)?.path;
  if (!generatedFile) throw new Error(`the compiler produced no module for ${displayPath(source, cwd)}`);

  const declared = findDeclaration(program, source, flowName, cwd);
  checkModelAliases(program, models);
  requireEsmScope(generatedFile, cwd);
  const needsModel = reachesWorker(program, { kind: declared.kind, name: flowName, module: source });
  let module: Record<string, unknown>;
  let providers: Promise<CreateProvider> | undefined;
  try {
    useRuntimeFrom(path.dirname(generatedFile));
    await enableTypeScriptImports();
    // The provider code loads while the generated module (and the runtime, the tool files) does.
    providers = providerFactory(options, needsModel);
    providers?.catch(() => {}); // awaited (and reported) below, after the input is validated
    module = await importExternal<Record<string, unknown>>(pathToFileURL(generatedFile).href);
  } catch (error) {
    // Most often a tool file that throws (or does not parse) when it is loaded.
    throw new CliError(
      `could not load ${displayPath(generatedFile, cwd)}: ${firstLine(error instanceof Error ? error.message : String(error))}`,
      { hint: "the generated module imports the tool files the .flow file names; check that they load on their own" },
    );
  }
  const callable = module[flowName] as AnyCallable | undefined;
  if (!callable || typeof callable !== "object" || !("kind" in callable)) {
    throw new Error(`generated module ${displayPath(generatedFile, cwd)} does not export ${flowName}`);
  }

  // Validate the input against the flow's schema: no model call happens with a wrong input.
  const parsed = callable.input.safeParse(input.value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${fieldPath(issue.path) || "(input)"}: ${issue.message}`);
    throw new CliError(`${input.name} does not match the input of ${flowName}: ${issues.join("; ")}`, {
      hint: `${flowName} takes ${signatureOf(declared)}`,
    });
  }

  const provider = needsModel
    ? await createModelProvider(options, cwd, providers)
    : await offlineProvider(options, cwd, providers);

  const runtime = await loadRuntime();
  let progress: Progress | undefined;
  if (options.progress && isInteractive(process.stderr)) {
    const { createProgress } = await import("./progress.ts");
    progress = await createProgress(process.stderr);
  }
  const approval = approvalFor(runtime, options, progress);
  let finalUsage: { usage: UsageReport; durationMs: number } | undefined;
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    progress?.stop();
    writeErr("interrupted: stopping the run (press Ctrl-C again to quit now)");
    controller.abort(new CliError("interrupted", { exitCode: EXIT.failure }));
  };
  process.on("SIGINT", onSigint);

  const runOptions: RunOptions = {
    provider,
    models,
    approval,
    signal: controller.signal,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.trace ? { trace: path.resolve(cwd, options.trace) } : {}),
    budgets: {
      ...(options.maxUsd !== undefined ? { maxUsd: options.maxUsd } : {}),
      ...(options.maxCalls !== undefined ? { maxCalls: options.maxCalls } : {}),
    },
    onEvent: (event) => {
      if (event.type === "run-end") finalUsage = { usage: event.usage, durationMs: event.durationMs };
      progress?.onEvent(event);
    },
  };

  try {
    const result = await runtime.run(callable, parsed.data, runOptions);
    progress?.stop();
    const output = result.output ?? null;
    writeOut(options.raw && typeof output === "string" ? output : JSON.stringify(output, null, 2));
    printUsage(result.usage, result.durationMs, provider);
  } catch (error) {
    progress?.stop();
    if (finalUsage) printUsage(finalUsage.usage, finalUsage.durationMs, provider);
    throw runFailure(error, options, provider);
  } finally {
    process.off("SIGINT", onSigint);
    await closeProvider(provider);
  }
  if (options.record && provider?.name === "record") writeErr(`recorded ${displayPath(path.resolve(cwd, options.record), cwd)}`);
  else if (options.record) writeErr(`nothing recorded: ${flowName} made no model call`);
  if (options.trace) writeErr(`trace written to ${displayPath(path.resolve(cwd, options.trace), cwd)} (view it with 'flowc trace ${options.trace}')`);
}

/**
 * Generated code is ES modules in `.ts` files: Node (and tsx) load it as such
 * only under a package.json with "type": "module". Say so instead of failing
 * with a module-format error.
 */
function requireEsmScope(generatedFile: string, cwd: string): void {
  let dir = path.dirname(generatedFile);
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      let type: unknown;
      try {
        type = (JSON.parse(readFileSync(manifest, "utf8")) as { type?: unknown }).type;
      } catch {
        type = undefined;
      }
      if (type === "module") return;
      throw new CliError(`generated code is ES modules, but ${displayPath(manifest, cwd)} does not say "type": "module"`, {
        hint: `add "type": "module" to ${displayPath(manifest, cwd)}, or write the generated code elsewhere with --out DIR`,
      });
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new CliError(`generated code is ES modules, but no package.json above ${displayPath(path.dirname(generatedFile), cwd)} says "type": "module"`, {
        hint: `run flowc in your project (with "type": "module" in its package.json), or create one: echo '{ "type": "module" }' > package.json`,
      });
    }
    dir = parent;
  }
}
