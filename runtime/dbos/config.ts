// What the dbos executor is configured with, and the part of a run's options
// that travels with the run to every process (plain JSON, in Postgres).
import { ConfigError } from "../errors.ts";
import type { ModelLimits } from "../limits.ts";
import type { RunOptions } from "../options.ts";
import type { AnyCallable } from "../types.ts";

export interface DbosExecutorConfig {
  /** The Postgres database DBOS keeps its tables in (created on first launch if the role may). */
  readonly databaseUrl: string;
  /**
   * The generated modules (their exports, `await import("./generated/app.ts")`) whose
   * callables this process may run. Every process of the app loads the same ones:
   * a call is found by its callable's name.
   */
  readonly modules: readonly Readonly<Record<string, unknown>>[];
  /** Options for the calls this process runs: provider, retries, timeoutMs, prices, … (local to the process). */
  readonly callOptions?: RunOptions;
  /** DBOS application name; processes of one app share it. Default "flowc". */
  readonly appName?: string;
  /** Calls in flight at once across every process (a DBOS queue's global concurrency); default 32. */
  readonly maxInFlight?: number;
  /** Calls this process runs at once; default 16. */
  readonly workerConcurrency?: number;
  /** Per-model limits (concurrency, requestsPerMinute) across every process, keyed by alias or model id. */
  readonly limits?: ModelLimits;
  /** `needs approval` tools approved up front for runs started here; any other waits for `flowc approve`. */
  readonly approve?: readonly string[];
  /** The id of the next run started here (default a random UUID): starting it again waits for the same run. */
  readonly runId?: string;
  /** How often this process says it is alive (default 1 s) and after how long without it another takes over its work (default 10 s). */
  readonly heartbeatMs?: number;
  readonly deadAfterMs?: number;
  /** How often an idle queue is polled (default 50 ms). */
  readonly pollingMs?: number;
}

/** The run's options every process applies to its calls (RunOptions minus what is local: provider, trace, clock, …). */
export interface SharedOptions {
  readonly concurrency?: number;
  readonly maxDepth?: number;
  readonly maxTurns?: number;
  readonly repairTurns?: number;
  readonly retries?: number;
  readonly timeoutMs?: number;
  readonly models?: Readonly<Record<string, string>>;
  readonly defaultModel?: string;
  /** Held across processes in Postgres (each request is reserved there before it is sent). */
  readonly maxCalls?: number;
  readonly approve: readonly string[];
}

export function sharedOptions(options: RunOptions, approve: readonly string[]): SharedOptions {
  const { budgets } = options;
  if (budgets?.maxUsd !== undefined || budgets?.maxTokens !== undefined) {
    throw new ConfigError("the dbos executor holds maxCalls across processes; maxUsd and maxTokens are not supported on it yet");
  }
  const picked: Record<string, unknown> = {
    concurrency: options.concurrency,
    maxDepth: options.maxDepth,
    maxTurns: options.maxTurns,
    repairTurns: options.repairTurns,
    retries: options.retries,
    timeoutMs: options.timeoutMs,
    models: options.models,
    defaultModel: options.defaultModel,
    maxCalls: budgets?.maxCalls,
  };
  for (const key of Object.keys(picked)) if (picked[key] === undefined) delete picked[key];
  return { ...picked, approve: [...approve] } as SharedOptions;
}

/** The shared options as RunOptions again (budgets excluded: the process's provider holds maxCalls). */
export function runOptionsOf(shared: SharedOptions): RunOptions {
  const { maxCalls: _maxCalls, approve: _approve, ...rest } = shared;
  return rest;
}

/** Every callable exported by the modules, by name; two different ones with one name are an error. */
export function callablesOf(modules: DbosExecutorConfig["modules"]): Map<string, AnyCallable> {
  const byName = new Map<string, AnyCallable>();
  for (const module of modules) {
    for (const value of Object.values(module)) {
      if (!isCallable(value)) continue;
      const known = byName.get(value.name);
      if (known && known !== value) throw new ConfigError(`two callables are named ${value.name}; the dbos executor finds calls by name`);
      byName.set(value.name, value);
    }
  }
  return byName;
}

function isCallable(value: unknown): value is AnyCallable {
  if (typeof value !== "object" || value === null) return false;
  const { kind, name } = value as { kind?: unknown; name?: unknown };
  return typeof name === "string" && (kind === "worker" || kind === "tool" || kind === "flow");
}
