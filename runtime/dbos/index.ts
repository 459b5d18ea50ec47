// @flowc/runtime/dbos: run flows as durable DBOS workflows on Postgres. Needs
// the optional peer dependency @dbos-inc/dbos-sdk (5.x), loaded only here.
export { dbosExecutor, startDbosWorker } from "./executor.ts";
export { stopEngine as stopDbos } from "./engine.ts";
export { DbosRuns } from "./runs.ts";
export type { RunSummary } from "./runs.ts";
export type { DbosExecutorConfig } from "./config.ts";
export type { ApprovalMessage } from "./approval.ts";
