// `flowc worker FILE… --executor dbos --database-url URL`: a process that takes
// its share of the runs and calls queued in Postgres. It builds and loads the
// plans (every process of an app loads the same ones: calls are found by
// name) and works until Ctrl-C or SIGTERM, finishing the calls it started.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Command } from "commander";
import { importExternal } from "../compiler/external.ts";
import type { WorkerDef } from "../compiler/plan/ir.ts";
import { generate } from "./build.ts";
import { loadDotenv } from "./env.ts";
import { UsageError, writeErr } from "./output.ts";
import { findProject } from "./project.ts";
import { addExecutorOptions, checkExecutor, databaseUrl, loadDbosRuntime, type ExecutorFlags } from "./run-executor.ts";
import { createModelProvider, parseModelOverrides, providerFactory } from "./run-models.ts";
import { providersOfWorkers } from "./run-providers.ts";
import type { RunCommandOptions } from "./run.ts";
import { enableTypeScriptImports, useRuntimeFrom } from "./typescript-loader.ts";

interface WorkerOptions extends ExecutorFlags {
  readonly replay?: string;
  readonly model?: string[];
  readonly concurrency?: string;
  readonly maxInFlight?: string;
  readonly out?: string;
}

export function register(program: Command): void {
  const command = program
    .command("worker")
    .summary("take a share of the durable runs' calls (--executor dbos)")
    .description(
      "Build and load the .flow files, then run the calls and runs queued in the dbos executor's Postgres " +
        "database until Ctrl-C or SIGTERM. Start as many as you like, on any machine that reaches the database; " +
        "limits (--max-in-flight, budgets, per-model limits) hold across all of them.",
    )
    .argument("<files...>", "the .flow files whose flows and workers this process runs")
    .option("--replay <file>", "answer model requests from a recording (offline)")
    .option("-m, --model <alias=id>", "use model ID for the model ALIAS (repeatable)", (value: string, previous: string[] = []) => [...previous, value])
    .option("--concurrency <n>", "calls this process runs at once (default 16)")
    .option("--max-in-flight <n>", "calls in flight at once across every process (default 32)")
    .option("-o, --out <dir>", "where generated code is written (default: the project's out, or generated)");
  addExecutorOptions(command, "the calls run").action(async (files: string[], options: WorkerOptions) => runWorker(files, options));
}

async function runWorker(files: readonly string[], options: WorkerOptions): Promise<void> {
  checkExecutor({ executor: options.executor ?? "dbos" }, ["dbos"]);
  const url = databaseUrl(options);
  const cwd = process.cwd();
  const project = findProject(cwd);
  loadDotenv(project.root);
  const sources = files.map((file) => path.resolve(cwd, file));
  for (const source of sources) if (!source.endsWith(".flow")) throw new UsageError(`not a .flow file: ${source}`);
  const built = await generate(sources, options.out === undefined ? project : { ...project, out: path.resolve(cwd, options.out) });
  const generated = built.compiled.files.filter((file) => sources.includes(file.source)).map((file) => file.path);
  useRuntimeFrom(path.dirname(generated[0]!));
  await enableTypeScriptImports();
  const modules = [];
  for (const file of generated) modules.push(await importExternal<Record<string, unknown>>(pathToFileURL(file).href));
  const runOptions = { replay: options.replay, progress: false } as RunCommandOptions;
  // A worker process may be handed a call of any worker in its modules: it needs every provider they name.
  const overrides = parseModelOverrides(options.model ?? []);
  const workers = built.compiled.program.modules.flatMap((m) => m.decls.filter((d): d is WorkerDef => d.kind === "worker"));
  const needed = providersOfWorkers(workers, overrides);
  const provider = await createModelProvider(runOptions, cwd, providerFactory(runOptions, true, needed), needed);
  const dbos = await loadDbosRuntime();
  await dbos.startDbosWorker({
    databaseUrl: url,
    modules,
    callOptions: { provider, models: overrides },
    ...(options.concurrency !== undefined ? { workerConcurrency: Number(options.concurrency) } : {}),
    ...(options.maxInFlight !== undefined ? { maxInFlight: Number(options.maxInFlight) } : {}),
  });
  writeErr(`worker ready: ${generated.length} module(s), database ${new URL(url).host}; Ctrl-C stops it`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await dbos.stopDbos();
}
