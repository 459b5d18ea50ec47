// The span of each name in a `{{deck.name}}` placeholder. The parser keeps
// the span of the whole placeholder (braces included) and its path; the
// names are found in the source text inside it, in order.
import type { TemplateRef } from "../grammar/ast.ts";
import type { Span } from "../compiler/plan/ir.ts";

export function templateSegments(source: string, t: TemplateRef): Span[] {
  const { start, end } = t.span;
  const text = source.slice(start.offset, end.offset);
  const spans: Span[] = [];
  let from = text.indexOf("{{") + 2;
  for (const name of t.path) {
    const at = text.indexOf(name, from);
    // A placeholder spans one line; past a line break the columns would be wrong.
    if (at < 0 || text.slice(0, at).includes("\n")) break;
    spans.push({
      file: t.span.file,
      start: { offset: start.offset + at, line: start.line, column: start.column + at },
      end: { offset: start.offset + at + name.length, line: start.line, column: start.column + at + name.length },
    });
    from = at + name.length;
  }
  return spans;
}
