// Lookups over the checked plan: declarations by module and name, the names
// a module sees (its own declarations and its imports), and every
// expression by its span. The plan keeps the parser's spans, so a syntax
// node and the checked expression it became share one span.
import type { Declaration, Expr, PlanModule, Program, Stmt } from "../compiler/plan/ir.ts";

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
    forEachChild(e, visit);
  };
  const visitStmts = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === "let" || s.kind === "assign") visit(s.value);
      else if (s.kind === "expr") visit(s.expr);
      else if (s.kind === "return" && s.value !== undefined) visit(s.value);
      else if (s.kind === "if") {
        visit(s.condition);
        visitStmts(s.then);
        if (s.else !== undefined) visitStmts(s.else);
      } else if (s.kind === "repeat") visitStmts(s.body);
    }
  };
  for (const d of m.decls) {
    if (d.kind === "worker" && d.context !== undefined) visit(d.context);
    if (d.kind === "flow") visitStmts(d.body);
  }
  return out;
}

export function forEachChild(e: Expr, visit: (child: Expr) => void): void {
  switch (e.kind) {
    case "array":
      e.elements.forEach(visit);
      break;
    case "object":
      for (const entry of e.entries) visit(entry.value);
      break;
    case "member":
      visit(e.object);
      break;
    case "call":
      for (const a of e.args) visit(a.value);
      break;
    case "builtin":
      e.args.forEach(visit);
      for (const o of e.options) visit(o.value);
      break;
    case "binary":
      visit(e.left);
      visit(e.right);
      break;
    case "unary":
      visit(e.operand);
      break;
    case "map":
    case "filter":
      visit(e.source);
      visit(e.body);
      break;
    case "reduce":
      visit(e.source);
      if (e.empty) visit(e.empty);
      break;
    default:
      break;
  }
}
