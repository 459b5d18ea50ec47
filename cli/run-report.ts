// Reporting a run on stderr: the usage summary, and a failed run as a CliError.
import type { ModelProvider } from "../runtime/models/provider.ts";
import type { UsageReport } from "../runtime/usage.ts";
import { CliError, colors, EXIT, formatDuration, formatInt, formatUsd, writeErr } from "./output.ts";
import type { RunCommandOptions } from "./run.ts";

export function printUsage(usage: UsageReport, durationMs: number, provider: ModelProvider | undefined): void {
  const c = colors();
  const t = usage.total;
  const calls = `${formatInt(t.calls)} model ${t.calls === 1 ? "call" : "calls"}`;
  const tokens = `${formatInt(t.promptTokens)} tokens in, ${formatInt(t.completionTokens)} out`;
  let cost: string;
  if (t.usd !== null) cost = usage.unpricedModels.length > 0 ? `${formatUsd(t.usd)} + unpriced` : formatUsd(t.usd);
  else cost = t.calls === 0 ? formatUsd(0) : "cost unknown";
  const source = provider?.name === "replay" ? " (replayed)" : "";
  writeErr(c.dim(`usage: ${calls}, ${tokens}, ${cost}${source}, ${formatDuration(durationMs)}`));
}

/** Errors of a run are the user's (a tool threw, a model failed, a budget ran out): `error: ...`, exit 1. */
export function runFailure(error: unknown, options: RunCommandOptions, provider: ModelProvider | undefined): CliError {
  if (error instanceof CliError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : "";
  let hint: string | undefined;
  if (name === "ApprovalDeniedError") hint = undefined; // the message says how to approve
  else if (name === "ModelRequestError" && provider?.name === "replay") hint = undefined; // the replay miss explains itself
  else if (name === "BudgetExceededError") hint = "raise --max-usd / --max-calls, or leave them out";
  else if (!options.trace) hint = "run again with --trace FILE and view it with 'flowc trace FILE' to see the call tree";
  return new CliError(message, { hint, exitCode: EXIT.failure });
}
