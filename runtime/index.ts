// @flowc/runtime: everything generated code and users import.
export { z } from "zod";
export type * from "./types.ts";
export { defineModel, defineWorker, defineTool, defineFlow } from "./callable.ts";
export { run, runFlow } from "./run.ts";
export type { RunOptions, RunResult, RunEvent, RetryEvent, RepairEvent } from "./options.ts";
export { inProcessExecutor } from "./executors/executor.ts";
export type { Executor } from "./executors/executor.ts";
export { split, flatten, len, join, concat, sum, min, max, sort, count, EmptyListError } from "./builtins.ts";
export type { SplitOptions, ListKey, KeyOptions, PickOptions, SortOptions } from "./builtins.ts";
export { deepEqual, stableStringify, hashJson } from "./json.ts";
export type { UsageReport, UsageTotals } from "./usage.ts";
export { DEFAULT_PRICES } from "./prices.ts";
export type { ModelPrice, PriceTable } from "./prices.ts";
export type { Budgets } from "./budgets.ts";
export type { ModelLimit, ModelLimits } from "./limits.ts";
export type { Clock } from "./clock.ts";
export {
  FlowcError,
  InputError,
  OutputError,
  OutputValidationError,
  MaxTurnsError,
  DepthLimitError,
  ModelRequestError,
  RetryWaitTooLongError,
  RetryTimeExceededError,
  UnexpectedToolCallError,
  BudgetExceededError,
  ApprovalDeniedError,
  ConfigError,
  AbortedError,
} from "./errors.ts";
export type { FieldIssue, BudgetName, BudgetTotals } from "./errors.ts";
export { EmptyReduceError } from "./scheduler.ts";
export { ModelError } from "./models/provider.ts";
export type {
  ModelProvider,
  ChatRequest,
  ChatResponse,
  ChatMessage,
  ToolCall,
  ToolDefinition,
  OutputSchema,
  JsonSchema,
  Usage,
  CallInfo,
} from "./models/provider.ts";
export { allowList, interactivePrompt, denyNonInteractive, defaultApprovalPolicy } from "./approvals.ts";
export type { ApprovalPolicy, ApprovalRequest, ApprovalAnswer, ApprovalDecision, AllowListOptions } from "./approvals.ts";
export { renderTrace } from "./trace-render.ts";
export { fileTraceSink, memoryTraceSink } from "./trace.ts";
export type { TraceEvent, TraceSink } from "./trace.ts";
export { defineCodeWorker, CODE_DEFAULTS, SubCallLimitError, SandboxFailedError, stabilizedHost } from "./code/index.ts";
export type { CodeWorker, CodeWorkerSpec, CodeWorkerSettings, CellRecord, StabilizedHost, StabilizedOptions } from "./code/index.ts";
