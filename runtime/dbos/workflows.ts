// flowc's two DBOS workflows. A run is a workflow (id = the run id) that runs
// the flow body in this process with a dispatcher sending each worker and tool
// call to a queue as a call workflow with the id `RUN/PATH`: call paths are
// stable, so when a recovered run runs its body again, a call that completed
// returns its recorded result and a call in flight is awaited, not made again.
import { run } from "../run.ts";
import { memoryTraceSink, type TraceEvent } from "../trace.ts";
import type { UsageRecord, UsageReport } from "../usage.ts";
import { durableApproval } from "./approval.ts";
import { runOptionsOf, type SharedOptions } from "./config.ts";
import { remoteDispatcher } from "./dispatch.ts";
import { currentEngine } from "./engine.ts";
import { countedProvider } from "./provider.ts";

/** What a run workflow records. */
export interface RunRecord {
  readonly output: unknown;
  readonly usage: UsageReport;
  readonly durationMs: number;
  /** The run's trace (JSON lines): `flowc runs show` renders it. */
  readonly trace: readonly string[];
}

/** What a call workflow records: its output, each model response's usage, its frames' trace lines. */
export interface CallRecord {
  readonly output: unknown;
  /** `depth` is relative to the call's own frame (0). */
  readonly usage: readonly UsageRecord[];
  readonly trace: readonly TraceEvent[];
}

export async function runWorkflow(name: string, input: unknown, shared: SharedOptions): Promise<RunRecord> {
  const engine = await currentEngine();
  const runId = engine.sdk.DBOS.workflowID!;
  const callable = engine.callable(name);
  const sink = memoryTraceSink();
  const result = await run(callable, input, {
    ...engine.config.callOptions,
    ...runOptionsOf(shared),
    provider: await engine.provider(),
    trace: sink,
    resume: undefined,
    executor: remoteDispatcher(engine, runId, shared),
  });
  return { output: result.output, usage: result.usage, durationMs: result.durationMs, trace: sink.lines };
}

export async function callWorkflow(runId: string, name: string, depth: number, input: unknown, shared: SharedOptions): Promise<CallRecord> {
  const engine = await currentEngine();
  const callable = engine.callable(name);
  const sink = memoryTraceSink();
  const usage: { record: Omit<UsageRecord, "depth">; path: string }[] = [];
  const options = runOptionsOf(shared);
  const result = await run(callable, input, {
    ...engine.config.callOptions,
    ...options,
    // The call's frame is at `depth` in the run: what is left of the run's limit is this call's.
    ...(options.maxDepth !== undefined ? { maxDepth: Math.max(0, options.maxDepth - depth) } : {}),
    provider: countedProvider(engine, await engine.provider(), runId, shared.maxCalls, usage),
    approval: durableApproval(engine, shared.approve),
    trace: sink,
    resume: undefined,
    budgets: undefined,
    executor: undefined,
  });
  const events = sink.events();
  const depths = new Map<string, number>();
  for (const event of events) if (event.type === "start") depths.set(event.path, event.depth);
  return {
    output: result.output,
    usage: usage.map(({ record, path }) => ({ ...record, depth: depths.get(path) ?? 0 })),
    trace: events,
  };
}
