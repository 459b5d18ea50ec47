// The same example plans give identical output in process and on DBOS (a real
// PostgreSQL started from the machine's binaries, loopback only), answered
// from their recordings; and a DBOS run is listed and shown afterwards.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "@flowc/runtime";
import { createReplayProvider } from "@flowc/runtime/models";
import { DbosRuns, dbosExecutor, stopDbos, type DbosExecutorConfig } from "@flowc/runtime/dbos";
import * as pitchdeck from "../../generated/examples/pitchdeck/pitchdeck.ts";
import * as decompose from "../../generated/examples/decompose/decompose.ts";
import * as longContext from "../../generated/examples/long-context/long-context.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const input = (name: string) => JSON.parse(read(`examples/${name}/input.json`));
const recordings = ["pitchdeck", "decompose", "long-context"].map((name) => read(`examples/${name}/recording.jsonl`));
const provider = () => createReplayProvider({ text: recordings.join("\n") });

const cases = [
  { name: "pitchdeck", flow: pitchdeck.evaluate_decks, approve: ["save_report"] },
  { name: "decompose", flow: decompose.plan, approve: [] },
  { name: "long-context", flow: longContext.analyze, approve: [] },
] as const;

let postgres: TestPostgres;
let config: DbosExecutorConfig;
beforeAll(async () => {
  postgres = await startPostgres();
  config = { databaseUrl: postgres.urlOf("flowc_examples"), modules: [pitchdeck, decompose, longContext], callOptions: { provider: provider() } };
}, 60_000);
afterAll(async () => {
  await stopDbos();
  await postgres?.stop();
});

describe.each(cases)("example $name", ({ name, flow, approve }) => {
  it("gives the same output and usage in process and on DBOS", async () => {
    const { allowList } = await import("@flowc/runtime");
    const local = await run(flow as never, input(name), { provider: provider(), approval: allowList({ approve: [...approve] }) });
    const durable = await run(flow as never, input(name), { executor: dbosExecutor({ ...config, approve, runId: `example-${name}` }) });
    expect(durable.output).toEqual(local.output);
    // The same usage; USD sums may differ in the last bits (calls end in another order).
    expect(roundUsd(durable.usage)).toEqual(roundUsd(local.usage));
  }, 120_000);
});

it("lists the runs and shows a run's call tree", async () => {
  const runs = await DbosRuns.open(config.databaseUrl);
  try {
    const listed = await runs.list();
    expect(listed.map((r) => [r.id, r.state]).sort()).toEqual(cases.map((c) => [`example-${c.name}`, "SUCCESS"]).sort());
    const shown = await runs.show("example-pitchdeck");
    expect(shown).toContain("evaluate_decks (flow)");
    expect(shown).toContain("map[3]/evaluate_deck (worker");
  } finally {
    await runs.close();
  }
}, 60_000);

function roundUsd(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v) => (key === "usd" && typeof v === "number" ? Math.round(v * 1e9) / 1e9 : v));
}
