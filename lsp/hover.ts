// Hover: what a name refers to (a declaration's signature and `///` doc, a
// field's or a local's type, a worker's model and limits), a worker
// setting's meaning, else the type of the smallest expression under the
// cursor.
import { MarkupKind, type Hover } from "vscode-languageserver";
import type { Expr, Span } from "../compiler/plan/ir.ts";
import { typeToString } from "../compiler/plan/type-text.ts";
import type { Analysis } from "./analysis.ts";
import { describeSymbol, flowBlock } from "./describe.ts";
import { WORKER_SETTINGS } from "./keywords.ts";
import { toRange } from "./positions.ts";
import { expressionsBySpan } from "./program-lookup.ts";

export function hover(analysis: Analysis, file: string, offset: number): Hover | null {
  const o = analysis.occurrenceAt(file, offset);
  if (o !== undefined) {
    const text = describeSymbol(o.symbol, o.type, analysis.lookup, file);
    if (text !== undefined) return markdown(text, o);
  }
  for (const d of analysis.ast(file)?.decls ?? []) {
    if (d.kind !== "WorkerDecl") continue;
    const s = d.settings.find((x) => x.name.span.start.offset <= offset && offset < x.name.span.end.offset);
    const meaning = s === undefined ? undefined : WORKER_SETTINGS[s.name.name];
    if (s !== undefined && meaning !== undefined) return markdown(`${flowBlock(`(worker setting) ${s.name.name}`)}\n\n${meaning}`, s.name);
  }
  let smallest: Expr | undefined;
  for (const e of expressionsBySpan(analysis.lookup.module(file)).values()) {
    if (e.span.start.offset > offset || offset >= e.span.end.offset || e.type.kind === "error") continue;
    if (smallest === undefined || e.span.end.offset - e.span.start.offset < smallest.span.end.offset - smallest.span.start.offset) smallest = e;
  }
  if (smallest !== undefined) return markdown(flowBlock(`(expression) ${typeToString(smallest.type)}`), smallest);
  return null;
}

function markdown(value: string, at: { readonly span: Span }): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(at.span) };
}
