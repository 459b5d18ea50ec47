// The one table of diagnostics. Codes are stable: never renumber, only add.
// FLW1xx syntax, FLW2xx names and modules, FLW3xx types, FLW4xx plan rules.
// Templates use {0}, {1}, ... for arguments; `hint` is the default `help:` line.
import type { Severity } from "./types.ts";

export interface DiagnosticTemplate {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly hint?: string;
}

function entry(code: string, message: string, hint?: string, severity: Severity = "error"): DiagnosticTemplate {
  return { code, severity, message, hint };
}

export const D = {
  // FLW1xx syntax
  UnexpectedToken: entry("FLW101", "unexpected {0}, expected {1}"),
  UnterminatedString: entry("FLW102", "unterminated string", "close the string with the same quote that opened it"),
  InvalidCharacter: entry("FLW103", "invalid character {0}"),

  // FLW4xx plan rules (tool implementation files, checked against generated types)
  ToolExportMissing: entry(
    "FLW450",
    "tool file {0} does not export a function named `{1}`",
    "export `{1}` from {0}: `export function {1}(input, ctx) {...}`",
  ),
  ToolSignatureMismatch: entry("FLW451", "tool `{0}` in {1} does not match its declaration: {2}", "{3}"),
} as const satisfies Record<string, DiagnosticTemplate>;

export type DiagnosticName = keyof typeof D;
