// One database, model server and three worker processes per scenario, so
// counts start at zero; everything is stopped at the end.
import { DbosRuns } from "@flowc/runtime/dbos";
import type { TestPostgres } from "../../support/postgres.ts";
import { startModelServer, startWorkers, type ModelServer, type Worker } from "./processes.ts";

export interface Scenario {
  readonly runs: DbosRuns;
  readonly model: ModelServer;
  /** Add workers started later here, so they are stopped too. */
  readonly workers: Worker[];
  readonly env: Record<string, string>;
}

export async function scenario(
  postgres: TestPostgres,
  database: string,
  body: (s: Scenario) => Promise<void>,
  options: { readonly env?: Record<string, string>; readonly latencyMs?: number } = {},
): Promise<void> {
  const model = await startModelServer(options.latencyMs);
  const env = { DATABASE_URL: postgres.urlOf(database), MODEL_URL: model.server.url, ...options.env };
  const workers = await startWorkers(3, env);
  const runs = await DbosRuns.open(env.DATABASE_URL);
  try {
    await body({ runs, model, workers, env });
  } finally {
    await runs.close();
    await Promise.all(workers.map((worker) => worker.kill()));
    await model.close();
  }
}
