// Formatting through `flowc fmt`'s formatter: one edit that replaces the
// whole document with its canonical layout. A file with syntax errors is
// left alone (its diagnostics say why), as `flowc fmt` does.
import type { TextEdit } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { formatSource } from "../compiler/review/fmt/index.ts";

export function formatDocument(document: TextDocument, file: string): TextEdit[] {
  const text = document.getText();
  const result = formatSource(text, file);
  if (!result.ok || !result.changed) return [];
  return [{ range: { start: document.positionAt(0), end: document.positionAt(text.length) }, newText: result.text }];
}
