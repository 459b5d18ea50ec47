// Code workers: callables that answer by writing JavaScript run in a
// WebAssembly QuickJS sandbox (see docs/code-workers.md).
export { defineCodeWorker, cellCode } from "./code-worker.ts";
export type { CodeWorker, CodeWorkerSpec, CodeWorkerShape } from "./code-worker.ts";
export type { CodeWorkerSettings } from "./limits.ts";
export { CODE_DEFAULTS } from "./limits.ts";
export { SubCallLimitError } from "./host-functions.ts";
export { SandboxFailedError } from "./sandbox.ts";
export type { CellRecord } from "./code-loop.ts";
export { stabilizedHost } from "./stabilized.ts";
export type { StabilizedHost, StabilizedOptions, BatchItem } from "./stabilized.ts";
