// One DBOS engine per process (DBOS itself is a process-wide singleton): it
// registers flowc's two workflows (a run, a call), launches DBOS on the
// database, registers the queues the calls go through, and keeps this process
// in flowc_executors, taking over the pending work of processes that died.
import { randomUUID } from "node:crypto";
import { ConfigError } from "../errors.ts";
import type { ModelProvider } from "../models/provider.ts";
import type { AnyCallable, Worker } from "../types.ts";
import type { RunState } from "../run-state.ts";
import { callablesOf, type DbosExecutorConfig } from "./config.ts";
import { loadDbos, loadDbosInternals, loadDbosMigrations, loadPg, type DbosClient, type DbosSdk, type PgPool } from "./sdk.ts";
import { claimDead, createDatabase, createTables, heartbeat, leave } from "./tables.ts";
import { ResultWaiter } from "./waiter.ts";
import { callWorkflow, runWorkflow } from "./workflows.ts";

/** The application version every flowc process runs: queued work is dequeued only by processes of the same version. */
export const APP_VERSION = "flowc-1";
export const RUN_WORKFLOW = "flowc.run";
export const CALL_WORKFLOW = "flowc.call";
export const RUNS_QUEUE = "flowc-runs";
export const CALLS_QUEUE = "flowc-calls";
/** Tools waiting for a person: no limit, so a wait holds no slot the calls need. */
export const APPROVALS_QUEUE = "flowc-approvals";

export class Engine {
  readonly callables: Map<string, AnyCallable>;
  private providerValue: Promise<ModelProvider> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The run workflows here wait for their calls through it. */
  readonly results: ResultWaiter;

  constructor(
    /** This process in DBOS (its executor id) and in flowc_executors. */
    readonly executorId: string,
    readonly config: DbosExecutorConfig,
    readonly sdk: DbosSdk,
    readonly pool: PgPool,
    readonly client: DbosClient,
  ) {
    this.callables = callablesOf(config.modules);
    this.results = new ResultWaiter(client);
  }

  get appName(): string {
    return this.config.appName ?? "flowc";
  }

  callable(name: string): AnyCallable {
    const callable = this.callables.get(name);
    if (!callable) throw new ConfigError(`this process does not know the callable ${name}: load the module that defines it (DbosExecutorConfig.modules, flowc worker FILE)`);
    return callable;
  }

  /** The provider calls run with here: callOptions.provider, else one openai provider for the process. */
  provider(): Promise<ModelProvider> {
    const given = this.config.callOptions?.provider;
    if (given) return Promise.resolve(given);
    return (this.providerValue ??= import("../models/openai.ts").then(({ createOpenAIProvider }) => createOpenAIProvider()));
  }

  /** The queue a call waits on: approvals apart, a model with limits its own, else the shared one. */
  queueOf(callable: AnyCallable, run: RunState): string {
    if (callable.kind === "tool" && callable.needsApproval) return APPROVALS_QUEUE;
    if (callable.kind !== "worker") return CALLS_QUEUE;
    const model = run.resolveModel(callable as Worker<unknown, unknown>);
    const limits = this.config.limits ?? {};
    if (limits[model.alias]) return modelQueue(model.alias);
    if (limits[model.id]) return modelQueue(model.id);
    return CALLS_QUEUE;
  }

  async registerQueues(): Promise<void> {
    const { DBOS } = this.sdk;
    const polling = { minPollingIntervalMs: this.config.pollingMs ?? 50, onConflict: "always_update" as const };
    const worker = this.config.workerConcurrency ?? 16;
    const global = this.config.maxInFlight ?? 32;
    await DBOS.registerQueue(RUNS_QUEUE, { ...polling });
    await DBOS.registerQueue(APPROVALS_QUEUE, { ...polling });
    await DBOS.registerQueue(CALLS_QUEUE, { ...polling, globalConcurrency: global, workerConcurrency: Math.min(worker, global) });
    for (const [model, limit] of Object.entries(this.config.limits ?? {})) {
      const modelGlobal = Math.min(limit.concurrency ?? global, global);
      // DBOS refuses a process share above the queue's global limit.
      await DBOS.registerQueue(modelQueue(model), {
        ...polling,
        globalConcurrency: modelGlobal,
        workerConcurrency: Math.min(worker, modelGlobal),
        ...(limit.rpm !== undefined ? { rateLimit: { limitPerPeriod: limit.rpm, periodSec: 60 } } : {}),
      });
    }
  }

