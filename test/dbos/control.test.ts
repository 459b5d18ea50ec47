// Resume a failed run after fixing the cause, and cancel a run then resume it:
// calls that had succeeded are not made again (counted at the model server).
import { afterAll, beforeAll, expect, it } from "vitest";
import { run } from "@flowc/runtime";
import { DbosRuns, dbosExecutor, stopDbos, type DbosExecutorConfig } from "@flowc/runtime/dbos";
import { createOpenAIProvider } from "@flowc/runtime/models";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";
import { startModelServer, type ModelServer } from "./support/processes.ts";
import { untilTrue } from "./support/until.ts";
import * as wideMap from "./support/wide-map.ts";

let postgres: TestPostgres;
let model: ModelServer;
let runs: DbosRuns;
let config: DbosExecutorConfig;
beforeAll(async () => {
  postgres = await startPostgres();
  model = await startModelServer();
  const provider = createOpenAIProvider({ baseURL: model.server.url, apiKey: "test-key" });
  config = { databaseUrl: postgres.urlOf("control"), modules: [wideMap], callOptions: { provider, retries: 0 } };
  runs = await DbosRuns.open(config.databaseUrl);
}, 60_000);
afterAll(async () => {
  await runs?.close();
  await stopDbos();
  await model?.close();
  await postgres?.stop();
});

it("a failed run, resumed after the cause is fixed, finishes without repeating its calls", async () => {
  const items = Array.from({ length: 10 }, (_, i) => i);
  wideMap.control.broken = true;
  await expect(run(wideMap.label_and_check, { items }, { executor: dbosExecutor({ ...config, runId: "broken" }) })).rejects.toThrow("the checker is broken");
  expect((await runs.get("broken")).state).toBe("ERROR");
  wideMap.control.broken = false;
  await runs.resume("broken");
  expect((await runs.result("broken")).output).toBe(10);
  expect(items.map((i) => model.requests.get(i))).toEqual(items.map(() => 1));
}, 120_000);

it("a cancelled run stops; resumed, it finishes", async () => {
  const items = Array.from({ length: 8 }, (_, i) => 100 + i);
  model.hold();
  const runId = await runs.start("label_all", { items, concurrency: 2 }, { approve: [] });
  await untilTrue(async () => (await runs.callsOf(runId)).length > 0);
  await runs.cancel(runId);
  expect((await runs.get(runId)).state).toBe("CANCELLED");
  model.open();
  await runs.resume(runId);
  expect((await runs.result(runId)).output).toEqual(items.map((i) => `label-${i}`));
}, 120_000);
