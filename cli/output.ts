// What every command shares: exit codes, colours, the `error:`/`help:` lines
// and the one place user errors turn into a message and an exit code.
import pc from "picocolors";

export type Colors = ReturnType<typeof pc.createColors>;

/** Exit codes of every `flowc` command. */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** Diagnostics with errors, a failed run, or a user error. */
  failure: 1,
  /** The command line itself is wrong (unknown option, missing argument, bad path). */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A problem the user can fix. Printed as `error: <message>` (plus `help: <hint>`),
 * never with a stack trace.
 */
export class CliError extends Error {
  readonly hint?: string;
  readonly exitCode: ExitCode;
  constructor(message: string, options: { hint?: string; exitCode?: ExitCode } = {}) {
    super(message);
    this.name = "CliError";
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.failure;
  }
}

/** A wrong command line: exit code 2. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: EXIT.usage });
    this.name = "UsageError";
  }
}

interface StreamLike {
  readonly isTTY?: boolean;
}

/**
 * Colours only on a terminal and never with NO_COLOR (https://no-color.org: set
 * and not empty). FORCE_COLOR=1 turns them on off a terminal (NO_COLOR still wins).
 */
export function colorEnabled(stream: StreamLike, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

/** True when interactive things (prompts, progress bars) may be shown on this stream. */
export function isInteractive(stream: StreamLike = process.stderr): boolean {
  return stream.isTTY === true && process.env.CI === undefined;
}

let stderrColors: Colors | undefined;
let stdoutColorsCache: Colors | undefined;

/** Colour functions for stderr (where flowc writes messages). */
export function colors(): Colors {
  stderrColors ??= pc.createColors(colorEnabled(process.stderr));
  return stderrColors;
}

/** Colour functions for stdout (diagnostics and reports). */
export function stdoutColors(): Colors {
  stdoutColorsCache ??= pc.createColors(colorEnabled(process.stdout));
  return stdoutColorsCache;
}

export function writeOut(text: string): void {
  process.stdout.write(text.endsWith("\n") || text === "" ? text : `${text}\n`);
}

export function writeErr(text: string): void {
  process.stderr.write(text.endsWith("\n") || text === "" ? text : `${text}\n`);
}

/** `error: <message>` and, if given, `help: <hint>`, on stderr. */
export function printError(message: string, hint?: string): void {
  const c = colors();
  writeErr(`${c.bold(c.red("error"))}: ${message}`);
  if (hint) writeErr(`${c.bold(c.cyan("help"))}: ${hint}`);
}

export function printWarning(message: string): void {
  const c = colors();
  writeErr(`${c.bold(c.yellow("warning"))}: ${message}`);
}

/** Sets the exit code without cutting off pending output (never `process.exit` mid-write). */
export function setExitCode(code: number): void {
  // Keep the worst code: a usage error beats a failure beats success.
  const current = Number(process.exitCode ?? 0);
  if (code > current) process.exitCode = code;
}

/**
 * The last stop for anything a command throws. User errors get `error:`/`help:`;
 * anything else is a bug in flowc: a short message and a request to report it
 * (the stack only with FLOWC_DEBUG=1).
 */
export function handleError(error: unknown): void {
  if (error instanceof CliError) {
    printError(error.message, error.hint);
    setExitCode(error.exitCode);
    return;
  }
  if (isAbort(error)) {
    printError("interrupted");
    setExitCode(130);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  printError(`internal error: ${firstLine(message)}`, "this is a bug in flowc; please report it with the command you ran");
  if (process.env.FLOWC_DEBUG && error instanceof Error && error.stack) writeErr(error.stack);
  setExitCode(EXIT.failure);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}

export function firstLine(text: string): string {
  const i = text.indexOf("\n");
  return i === -1 ? text : text.slice(0, i);
}

/** `1 error`, `2 errors`. */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

/** 1234567 -> "1,234,567" (fixed locale, so output is the same everywhere). */
export function formatInt(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Milliseconds as `850ms`, `1.2s`, `3m 05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, "0")}s`;
}

/** USD with two significant digits for small amounts: `$0.0016`, `$0.000029`, `$1.23`. */
export function formatUsd(usd: number): string {
  if (usd === 0) return "$0.00";
  if (usd >= 0.01) return `$${usd.toFixed(2)}`;
  const digits = Math.min(12, Math.max(4, Math.ceil(-Math.log10(usd)) + 1));
  return `$${usd.toFixed(digits)}`;
}
