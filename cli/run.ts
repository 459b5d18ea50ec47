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
import type { WorkerDef } from "../compiler/plan/ir.ts";
import { DEFAULT_MODEL } from "../runtime/defaults.ts";
import { hashJson } from "../runtime/json.ts";
import type { RunOptions } from "../runtime/options.ts";
import { DEFAULT_PRICES, findPrice, type ModelPrice } from "../runtime/prices.ts";
import type { AnyCallable } from "../runtime/types.ts";
import type { UsageReport } from "../runtime/usage.ts";
import { generate } from "./build.ts";
import { loadDotenv } from "./env.ts";
import { CliError, EXIT, firstLine, isInteractive, UsageError, writeErr } from "./output.ts";
import { displayPath } from "./paths.ts";
import { logRunEvent, type Progress } from "./progress.ts";
import { approvalFor } from "./run-approval.ts";
import { extraFields, fieldPath, readInput } from "./run-input.ts";
import {
  checkModelAliases,
  closeProvider,
  createModelProvider,
  type CreateProvider,
  offlineProvider,
  parseModelOverrides,
  providerFactory,
} from "./run-models.ts";
import { findDeclaration, reachableWorkers, reachesWorker, signatureOf } from "./run-plan.ts";
import { providersOfWorkers } from "./run-providers.ts";
import { findProject } from "./project.ts";
import { planJournal } from "./run-journal.ts";
import { runExecutor, stopExecutor, type ExecutorFlags } from "./run-executor.ts";
import { printResult, printResume, printUsage, runFailure } from "./run-report.ts";
import { enableTypeScriptImports, loadRuntime, useRuntimeFrom } from "./typescript-loader.ts";
import { H, help } from "../compiler/diagnostics/hints.ts";

export interface RunCommandOptions extends ExecutorFlags {
  readonly input?: string;
  readonly replay?: string;
  readonly record?: string;
  readonly model?: string[];
  readonly approve?: string[];
  readonly approveAll?: boolean;
  readonly trace?: string;
  readonly resume?: string;
  readonly maxUsd?: number;
  readonly maxCalls?: number;
  readonly concurrency?: number;
  readonly maxInFlight?: number;
  readonly timeout?: number;
  readonly retries?: number;
  readonly repairTurns?: number;
  readonly maxRetryWait?: number;
  readonly maxRetryTime?: number;
  readonly price?: string[];
  readonly allowExtraInput?: boolean;
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
    .option("--trace <file>", "write the run's trace (JSON lines) to FILE; view it with `flowc trace FILE` (an existing trace is never overwritten)")
    .option("--resume <journal>", "continue the run whose trace is JOURNAL (same flow, same input): calls that ended there are not sent again; new lines are appended to it, or written to --trace")
    .option("--max-usd <usd>", "spend at most USD: no request is sent whose worst case would pass it", positiveNumber)
    .option("--max-calls <n>", "send at most N model requests (failed and retried ones count)", positiveInt)
    .option("--concurrency <n>", "default concurrency of map, filter and reduce (default 8)", positiveInt)
    .option("--max-in-flight <n>", "model requests in flight at once in the whole run, nested maps included (default 32)", positiveInt)
    .option("--timeout <ms>", "time out each model request after MS milliseconds; it is then retried", positiveInt)
    .option("--retries <n>", "retries of a failed model request: 429, 5xx, timeout, dropped connection (default 6)", nonNegativeInt)
    .option("--repair-turns <n>", "times an invalid answer goes back to the model with the problem (default 2)", nonNegativeInt)
    .option("--max-retry-wait <s>", "longest wait before one retry; a longer Retry-After fails the request (default 60)", seconds)
    .option("--max-retry-time <s>", "longest one request may spend retrying (default 300)", seconds)
    .option("--price <model=in/out>", "USD per 1M input/output tokens of a model flowc has no price for (repeatable)", collect)
    .option("--allow-extra-input", "ignore --input fields the flow does not take (otherwise an error)")
    .option("-o, --out <dir>", "where generated code is written (default: the project's out, or generated)")
    .option("--raw", "print a string result as plain text instead of a JSON string")
    .option("--no-progress", "do not draw progress bars (they are drawn only on a terminal)")
    .option("--executor <name>", "where the run executes: in-process (default) or dbos (durable, on Postgres; docs/distributed.md)")
    .option("--database-url <url>", "the Postgres database of --executor dbos (default: FLOWC_DATABASE_URL)")
    .option("--run-id <id>", "with --executor dbos: the run's id (default random); a run id that exists is waited for, not started again")
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

function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError("expected a whole number (0 or more)");
  return Number(value);
}

/** Seconds as a number of milliseconds a Node timer can wait (at most 2^31-1 ms, about 24.8 days). */
function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !(n >= 0) || n * 1000 > 2_147_483_647) throw new InvalidArgumentError("expected seconds, from 0 to 2147483");
  return Math.round(n * 1000);
}

/** `--price llama-3-8b=0.1/0.2` -> { "llama-3-8b": { input: 0.1, output: 0.2 } }. */
function parsePrices(values: readonly string[]): Record<string, ModelPrice> {
  const prices: Record<string, ModelPrice> = {};
  for (const value of values) {
    const match = /^([^=]+)=([^/]+)\/(.+)$/.exec(value.trim());
    const [input, output] = match ? [Number(match[2]), Number(match[3])] : [NaN, NaN];
    if (!match || !(input >= 0) || !(output >= 0) || match[2]!.trim() === "" || match[3]!.trim() === "") {
      throw new UsageError(
        `--price expects MODEL=IN/OUT in USD per 1M input and output tokens, got '${value}'`,
        "for example: --price llama-3-8b=0.10/0.40",
      );
    }
    prices[match[1]!.trim()] = { input, output };
  }
  return prices;
}

