// Error classes thrown by the runtime. Each message names the call path so a
// failure deep inside a map or a delegation chain can be found without a debugger.
import type { z } from "zod";
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

/** A worker's answer failed JSON parsing or validation twice (after one repair turn). */
export class OutputValidationError extends FlowcError {
  readonly worker: string;
  readonly path: string;
  readonly problem: string;
  constructor(worker: string, path: string, problem: string) {
    super(`Worker ${worker} at ${path} returned invalid output twice (after one repair turn): ${problem}`);
    this.worker = worker;
    this.path = path;
    this.problem = problem;
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
  constructor(path: string, model: string, status: number | undefined, attempts: number, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    const http = status === undefined ? "no HTTP status" : `HTTP ${status}`;
    const tries = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
    super(`Model request failed at ${path} (model ${model}, ${http}) after ${tries}: ${detail}`, { cause });
    this.path = path;
    this.model = model;
    this.status = status;
    this.attempts = attempts;
  }
}

export type BudgetName = "maxUsd" | "maxCalls" | "maxTokens";

export class BudgetExceededError extends FlowcError {
  override readonly fatal = true;
  readonly budget: BudgetName;
  readonly limit: number;
  readonly totals: { readonly calls: number; readonly tokens: number; readonly usd: number };
  constructor(budget: BudgetName, limit: number, totals: { calls: number; tokens: number; usd: number }) {
    super(
      `Budget exceeded: ${budget} ${limit} (used ${totals.calls} calls, ${totals.tokens} tokens, $${totals.usd.toFixed(4)}); the run was stopped`,
    );
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
