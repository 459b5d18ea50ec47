// Status and control of runs on DBOS, through a DBOS client (no engine, no
// modules: `flowc runs` and `flowc approve` work from any process).
import { ConfigError } from "../errors.ts";
import { renderTrace } from "../trace-render.ts";
import type { TraceEvent } from "../trace.ts";
import type { UsageTotals } from "../usage.ts";
import { APPROVAL_TOPIC, WAITING_EVENT, type ApprovalMessage } from "./approval.ts";
import { randomUUID } from "node:crypto";
import type { SharedOptions } from "./config.ts";
import { APP_VERSION, RUN_WORKFLOW, RUNS_QUEUE } from "./engine.ts";
import { loadDbos, type DbosClient, type WorkflowStatus } from "./sdk.ts";
import type { CallRecord, RunRecord } from "./workflows.ts";

export interface RunSummary {
  readonly id: string;
  readonly flow: string;
  /** DBOS's status: ENQUEUED, PENDING, SUCCESS, ERROR, CANCELLED, … */
  readonly state: string;
  readonly createdAt: string;
  /** Calls recorded so far, and how many of them ended. */
  readonly calls: number;
  readonly callsDone: number;
  /** Usage of the ended calls (the whole run's once it succeeded). */
  readonly usage: Pick<UsageTotals, "calls" | "totalTokens">;
  readonly error?: string;
}

type Client = DbosClient;
type Status = WorkflowStatus;

export class DbosRuns {
  private constructor(private readonly client: Client) {}

  static async open(databaseUrl: string, appName = "flowc"): Promise<DbosRuns> {
    const { DBOSClient } = await loadDbos();
    return new DbosRuns(await DBOSClient.create({ systemDatabaseUrl: databaseUrl, applicationName: appName }));
  }

  async close(): Promise<void> {
    await this.client.destroy();
  }

  /**
   * Starts a run of the flow named `flow` for the processes of the app to run
   * (none of it runs here); returns its id. `options` as the run's RunOptions
   * would give them (sharedOptions).
   */
  async start(flow: string, input: unknown, options: SharedOptions, runId: string = randomUUID()): Promise<string> {
    const handle = await this.client.enqueue({ workflowName: RUN_WORKFLOW, queueName: RUNS_QUEUE, workflowID: runId, appVersion: APP_VERSION }, flow, input, options);
    return handle.workflowID;
  }

  /** Waits for the run to end: its record, or its error. */
  async result(id: string): Promise<RunRecord> {
    return (await this.client.retrieveWorkflow(id).getResult({ pollingIntervalMs: 100 })) as RunRecord;
  }

  async list(limit = 50): Promise<RunSummary[]> {
    const runs = await this.client.listWorkflows({ workflowName: RUN_WORKFLOW, sortDesc: true, limit });
    return Promise.all(runs.map((status) => this.summary(status)));
  }

  async get(id: string): Promise<RunSummary> {
    return this.summary(await this.runStatus(id));
  }

