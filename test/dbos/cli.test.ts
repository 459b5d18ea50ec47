// The commands: `flowc run --executor dbos` prints what an in-process run
// prints; `flowc runs` lists it, `flowc runs show` renders its call tree,
// `flowc runs cancel`/`resume` and `flowc approve` act on it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { flowc, ROOT } from "../cli/helpers.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";

let postgres: TestPostgres;
let db: string;
mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
const scratch = mkdtempSync(path.join(ROOT, ".tmp", "dbos-cli-"));
beforeAll(async () => {
  postgres = await startPostgres();
  db = postgres.urlOf("flowc_cli");
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const pitchdeck = [
  "run",
  "examples/pitchdeck/pitchdeck.flow",
  "evaluate_decks",
  "--input",
  "@examples/pitchdeck/input.json",
  "--replay",
  "examples/pitchdeck/recording.jsonl",
  "--approve",
  "save_report",
];

it("flowc run --executor dbos prints the in-process result; flowc runs lists and shows the run", async () => {
  const out = ["--out", path.join(scratch, "generated")];
  const local = await flowc([...pitchdeck, ...out]);
  expect(local.code).toBe(0);
  const durable = await flowc([...pitchdeck, ...out, "--executor", "dbos", "--database-url", db, "--run-id", "memo-1"]);
  expect(durable.stderr).toMatch(/^usage: 9 model calls/);
  expect(durable.code).toBe(0);
  expect(durable.stdout).toBe(local.stdout);
  expect(durable.stdout).toBe(readFileSync(path.join(ROOT, "test/examples/expected/pitchdeck.json"), "utf8"));

  const listed = await flowc(["runs", "--database-url", db]);
  expect(listed.code).toBe(0);
  expect(listed.stdout).toMatch(/^memo-1 {2}evaluate_decks {2}SUCCESS {2}7\/7 calls done {2}9 model calls, [\d,]+ tokens {2}\S+\n$/);
  const shown = await flowc(["runs", "show", "memo-1", "--database-url", db]);
  expect(shown.code).toBe(0);
  expect(shown.stdout).toContain("evaluate_decks (flow)");
  expect(shown.stdout).toContain("save_report (tool)");
}, 240_000);

it("names a missing database and an unknown run", async () => {
  const noDb = await flowc(["runs"]);
  expect(noDb.code).toBe(2);
  expect(noDb.stderr).toContain("the dbos executor needs a database");
  const unknown = await flowc(["runs", "show", "nope", "--database-url", db]);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain("there is no run nope in this database");
}, 120_000);
