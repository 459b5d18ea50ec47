// Between the compiler's spans (1-based lines and columns in UTF-16 code
// units, as LSP counts by default) and LSP ranges, and between paths and URIs.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Location, Position, Range } from "vscode-languageserver";
import type { Span } from "../compiler/plan/ir.ts";

export function toRange(span: Span): Range {
  return {
    start: { line: Math.max(0, span.start.line - 1), character: Math.max(0, span.start.column - 1) },
    end: { line: Math.max(0, span.end.line - 1), character: Math.max(0, span.end.column - 1) },
  };
}

export function toLocation(span: Span): Location {
  return { uri: pathToUri(span.file), range: toRange(span) };
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

/** The absolute path of a `file:` URI, or undefined for other schemes (untitled buffers, ...). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  return path.normalize(fileURLToPath(uri));
}

/** True when `offset` is inside the span or just after its end (where a cursor after a name stands). */
export function spanContains(span: Span, offset: number): boolean {
  return span.start.offset <= offset && offset <= span.end.offset;
}

export function zeroRange(): Range {
  const start: Position = { line: 0, character: 0 };
  return { start, end: start };
}
