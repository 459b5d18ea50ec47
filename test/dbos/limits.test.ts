// Limits that hold across three worker processes: calls in flight (a DBOS
// queue's global concurrency) and a run's maxCalls (counted in Postgres before
// each request is sent).
import { expect, it } from "vitest";
import { usePostgres } from "../support/postgres.ts";
import { scenario } from "./support/scenario.ts";

const postgres = usePostgres();

it("16 calls in flight at most across three processes of 8 each, under a map of 64", async () => {
  await scenario(
    postgres(),
    "in_flight",
    async ({ runs, model }) => {
      const items = Array.from({ length: 120 }, (_, i) => i);
      const record = await runs.result(await runs.start("label_all", { items, concurrency: 64 }, { approve: [] }));
      expect(record.output).toEqual(items.map((i) => `label-${i}`));
      expect(model.server.inFlightMax).toBeLessThanOrEqual(16);
      expect(model.server.requests.length).toBe(120);
    },
    // Answers that take a while, so calls pile up at the server if nothing stops them.
    { env: { MAX_IN_FLIGHT: "16", WORKER_CONCURRENCY: "8" }, latencyMs: 200 },
  );
}, 240_000);

it("a model's own limit (3 at once) holds across three processes", async () => {
  await scenario(
    postgres(),
    "model_limit",
    async ({ runs, model }) => {
      const items = Array.from({ length: 30 }, (_, i) => i);
      const record = await runs.result(await runs.start("label_all", { items, concurrency: 16 }, { approve: [] }));
      expect(record.output).toEqual(items.map((i) => `label-${i}`));
      expect(model.server.inFlightMax).toBeLessThanOrEqual(3);
    },
    // `label` has no model of its own: the default, gpt-4.1-mini.
    { env: { MODEL_LIMITS: JSON.stringify({ "gpt-4.1-mini": { concurrency: 3 } }) }, latencyMs: 200 },
  );
}, 240_000);

it("a budget of 25 calls is never exceeded across processes", async () => {
  await scenario(postgres(), "budget", async ({ runs, model }) => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const runId = await runs.start("label_all", { items, concurrency: 32 }, { approve: [], maxCalls: 25 });
    await expect(runs.result(runId)).rejects.toThrow(/maxCalls/);
    expect(model.server.requests.length).toBe(25);
    expect((await runs.get(runId)).state).toBe("ERROR");
  });
}, 240_000);