  /** Says this process is alive, and re-enqueues the pending work of processes that stopped saying so. */
  startLiveness(): void {
    const every = this.config.heartbeatMs ?? 1000;
    const deadAfter = this.config.deadAfterMs ?? 10_000;
    const tick = async () => {
      if (this.stopped) return;
      try {
        await heartbeat(this.pool, this.executorId, this.appName);
        for (const dead of await claimDead(this.pool, this.executorId, this.appName, deadAfter)) {
          // DBOS's own recovery, for another executor id: its pending workflows go back on their queues.
          await (await loadDbosInternals()).getExecutor().recoverPendingWorkflows([dead]);
        }
      } catch {
        // The database may be restarting: the next tick tries again.
      }
      if (!this.stopped) this.timer = setTimeout(tick, every).unref();
    };
    void tick();
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await leave(this.pool, this.executorId).catch(() => undefined);
    await this.sdk.DBOS.shutdown();
    await this.client.destroy();
    await this.pool.end();
    engine = undefined;
  }
}

export function modelQueue(model: string): string {
  return `flowc-model-${model.replace(/[^A-Za-z0-9_.-]/g, "_")}`;
}

let engine: Promise<Engine> | undefined;
let engineUrl: string | undefined;

/** The process's engine, launched on first use; one database per process. */
export function startEngine(config: DbosExecutorConfig): Promise<Engine> {
  if (engine && engineUrl !== config.databaseUrl) {
    return Promise.reject(new ConfigError("this process already runs DBOS on another database; one per process"));
  }
  engineUrl = config.databaseUrl;
  engine ??= launch(config).catch((error: unknown) => {
    engine = undefined;
    throw error;
  });
  return engine;
}

/** The running engine (inside a workflow). */
export async function currentEngine(): Promise<Engine> {
  if (!engine) throw new ConfigError("no DBOS engine in this process");
  return engine;
}

async function launch(config: DbosExecutorConfig): Promise<Engine> {
  const sdk = await loadDbos();
  const { DBOS, DBOSClient } = sdk;
  const { Pool } = await loadPg();
  const pool = new Pool({ connectionString: config.databaseUrl, max: 4 });
  pool.on("error", () => undefined); // a dropped idle connection is replaced on the next query
  const executorId = `flowc-${randomUUID()}`;
  // One connection, so the advisory lock and unlock are the same session's.
  const setup = new Pool({ connectionString: config.databaseUrl, max: 1 });
  try {
    await migrate(sdk, setup, config.databaseUrl);
  } finally {
    await setup.end();
  }
  DBOS.setConfig({
    name: config.appName ?? "flowc",
    systemDatabaseUrl: config.databaseUrl,
    applicationVersion: APP_VERSION,
    executorID: executorId,
    logLevel: process.env.FLOWC_DBOS_LOG ?? "error",
    // Done above, under the lock.
    runMigrations: false,
  });
  DBOS.registerWorkflow(runWorkflow, { name: RUN_WORKFLOW });
  DBOS.registerWorkflow(callWorkflow, { name: CALL_WORKFLOW });
  await DBOS.launch();
  const client = await DBOSClient.create({ systemDatabaseUrl: config.databaseUrl, applicationName: config.appName ?? "flowc" });
  const made = new Engine(executorId, config, sdk, pool, client);
  await made.registerQueues();
  made.startLiveness();
  return made;
}

/**
 * Creates the database if needed, then DBOS's tables and flowc's, one process
 * at a time (an advisory lock): DBOS's migrations are not safe to run at once,
 * and processes of an app often start together.
 */
async function migrate(sdk: DbosSdk, pool: PgPool, databaseUrl: string): Promise<void> {
  await createDatabase(databaseUrl);
  // Not pg_advisory_lock: a session waiting in it is an open transaction, which
  // a migration's CREATE INDEX CONCURRENTLY waits for (a deadlock).
  while (!(await pool.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [MIGRATION_LOCK])).rows[0]!.locked) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  try {
    // DBOS.migrate, with a logger that does not print "Running DBOS system database migrations..." on stdout.
    const { migrateSystemDatabase } = await loadDbosMigrations();
    await migrateSystemDatabase(databaseUrl, QUIET_LOGGER as never);
    await createTables(pool);
  } finally {
    await pool.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
  }
}

const MIGRATION_LOCK = 0x666c6f77; // "flow"

/** What DBOS's migration runner logs to; errors still throw. */
const QUIET_LOGGER = { info() {}, debug() {}, warn() {}, error() {} };

/** Stops this process's engine, if one runs (tests, `flowc worker` on SIGTERM). */
export async function stopEngine(): Promise<void> {
  const running = engine;
  if (running) await (await running).shutdown();
}
