// Error classes thrown by the runtime. Each message names the call path so a
// failure deep inside a map or a delegation chain can be found without a debugger.
import type { z } from "zod";
import { formatWait } from "./retry.ts";
export { ModelError } from "./models/provider.ts";

export class FlowcError extends Error {
  /**
   * Fatal errors stop the run even inside a worker's tool call; non-fatal ones
   * raised by a delegate are handed back to the calling model as the tool result.
   */
  readonly fatal: boolean = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One schema problem, with the field path as users write it (`decks[2].name`). */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: formatFieldPath(issue.path), message: issue.message }));
}

export function describeIssues(issues: readonly FieldIssue[]): string {
  return issues.map((issue) => `${issue.path === "" ? "(value)" : issue.path}: ${issue.message}`).join("; ");
}

/** The input of a call does not match the callable's input schema. */
export class InputError extends FlowcError {
  readonly callable: string;
  readonly path: string;
  readonly issues: readonly FieldIssue[];
  constructor(callable: string, path: string, issues: readonly FieldIssue[]) {
    super(`Invalid input for ${callable} at ${path}: ${describeIssues(issues)}`);
    this.callable = callable;
    this.path = path;
    this.issues = issues;
  }
}

/** A tool or flow returned a value that does not match its declared result type. */
export class OutputError extends FlowcError {
  readonly callable: string;
  readonly path: string;
  readonly issues: readonly FieldIssue[];
  constructor(callable: string, path: string, issues: readonly FieldIssue[]) {
    super(`Invalid result from ${callable} at ${path}: ${describeIssues(issues)}`);
    this.callable = callable;
    this.path = path;
    this.issues = issues;
  }
}

/** A worker's answer failed JSON parsing or validation after its repair turns; `problem` names each field. */
export class OutputValidationError extends FlowcError {
  readonly worker: string;
  readonly path: string;
  readonly problem: string;
  /** Repair turns that were sent before giving up. */
  readonly repairs: number;
  constructor(worker: string, path: string, problem: string, repairs = 1) {
    super(`Worker ${worker} at ${path} returned invalid output ${times(repairs + 1)} (${repairText(repairs)}): ${problem}`);
    this.worker = worker;
    this.path = path;
    this.problem = problem;
    this.repairs = repairs;
  }
}

function times(n: number): string {
  return n === 1 ? "once" : n === 2 ? "twice" : `${n} times`;
}

function repairText(repairs: number): string {
  if (repairs === 0) return "repair turns are off: RunOptions.repairTurns 0";
  return repairs === 1 ? "after one repair turn" : `after ${repairs} repair turns`;
}

/** The model asked for a tool although the worker was given none (no `uses`): nothing can answer it. */
export class UnexpectedToolCallError extends FlowcError {
  readonly worker: string;
  readonly path: string;
  readonly tools: readonly string[];
  constructor(worker: string, path: string, tools: readonly string[]) {
    super(
      `Worker ${worker} at ${path} has no tools (it declares no uses), but the model answered with a call to ${tools.map((t) => JSON.stringify(t)).join(", ")}; ` +
        "the request offered no tools, so the model server made this up: check the model and the server, or give the worker the tool with uses",
    );
    this.worker = worker;
    this.path = path;
    this.tools = tools;
  }
}

export class MaxTurnsError extends FlowcError {
  constructor(worker: string, path: string, maxTurns: number) {
    super(`Worker ${worker} at ${path} used all ${maxTurns} turns without a final answer (raise max_turns)`);
  }
}

export class DepthLimitError extends FlowcError {
  readonly path: string;
  constructor(path: string, depth: number, limit: number, limitedBy: string) {
    super(`Call depth ${depth} exceeds max_depth ${limit} (${limitedBy}) at ${path}`);
    this.path = path;
  }
}

/** A model request failed for good (not retryable, or retries used up). */
export class ModelRequestError extends FlowcError {
  override readonly fatal = true;
  readonly path: string;
  readonly model: string;
  readonly status?: number;
  readonly attempts: number;
  /** `detail` replaces the cause's message in this error's message. */
  constructor(path: string, model: string, status: number | undefined, attempts: number, cause: unknown, detail?: string) {
    const why = detail ?? (cause instanceof Error ? cause.message : String(cause));
    const http = status === undefined ? "no HTTP status" : `HTTP ${status}`;
    const tries = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
    super(`Model request failed at ${path} (model ${model}, ${http}) after ${tries}: ${why}`, { cause });
    this.path = path;
    this.model = model;
    this.status = status;
    this.attempts = attempts;
  }
}

