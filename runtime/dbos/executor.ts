// `dbosExecutor(config)`: RunOptions.executor that runs a run as a durable
// DBOS workflow on Postgres. The process that starts a run is one of the
// processes that share its calls; the run survives it (another process
// recovers the run once this one stops saying it is alive).
import { randomUUID } from "node:crypto";
import { validateInput } from "../callable.ts";
import type { Executor } from "../executors/executor.ts";
import { fileTraceSink } from "../trace.ts";
import type { RunOptions, RunResult } from "../options.ts";
import type { Callable } from "../types.ts";
import { sharedOptions, type DbosExecutorConfig } from "./config.ts";
import { APP_VERSION, RUN_WORKFLOW, RUNS_QUEUE, startEngine, type Engine } from "./engine.ts";
import type { RunRecord } from "./workflows.ts";

/** How often the starting process looks whether the run has ended. */
const RUN_POLL_MS = 100;

export function dbosExecutor(config: DbosExecutorConfig): Executor {
  return {
    name: "dbos",
    run: (callable, input, options) => runOnDbos(config, callable, input, options),
  };
}

/** Launches DBOS in this process so it takes its share of queued calls and runs (a worker process). */
export function startDbosWorker(config: DbosExecutorConfig): Promise<Engine> {
  return startEngine(config);
}

async function runOnDbos<In, Out>(config: DbosExecutorConfig, callable: Callable<In, Out>, input: In, options: RunOptions): Promise<RunResult<Out>> {
  // Bad input fails here, before anything is stored.
  const value = validateInput(callable, input, callable.name);
  const shared = sharedOptions(options, config.approve ?? []);
  const engine = await startEngine(config);
  if (!engine.callables.has(callable.name)) engine.callables.set(callable.name, callable);
  const runId = config.runId ?? randomUUID();
  // A run id that exists is that run: starting it again waits for it.
  const handle = await engine.client.enqueue(
    { workflowName: RUN_WORKFLOW, queueName: RUNS_QUEUE, workflowID: runId, appVersion: APP_VERSION },
    callable.name,
    value,
    shared,
  );
  const record = (await handle.getResult({ pollingIntervalMs: RUN_POLL_MS })) as RunRecord;
  if (typeof options.trace === "string") {
    const sink = fileTraceSink(options.trace);
    for (const line of record.trace) sink.write(line);
    await sink.close?.();
  } else if (options.trace) {
    for (const line of record.trace) options.trace.write(line);
  }
  return { output: record.output as Out, usage: record.usage, durationMs: record.durationMs };
}
