// Lookups over the checked plan: declarations by module and name, the names
// a module sees (its own declarations and its imports), and every
// expression by its span. The plan keeps the parser's spans, so a syntax
// node and the checked expression it became share one span.
import type { Declaration, Expr, PlanModule, Program } from "../compiler/plan/ir.ts";
import { exprChildren, topExprs } from "../compiler/plan/walk.ts";

export class ProgramLookup {
  private readonly decls = new Map<string, Map<string, Declaration>>();
  private readonly modules = new Map<string, PlanModule>();

  constructor(readonly program: Program) {
    for (const m of program.modules) {
      this.modules.set(m.file, m);
      const byName = new Map<string, Declaration>();
      for (const d of m.decls) if (!byName.has(d.name)) byName.set(d.name, d);
      this.decls.set(m.file, byName);
    }
  }

  module(file: string): PlanModule | undefined {
    return this.modules.get(file);
  }

  decl(file: string, name: string): Declaration | undefined {
    return this.decls.get(file)?.get(name);
  }

  /** Name -> the file that declares it, for every name module `file` sees. */
  scope(file: string): Map<string, string> {
    const scope = new Map<string, string>();
    const m = this.modules.get(file);
    if (m === undefined) return scope;
    for (const i of m.imports) for (const name of i.names) if (!scope.has(name)) scope.set(name, i.module);
    for (const d of m.decls) scope.set(d.name, file);
    return scope;
  }
}

/** `start:end` offsets: the key of a span within one file. */
export function spanKey(span: { start: { offset: number }; end: { offset: number } }): string {
  return `${span.start.offset}:${span.end.offset}`;
}

/** Every expression of a module (worker contexts and flow bodies) by span. */
export function expressionsBySpan(m: PlanModule | undefined): Map<string, Expr> {
  const out = new Map<string, Expr>();
  if (m === undefined) return out;
  const visit = (e: Expr): void => {
    // An inner expression can share its parent's span (parentheses); keep the outermost.
    if (!out.has(spanKey(e.span))) out.set(spanKey(e.span), e);
    exprChildren(e).forEach(visit);
  };
  for (const d of m.decls) {
    if (d.kind === "worker" && d.context !== undefined) visit(d.context);
    if (d.kind === "flow") topExprs(d.body).forEach(visit);
  }
  return out;
}
