// Go to definition, find references and rename: all three look up the name
// under the cursor and compare symbol keys (see symbols.ts). A tool's
// `from "./tools/x.ts"` goes to the exported function in that file.
import { readFileSync } from "node:fs";
import type { Location, Range, TextEdit, WorkspaceEdit } from "vscode-languageserver";
import type { Analysis } from "./analysis.ts";
import { pathToUri, toLocation, toRange, zeroRange } from "./positions.ts";
import { isRenamable } from "./symbols.ts";

export function definition(analysis: Analysis, file: string, offset: number, readText: (file: string) => string | undefined): Location | null {
  const o = analysis.occurrenceAt(file, offset);
  if (o === undefined) return null;
  // Three kinds point outside the declarations; every other symbol has one.
  const { kind, file: target, name } = o.symbol;
  if (kind === "builtin") return null;
  if (kind === "module") return { uri: pathToUri(target), range: zeroRange() };
  if (kind === "implementation") return { uri: pathToUri(target), range: exportRange(readText(target) ?? readOrEmpty(target), name) };
  const d = analysis.definition(o);
  return d === undefined ? null : toLocation(d.span);
}

export function references(analysis: Analysis, file: string, offset: number, includeDeclaration: boolean): Location[] {
  const o = analysis.occurrenceAt(file, offset);
  if (o === undefined || o.symbol.kind === "module" || o.symbol.kind === "implementation") return [];
  return analysis
    .references(o.key)
    .filter((r) => includeDeclaration || !r.definition)
    .map((r) => toLocation(r.span));
}

export function prepareRename(analysis: Analysis, file: string, offset: number): { range: Range; placeholder: string } | null {
  const o = analysis.occurrenceAt(file, offset);
  if (o === undefined || !isRenamable(o.symbol.kind)) return null;
  const placeholder = o.symbol.name.split(".").at(-1) ?? o.symbol.name;
  return { range: toRange(o.span), placeholder };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Every occurrence renamed; throws (the client shows it) on a name that cannot be one. */
export function rename(analysis: Analysis, file: string, offset: number, newName: string): WorkspaceEdit | null {
  const o = analysis.occurrenceAt(file, offset);
  if (o === undefined || !isRenamable(o.symbol.kind)) return null;
  if (!IDENTIFIER.test(newName)) throw new Error(`\`${newName}\` is not a name: use letters, digits and _, not starting with a digit`);
  const changes: Record<string, TextEdit[]> = {};
  for (const r of analysis.references(o.key)) {
    (changes[pathToUri(r.span.file)] ??= []).push({ range: toRange(r.span), newText: newName });
  }
  return { changes };
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** The name in `export function name` (or `export const name`, ...) in a TypeScript file; the file's start if absent. */
export function exportRange(text: string, name: string): Range {
  const pattern = new RegExp(`\\bexport\\s+(?:async\\s+)?(?:function\\*?|const|let|var|class)\\s+(${name})\\b`);
  const match = pattern.exec(text);
  if (match === null) return zeroRange();
  const at = match.index + match[0].length - name.length;
  const before = text.slice(0, at);
  const line = before.split("\n").length - 1;
  const character = at - (before.lastIndexOf("\n") + 1);
  return { start: { line, character }, end: { line, character: character + name.length } };
}