/** --max-usd can hold only with a price for every model the run may call: say so before the first call. */
function requirePrices(workers: readonly WorkerDef[], models: Readonly<Record<string, string>>, prices: Readonly<Record<string, ModelPrice>>): void {
  const table = { ...DEFAULT_PRICES, ...prices };
  const unpriced = new Set<string>();
  for (const worker of workers) {
    const id = worker.model?.id ?? DEFAULT_MODEL;
    const alias = worker.model?.kind === "declared" ? (worker.model.name ?? id) : id;
    const requested = models[alias] ?? models[id] ?? id;
    if (!findPrice(table, requested)) unpriced.add(requested);
  }
  if (unpriced.size === 0) return;
  const names = [...unpriced].sort();
  throw new UsageError(
    `--max-usd needs the price of ${names.join(", ")}, which flowc does not know, so the budget could not hold`,
    `give ${names.length === 1 ? "it" : "each"} with --price MODEL=IN/OUT in USD per 1M input and output tokens, e.g. --price ${names[0]}=0.10/0.40`,
  );
}


/** The run options of the fault-handling flags that were given. */
function faultOptions(options: RunCommandOptions, prices: Readonly<Record<string, ModelPrice>>): Partial<RunOptions> {
  return {
    ...(options.maxInFlight !== undefined ? { maxInFlight: options.maxInFlight } : {}),
    ...(options.timeout !== undefined ? { timeoutMs: options.timeout } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.repairTurns !== undefined ? { repairTurns: options.repairTurns } : {}),
    ...(options.maxRetryWait !== undefined ? { maxRetryWaitMs: options.maxRetryWait } : {}),
    ...(options.maxRetryTime !== undefined ? { maxRetryTimeMs: options.maxRetryTime } : {}),
    ...(Object.keys(prices).length > 0 ? { prices } : {}),
  };
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
  const prices = parsePrices(options.price ?? []);
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
  // The providers its models name: the run needs their credentials (and names the missing one).
  const workers = reachableWorkers(program, { kind: declared.kind, name: flowName, module: source });
  const needed = providersOfWorkers(workers, models);
  let module: Record<string, unknown>;
  let providers: Promise<CreateProvider> | undefined;
  try {
    useRuntimeFrom(path.dirname(generatedFile));
    await enableTypeScriptImports();
    // The provider code loads while the generated module (and the runtime, the tool files) does.
    providers = providerFactory(options, needsModel, needed);
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
      hint: help(H.FlowTakes, [flowName, signatureOf(declared)]),
    });
  }
  const extra = options.allowExtraInput ? [] : extraFields(input.value, parsed.data);
  if (extra.length > 0) {
    throw new CliError(`${input.name} has ${extra.length === 1 ? "a field" : "fields"} ${flowName} does not take: ${extra.join(", ")}`, {
      hint: `${help(H.FlowTakes, [flowName, signatureOf(declared)])}; remove ${extra.length === 1 ? "it" : "them"}, or pass --allow-extra-input to ignore them`,
    });
  }
  if (options.maxUsd !== undefined) requirePrices(workers, models, prices);

  // Never overwrite a journal; resume only this run's (same flow, same input).
  const journal = planJournal(options, cwd, { callable: flowName, kind: declared.kind, inputHash: hashJson(parsed.data) });

  const provider = needsModel
    ? await createModelProvider(options, cwd, providers, needed)
    : await offlineProvider(options, cwd, providers, needed);

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
    ...faultOptions(options, prices),
    ...journal,
    budgets: {
      ...(options.maxUsd !== undefined ? { maxUsd: options.maxUsd } : {}),
      ...(options.maxCalls !== undefined ? { maxCalls: options.maxCalls } : {}),
    },
    // --executor dbos: the run is a durable workflow; its calls use these options in every process.
    ...(await runExecutor({ ...options, executor: options.executor ?? project.executor }, module, { provider, models, ...faultOptions(options, prices) })),
    onEvent: (event) => {
      if (event.type === "run-end") finalUsage = { usage: event.usage, durationMs: event.durationMs };
      if (event.type === "resume") printResume(event, cwd);
      // Retries and repairs: above the bars on a terminal, else a line each on stderr.
      if (progress) progress.onEvent(event);
      else logRunEvent(event);
    },
  };

  try {
    const result = await runtime.run(callable, parsed.data, runOptions);
    progress?.stop();
    const output = result.output ?? null;
    printResult(output, options.raw === true);
    printUsage(result.usage, result.durationMs, provider);
  } catch (error) {
    progress?.stop();
    if (finalUsage) printUsage(finalUsage.usage, finalUsage.durationMs, provider);
    throw runFailure(error, options, provider);
  } finally {
    process.off("SIGINT", onSigint);
    await stopExecutor({ executor: options.executor ?? project.executor });
    await closeProvider(provider);
  }
  if (options.record && provider?.name === "record") writeErr(`recorded ${displayPath(path.resolve(cwd, options.record), cwd)}`);
  else if (options.record) writeErr(`nothing recorded: ${flowName} made no model call`);
  if (journal.trace) {
    const shown = displayPath(journal.trace, cwd);
    writeErr(`${journal.trace === journal.resume ? "journal appended to" : "trace written to"} ${shown} (view it with 'flowc trace ${shown}')`);
  }
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