  /** The call tree, rendered like `flowc trace`: the run's trace once it succeeded, else its calls so far. */
  async show(id: string): Promise<string> {
    const status = await this.runStatus(id);
    if (status.status === "SUCCESS") return renderTrace((status.output as RunRecord).trace);
    const events: TraceEvent[] = [];
    for (const call of await this.callsOf(id)) {
      const record = call.status === "SUCCESS" ? (call.output as CallRecord) : undefined;
      const path = call.workflowID.slice(id.length + 1);
      const base = { path, parent: null, callable: path.split("/").at(-1)!.replace(/#\d+$/, ""), kind: "worker" as const, depth: 1, inputHash: "" };
      const start = record?.trace.find((event) => event.type === "start" && event.depth === 0);
      events.push({ type: "start", t: 0, ...(start?.type === "start" ? { ...start, path, parent: null } : base) } as TraceEvent);
      if (record) {
        const end = record.trace.find((event) => event.type === "end" && event.depth === 0);
        if (end?.type === "end") events.push({ ...end, path, parent: null });
      } else if (call.status === "ERROR") {
        events.push({ type: "error", t: 0, durationMs: 0, error: String(call.error ?? ""), errorName: "Error", usage: { calls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, usd: null }, ...base } as TraceEvent);
      }
    }
    return `run ${id}: ${status.status}\n${renderTrace(events)}`;
  }

  async cancel(id: string): Promise<void> {
    await this.runStatus(id);
    await this.client.cancelWorkflow(id);
    const open = (await this.callsOf(id)).filter((call) => call.status === "PENDING" || call.status === "ENQUEUED");
    for (const call of open) await this.client.cancelWorkflow(call.workflowID);
  }

  /** Runs a failed or cancelled run again: its calls that succeeded are kept, the failed ones made again. */
  async resume(id: string): Promise<void> {
    const run = await this.runStatus(id);
    const failed = (await this.callsOf(id)).filter((call) => call.status !== "SUCCESS" && call.status !== "PENDING" && call.status !== "ENQUEUED");
    if (failed.length > 0) await this.client.deleteWorkflows(failed.map((call) => call.workflowID));
    // DBOS resumes a cancelled workflow; a failed one is rewound (its recorded steps dropped: a run records none).
    if (run.status === "ERROR") await this.client.rewindWorkflow(id, { startStep: 0, queueName: RUNS_QUEUE });
    else await this.client.resumeWorkflow(id);
  }

  /** Releases the run's calls of `tool` that wait for a person; returns how many it answered. */
  async approve(id: string, tool: string, message: ApprovalMessage = { approve: true }): Promise<number> {
    await this.runStatus(id);
    let answered = 0;
    for (const call of await this.callsOf(id)) {
      if (call.status !== "PENDING") continue;
      const waiting = (await this.client.getEvent(call.workflowID, WAITING_EVENT, 0)) as { tool?: string } | null;
      if (waiting?.tool !== tool) continue;
      await this.client.send(call.workflowID, message, APPROVAL_TOPIC);
      answered++;
    }
    return answered;
  }

  private async runStatus(id: string): Promise<Status> {
    const [status] = await this.client.listWorkflows({ workflowIDs: [id] });
    if (!status || status.workflowName !== RUN_WORKFLOW) throw new ConfigError(`there is no run ${id} in this database`);
    return status;
  }

  /** The run's call workflows (id `RUN/PATH`) as DBOS has them: status, executor, output. */
  callsOf(id: string, options: { readonly status?: string; readonly loadOutput?: boolean } = {}): Promise<Status[]> {
    const status = options.status === undefined ? {} : { status: options.status as never };
    return this.client.listWorkflows({ workflow_id_prefix: `${id}/`, ...status, loadInput: false, loadOutput: options.loadOutput ?? true });
  }

  private async summary(status: Status): Promise<RunSummary> {
    const calls = await this.callsOf(status.workflowID);
    const done = calls.filter((call) => call.status === "SUCCESS");
    const record = status.status === "SUCCESS" ? (status.output as RunRecord) : undefined;
    let usage = record ? { calls: record.usage.total.calls, totalTokens: record.usage.total.totalTokens } : { calls: 0, totalTokens: 0 };
    if (!record) {
      for (const call of done) {
        for (const used of (call.output as CallRecord).usage) {
          usage = { calls: usage.calls + 1, totalTokens: usage.totalTokens + used.promptTokens + used.completionTokens };
        }
      }
    }
    return {
      id: status.workflowID,
      flow: String((status.input as unknown[] | undefined)?.[0] ?? "?"),
      state: status.status,
      createdAt: new Date(status.createdAt).toISOString(),
      calls: calls.length,
      callsDone: done.length,
      usage,
      ...(status.error ? { error: String((status.error as Error)?.message ?? status.error) } : {}),
    };
  }
}
