// kill -9 in the middle of a wide map run by three worker processes: the run
// completes with the output of an uninterrupted run, and no call that had
// completed (recorded in Postgres) is requested again at the model server.
// The answers are held while a process is killed, so what had completed is
// exactly what Postgres holds at that moment. Each kill point is random. The
// issue's figures are FLOWC_DBOS_ITEMS=2000 FLOWC_KILL_POINTS=10; the suite
// runs 200 items at 2 points to stay within CI's time (docs/distributed.md).
import { expect, it } from "vitest";
import { DbosRuns } from "@flowc/runtime/dbos";
import { usePostgres } from "../support/postgres.ts";
import { startWorkers, type ModelServer } from "./support/processes.ts";
import { scenario } from "./support/scenario.ts";
import { untilTrue } from "./support/until.ts";

const ITEMS = Number(process.env.FLOWC_DBOS_ITEMS ?? 200);
const KILL_POINTS = Number(process.env.FLOWC_KILL_POINTS ?? 2);
const items = Array.from({ length: ITEMS }, (_, i) => i);
const expected = items.map((i) => `label-${i}`);

const postgres = usePostgres();

/** Holds the answers at `point`, waits until every answered call is recorded, and returns those calls' ids. */
async function freezeAt(runs: DbosRuns, model: ModelServer, runId: string, point: number): Promise<Set<string>> {
  await untilTrue(() => model.answered() >= point);
  model.hold();
  await untilTrue(async () => (await runs.callsOf(runId, { status: "SUCCESS", loadOutput: false })).length === model.answered());
  return new Set((await runs.callsOf(runId, { status: "SUCCESS", loadOutput: false })).map((call) => call.workflowID));
}

function itemOf(callId: string): number {
  return Number(/map\[(\d+)\]/.exec(callId)![1]);
}

for (let k = 0; k < KILL_POINTS; k++) {
  const point = Math.floor(ITEMS * 0.05) + Math.floor(Math.random() * ITEMS * 0.9);
  it(`one of three workers killed after ${point} answers: same output, no completed call made again`, async () => {
    await scenario(postgres(), `kill_one_${k}`, async ({ runs, model, workers }) => {
      const runId = await runs.start("label_all", { items, concurrency: 64 }, { approve: [] });
      const completed = await freezeAt(runs, model, runId, point);
      await workers[k % 3]!.kill();
      model.open();
      const record = await runs.result(runId);
      expect(record.output).toEqual(expected);
      for (const id of completed) expect(model.requests.get(itemOf(id))).toBe(1);
      expect([...model.requests.keys()].sort((a, b) => a - b)).toEqual(items);
    });
  }, 240_000);
}

it("every process killed, three new ones started: the run finishes by itself", async () => {
  await scenario(postgres(), "kill_all", async ({ runs, model, workers, env }) => {
    const runId = await runs.start("label_all", { items, concurrency: 64 }, { approve: [] });
    const completed = await freezeAt(runs, model, runId, Math.floor(ITEMS / 3));
    await Promise.all(workers.map((worker) => worker.kill()));
    model.open();
    workers.push(...(await startWorkers(3, env)));
    const record = await runs.result(runId);
    expect(record.output).toEqual(expected);
    for (const id of completed) expect(model.requests.get(itemOf(id))).toBe(1);
  });
}, 240_000);
