// A tool that needs a person waits in Postgres: the wait survives killing every
// process, and `approve` (what `flowc approve RUN TOOL` calls) releases it.
import { expect, it } from "vitest";
import { usePostgres } from "../support/postgres.ts";
import { startWorkers } from "./support/processes.ts";
import { scenario } from "./support/scenario.ts";
import { untilTrue } from "./support/until.ts";

const postgres = usePostgres();

it("a durable approval wait survives a restart of every process", async () => {
  await scenario(postgres(), "approval", async ({ runs, workers, env }) => {
    const runId = await runs.start("label_and_publish", { items: [1, 2, 3] }, { approve: [] });
    await untilTrue(async () => (await runs.callsOf(runId)).some((call) => call.workflowID.endsWith("/publish") && call.status === "PENDING"));
    await Promise.all(workers.splice(0).map((worker) => worker.kill()));
    workers.push(...(await startWorkers(3, env)));
    // Answered once the wait is published (its event); the recovered call receives it.
    await untilTrue(async () => (await runs.approve(runId, "publish")) === 1);
    const record = await runs.result(runId);
    expect(record.output).toBe("published 3");
  });
}, 240_000);

it("a denied approval fails the run with the reason", async () => {
  await scenario(postgres(), "denial", async ({ runs }) => {
    const runId = await runs.start("label_and_publish", { items: [1] }, { approve: [] });
    await untilTrue(async () => (await runs.approve(runId, "publish", { approve: false, reason: "not today" })) === 1);
    await expect(runs.result(runId)).rejects.toThrow(/not today/);
  });
}, 240_000);
