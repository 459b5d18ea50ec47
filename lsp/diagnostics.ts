// Compiler diagnostics as LSP diagnostics: the same code, message and help
// as `flowc check` prints (the help on its own line after the message), and
// the related places (a first declaration, ...) as related information.
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import type { Diagnostic } from "../compiler/index.ts";
import { toLocation, toRange } from "./positions.ts";

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: toRange(d.span),
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: "flowc",
    message: d.hint === undefined ? d.message : `${d.message}\nhelp: ${d.hint}`,
    ...(d.related !== undefined && d.related.length > 0
      ? { relatedInformation: d.related.map((r) => ({ location: toLocation(r.span), message: r.message })) }
      : {}),
  };
}

/** Diagnostics by file: every file checked gets an entry (empty clears what the editor shows). */
export function diagnosticsByFile(files: readonly string[], diagnostics: readonly Diagnostic[]): Map<string, LspDiagnostic[]> {
  const byFile = new Map<string, LspDiagnostic[]>(files.map((f) => [f, []]));
  for (const d of diagnostics) {
    const list = byFile.get(d.span.file) ?? [];
    list.push(toLspDiagnostic(d));
    byFile.set(d.span.file, list);
  }
  return byFile;
}
