// Renders diagnostics for people (rustc-style code frames) or for tools (JSON).
//
//   examples/x.flow:12:13 error FLW203: unknown name `evaluat_deck`
//      |
//   12 |   let e = evaluat_deck(deck)
//      |           ^^^^^^^^^^^^
//      = help: did you mean `evaluate_deck`?
//
// Related spans follow as `= note:` lines, each with its own frame.
import path from "node:path";
import { createColors } from "picocolors";
import type { Span } from "../../grammar/ast.ts";
import type { Diagnostic } from "./types.ts";

export interface RenderOptions {
  readonly format: "text" | "json";
  readonly color: boolean;
  /** File paths are shown relative to this directory. */
  readonly cwd: string;
}

export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  options: RenderOptions,
): string {
  const sorted = sortDiagnostics(diagnostics);
  if (options.format === "json") return `${JSON.stringify(sorted.map((d) => toJson(d, options.cwd)), null, 2)}\n`;
  const lines = new SourceLines(sources);
  return sorted.map((d) => renderText(d, lines, options)).join("\n");
}

/** `2 errors, 1 warning`; `no problems` when there are none. */
export function summarize(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const parts: string[] = [];
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? "" : "s"}`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  return parts.length === 0 ? "no problems" : parts.join(", ");
}

/** By file, then line, then column; otherwise in the order found. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort(
      (a, b) =>
        (a.d.span.file < b.d.span.file ? -1 : a.d.span.file > b.d.span.file ? 1 : 0) ||
        a.d.span.start.line - b.d.span.start.line ||
        a.d.span.start.column - b.d.span.start.column ||
        a.i - b.i,
    )
    .map((x) => x.d);
}

export function displayPath(file: string, cwd: string): string {
  if (!path.isAbsolute(file)) return file;
  const relative = path.relative(cwd, file);
  return relative === "" ? path.basename(file) : relative.split(path.sep).join("/");
}

// ------------------------------------------------------------ JSON

interface JsonLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

function location(span: Span, cwd: string): JsonLocation {
  return {
    file: displayPath(span.file, cwd),
    line: span.start.line,
    column: span.start.column,
    endLine: span.end.line,
    endColumn: span.end.column,
  };
}

function toJson(d: Diagnostic, cwd: string): object {
  return {
    ...location(d.span, cwd),
    severity: d.severity,
    code: d.code,
    message: d.message,
    hint: d.hint ?? null,
    related: (d.related ?? []).map((r) => ({ message: r.message, ...location(r.span, cwd) })),
  };
}

// ------------------------------------------------------------ text

class SourceLines {
  private readonly cache = new Map<string, string[] | undefined>();

  constructor(private readonly sources: ReadonlyMap<string, string>) {}

  line(file: string, line: number): string | undefined {
    if (!this.cache.has(file)) {
      const text = this.sources.get(file);
      this.cache.set(file, text === undefined ? undefined : text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l)));
    }
    return this.cache.get(file)?.[line - 1];
  }
}

const TAB = "    ";

/**
 * Characters a terminal would act on or hide instead of showing: C0 controls
 * (ESC starts colour and cursor sequences, BEL rings, NUL truncates), DEL,
 * C1 controls, and invisible format characters such as bidi overrides, which
 * reorder what is shown. Tabs are expanded instead.
 */
const UNSHOWABLE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/** C0 controls and DEL as their Unicode control pictures (`␛`, `␀`, `␡`), others as `\u{202E}`. */
function showChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return "\u2421";
  return `\\u{${code.toString(16).toUpperCase()}}`;
}

/** Text from a source file or a message as it may be printed to a terminal. */
export function printable(text: string): string {
  return text.replace(UNSHOWABLE, showChar);
}

/** A source line as the code frame shows it: tabs expanded, so the caret line lines up with the code line, and nothing unshowable. */
function expandTabs(text: string): string {
  return printable(text).replace(/\t/g, TAB);
}

function renderText(d: Diagnostic, lines: SourceLines, options: RenderOptions): string {
  const c = createColors(options.color);
  const spans = [d.span, ...(d.related ?? []).map((r) => r.span)];
  const width = Math.max(...spans.map((s) => String(s.start.line).length));
  const pad = " ".repeat(width + 1);
  const gutter = (s: string): string => c.blue(c.bold(s));
  const severity = d.severity === "error" ? c.red(c.bold("error")) : c.yellow(c.bold("warning"));
  const mark = d.severity === "error" ? c.red : c.yellow;
  const out: string[] = [];
  const where = (span: Span): string => printable(`${displayPath(span.file, options.cwd)}:${span.start.line}:${span.start.column}`);
  out.push(`${c.bold(where(d.span))} ${severity} ${c.bold(`${d.code}: ${printable(d.message)}`)}`);
  out.push(...frame(d.span, lines, width, gutter, (s) => mark(c.bold(s))));
  if (d.hint !== undefined) {
    const [first, ...rest] = d.hint.split("\n").map(printable);
    out.push(`${pad}${gutter("=")} ${c.bold("help")}: ${first}`);
    for (const r of rest) out.push(`${pad}  ${r}`);
  }
  for (const r of d.related ?? []) {
    out.push(`${pad}${gutter("=")} ${c.bold("note")}: ${printable(r.message)}`);
    out.push(`${" ".repeat(width)}${gutter("-->")} ${where(r.span)}`);
    out.push(...frame(r.span, lines, width, gutter, (s) => c.cyan(c.bold(s))));
  }
  return `${out.join("\n")}\n`;
}

/** The code frame of a span: its first line with carets under the span (clipped to that line). */
function frame(span: Span, lines: SourceLines, width: number, gutter: (s: string) => string, mark: (s: string) => string): string[] {
  const text = lines.line(span.file, span.start.line);
  if (text === undefined) return [];
  const pad = " ".repeat(width + 1);
  const before = expandTabs(text.slice(0, Math.max(0, span.start.column - 1)));
  const endColumn = span.end.line === span.start.line ? span.end.column : text.length + 1;
  const marked = expandTabs(text.slice(Math.max(0, span.start.column - 1), Math.max(0, endColumn - 1)));
  const length = Math.max(1, marked.length);
  const code = expandTabs(text);
  return [
    `${pad}${gutter("|")}`,
    `${gutter(`${String(span.start.line).padStart(width)} |`)}${code.length > 0 ? ` ${code}` : ""}`,
    `${pad}${gutter("|")} ${" ".repeat(before.length)}${mark("^".repeat(length))}`,
  ];
}
