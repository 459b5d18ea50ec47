// Reporting a run: the result on stdout, the usage summary and what a resume
// found on stderr, and a failed run as a CliError. Nothing shown carries a
// credential the run knows (an API key, a URL password, a secret tool
// argument): the result is scrubbed of those, messages of key patterns too.
import type { ModelProvider } from "../runtime/models/provider.ts";
import type { RunEvent } from "../runtime/options.ts";
import { redact, scrubKnown } from "../runtime/redact.ts";
import type { UsageReport } from "../runtime/usage.ts";
import { CliError, colors, EXIT, formatDuration, formatInt, formatUsd, plural, printWarning, writeErr, writeOut } from "./output.ts";
import { displayPath } from "./paths.ts";
import type { RunCommandOptions } from "./run.ts";

/** The result as JSON (a string as text with --raw), with known secrets replaced, saying so. */
export function printResult(output: unknown, raw: boolean): void {
  const text = raw && typeof output === "string" ? output : JSON.stringify(output, null, 2);
  const shown = scrubKnown(text);
  writeOut(shown);
  if (shown !== text) printWarning("the result held a credential this run knows (an API key, a URL password or a secret tool argument); it is shown as [REDACTED]");
}

/** What a resumed journal holds, before the run goes on. */
export function printResume(event: Extract<RunEvent, { type: "resume" }>, cwd: string): void {
  const skipped = [
    ...(event.redacted > 0 ? [`${plural(event.redacted, "call")} whose line had a secret scrubbed will run again`] : []),
    ...(event.unreadable > 0 ? [`${plural(event.unreadable, "torn line")} skipped`] : []),
  ];
  const found = `${plural(event.entries, "result")} journaled, not sent again`;
  writeErr(colors().dim(`resuming ${displayPath(event.source, cwd)}: ${[found, ...skipped].join("; ")}`));
}

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
  const message = redact(error instanceof Error ? error.message : String(error));
  const name = error instanceof Error ? error.name : "";
  let hint: string | undefined;
  if (name === "ApprovalDeniedError") hint = undefined; // the message says how to approve
  else if (name === "ModelRequestError" && provider?.name === "replay") hint = undefined; // the replay miss explains itself
  else if (name === "BudgetExceededError") hint = "raise --max-usd / --max-calls, or leave them out";
  else if (options.resume ?? options.trace) {
    const journal = options.resume ?? options.trace;
    hint = `see the call tree with 'flowc trace ${journal}'; once fixed, continue with --resume ${journal} (calls that ended are not sent again)`;
  } else hint = "run again with --trace FILE and view it with 'flowc trace FILE' to see the call tree";
  return new CliError(message, { hint, exitCode: EXIT.failure });
}
