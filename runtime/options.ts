// Everything a run can be configured with. All fields are optional.
import type { ApprovalPolicy } from "./approvals.ts";
import type { Budgets } from "./budgets.ts";
import type { Clock } from "./clock.ts";
import type { Executor } from "./executors/executor.ts";
import type { ModelLimits } from "./limits.ts";
import type { ModelProvider } from "./models/provider.ts";
import type { ModelPrice } from "./prices.ts";
import type { TraceEvent, TraceSink } from "./trace.ts";
import type { UsageReport } from "./usage.ts";

export interface RunOptions {
  /** The model backend (openai, replay, record, or your own). Required as soon as a worker runs. */
  readonly provider?: ModelProvider;
  /** Model overrides by alias (or by id): `{ analyst: "gpt-4.1" }`. */
  readonly models?: Readonly<Record<string, string>>;
  /** Model id for workers declared without `model`; default "gpt-4.1-mini". */
  readonly defaultModel?: string;
  /** Default `map`/`filter`/`reduce` concurrency; default 8. */
  readonly concurrency?: number;
  /**
   * Model requests in flight at once in the whole run, nested maps included
   * (a map of 8 inside a map of 8 would otherwise send 64); default 32. A
   * request waiting out a retry's backoff holds no slot.
   */
  readonly maxInFlight?: number;
  /** Per-model limits shared by all maps of the run, keyed by alias or model id. */
  readonly limits?: ModelLimits;
  /** Retries of a retryable model error (429, 5xx, timeout, connection, malformed body); default 6. A worker's `retries` wins. */
  readonly retries?: number;
  /** Base of the exponential backoff; default 500 ms. */
  readonly retryBaseDelayMs?: number;
  /** Cap of one backoff sleep; default 30 s. */
  readonly retryMaxDelayMs?: number;
  /**
   * The longest one wait before a retry may be; default 60 s. A server asking
   * for more (Retry-After) fails the request at once with RetryWaitTooLongError.
   */
  readonly maxRetryWaitMs?: number;
  /**
   * The longest one request may spend retrying, from its first failure; default
   * 5 min. A retry that would end later is not made (RetryTimeExceededError).
   */
  readonly maxRetryTimeMs?: number;
  /** Repair turns after an invalid answer (sent back with the problem); default 2. A worker's `repairTurns` wins. */
  readonly repairTurns?: number;
  /** Per-request timeout, passed to the provider and enforced by the runtime; default none. */
  readonly timeoutMs?: number;
  /** Maximum frame depth (root = 0). Default 5, which a worker's `max_depth` may replace for its subtree. */
  readonly maxDepth?: number;
  /** Default `max_turns` for workers; default 8. */
  readonly maxTurns?: number;
  /** Who approves `needs approval` tools; default: prompt on a TTY, deny otherwise. */
  readonly approval?: ApprovalPolicy;
  /** USD per 1M tokens (and a model's largest answer), merged over the built-in table. */
  readonly prices?: Readonly<Record<string, ModelPrice>>;
  /**
   * Limits that hold: each request is counted and its worst case reserved
   * before it is sent (see runtime/budgets.ts). maxUsd needs a price for every
   * model the run calls.
   */
  readonly budgets?: Budgets;
  /** A file path (JSON lines, truncated) or a sink. */
  readonly trace?: string | TraceSink;
  /** Also write each worker's chat messages into its end/error trace line (large; for debugging prompts). */
  readonly traceMessages?: boolean;
  /**
   * The journal (trace) of an earlier run of this callable on this input (a file path, read line by line, or its
   * lines or events): a frame with the same path and input hash that ended there returns its journaled output instead
   * of running. A journal of another run fails the run with ResumeMismatchError before anything runs. With `trace`
   * the same path, new lines are appended to it.
   */
  readonly resume?: string | readonly string[] | readonly TraceEvent[];
  /** Aborts the whole call tree. */
  readonly signal?: AbortSignal;
  /** Progress, retry and repair events (for progress bars and logs). */
  readonly onEvent?: (event: RunEvent) => void;
  /** Time source for sleeps, rate limits and timings (tests). */
  readonly clock?: Clock;
  /** Where the run and its calls execute; default in this process. `dbosExecutor` (`@flowc/runtime/dbos`) makes the run durable. */
  readonly executor?: Executor;
}

/** A failed model request of the worker frame at `path` that will be sent again after `delayMs` (also a trace line). */
export interface RetryEvent {
  readonly type: "retry";
  readonly path: string;
  readonly model: string;
  /** The attempt that failed (1 = the first); at most `retries` + 1 are made. */
  readonly attempt: number;
  readonly retries: number;
  readonly delayMs: number;
  readonly status?: number;
  readonly error: string;
}

/** An invalid answer of the worker frame at `path`, sent back with `problem` (also a trace line). */
export interface RepairEvent {
  readonly type: "repair";
  readonly path: string;
  readonly worker: string;
  readonly model: string;
  /** 1 for the first repair turn; at most `repairTurns` are sent. */
  readonly repair: number;
  readonly repairTurns: number;
  readonly problem: string;
}

export type RunEvent =
  | { readonly type: "map-start"; readonly path: string; readonly total: number }
  | { readonly type: "map-progress"; readonly path: string; readonly done: number; readonly failed: number; readonly total: number }
  | { readonly type: "map-end"; readonly path: string }
  | RetryEvent
  | RepairEvent
  | { readonly type: "run-end"; readonly ok: boolean; readonly usage: UsageReport; readonly durationMs: number }
  /** At the start of a resumed run: what the journal holds (see JournalCounts in resume.ts). */
  | { readonly type: "resume"; readonly source: string; readonly entries: number; readonly redacted: number; readonly unreadable: number };

export interface RunResult<Out> {
  readonly output: Out;
  readonly usage: UsageReport;
  readonly durationMs: number;
}