/** The server asked (Retry-After) to wait longer than the run's maximum retry wait: failing now beats sleeping silently. */
export class RetryWaitTooLongError extends ModelRequestError {
  readonly waitMs: number;
  readonly maxWaitMs: number;
  constructor(path: string, model: string, status: number | undefined, attempts: number, cause: unknown, waitMs: number, maxWaitMs: number) {
    super(
      path,
      model,
      status,
      attempts,
      cause,
      `the server asked to wait ${formatWait(waitMs)} before retrying (Retry-After), more than the maximum retry wait of ${formatWait(maxWaitMs)}; ` +
        "to wait that long, raise RunOptions.maxRetryWaitMs (flowc run: --max-retry-wait SECONDS)",
    );
    this.waitMs = waitMs;
    this.maxWaitMs = maxWaitMs;
  }
}

/** One request kept failing until its next retry would have passed the maximum retry time. */
export class RetryTimeExceededError extends ModelRequestError {
  readonly maxRetryTimeMs: number;
  constructor(path: string, model: string, status: number | undefined, attempts: number, cause: unknown, nextWaitMs: number, maxRetryTimeMs: number) {
    const last = cause instanceof Error ? cause.message : String(cause);
    super(
      path,
      model,
      status,
      attempts,
      cause,
      `gave up: waiting ${formatWait(nextWaitMs)} more would pass the maximum retry time of ${formatWait(maxRetryTimeMs)} per request ` +
        `(raise RunOptions.maxRetryTimeMs; flowc run: --max-retry-time SECONDS); the last attempt failed with: ${last}`,
    );
    this.maxRetryTimeMs = maxRetryTimeMs;
  }
}

export type BudgetName = "maxUsd" | "maxCalls" | "maxTokens";

/** What a run had used when a budget stopped it. */
export interface BudgetTotals {
  /** Requests sent: answered, failed, retried and aborted alike. */
  readonly requests: number;
  /** Requests that got an answer. */
  readonly calls: number;
  /** Tokens answered, plus the worst case of requests that ended without an answer. */
  readonly tokens: number;
  /** USD answered, plus the worst case of requests that ended without an answer. */
  readonly usd: number;
}

export class BudgetExceededError extends FlowcError {
  override readonly fatal = true;
  readonly budget: BudgetName;
  readonly limit: number;
  readonly totals: BudgetTotals;
  /** `next` is what the refused request could have cost at worst (absent when an answer crossed the budget). */
  constructor(budget: BudgetName, limit: number, totals: BudgetTotals, next?: { readonly tokens: number; readonly usd: number | undefined }) {
    // Only what was known when the request was refused: answers still in flight come after (the usage report has them).
    const held = next === undefined ? "" : " or held by requests in flight";
    const used =
      budget === "maxCalls"
        ? `${totals.requests} ${totals.requests === 1 ? "request" : "requests"} sent, failed and retried ones included`
        : budget === "maxUsd"
          ? `$${totals.usd.toFixed(4)} spent${held}`
          : `${totals.tokens} tokens used${held}`;
    const why =
      next === undefined
        ? "the run was stopped"
        : budget === "maxCalls"
          ? "the next request was not sent and the run was stopped"
          : budget === "maxUsd"
            ? `the next request could cost up to $${next.usd!.toFixed(4)} (${next.tokens} tokens), so it was not sent and the run was stopped`
            : `the next request could use up to ${next.tokens} tokens, so it was not sent and the run was stopped`;
    super(`Budget exceeded: ${budget} ${limit} (${used}); ${why}`);
    this.budget = budget;
    this.limit = limit;
    this.totals = totals;
  }
}

export class ApprovalDeniedError extends FlowcError {
  override readonly fatal = true;
  readonly tool: string;
  readonly path: string;
  constructor(tool: string, path: string, reason: string) {
    super(`Tool ${tool} at ${path} needs approval and was denied: ${reason}`);
    this.tool = tool;
    this.path = path;
  }
}

/** Missing or inconsistent run-time configuration (no provider, bad option values). */
export class ConfigError extends FlowcError {
  override readonly fatal = true;
}

/** Thrown when the run (or the enclosing map) was aborted and no more specific reason exists. */
export class AbortedError extends FlowcError {
  override readonly fatal = true;
  constructor(path: string) {
    super(`Aborted at ${path}`);
  }
}

/** The reason an aborted signal carries, as an Error. */
export function abortReason(signal: AbortSignal, path: string): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== "AbortError") return reason;
  return new AbortedError(path);
}

export function isFatal(error: unknown): boolean {
  return error instanceof FlowcError ? error.fatal : false;
}
