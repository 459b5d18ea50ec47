// Statements and `{ }` blocks in canonical layout: one function per statement kind.
import type { Block, IfStmt, Span, Stmt } from "../../../grammar/ast.ts";
import { formatExpr, options } from "./exprs.ts";
import type { Printer } from "./printer.ts";

type StmtOf<K extends Stmt["kind"]> = Extract<Stmt, { kind: K }>;

/**
 * `header {` children `}`; `header {}` when there is nothing inside (not even a
 * comment). `span` ends at the closing brace.
 */
export function openBlock(p: Printer, header: string, span: Span, empty: boolean, children: () => void, closing = "}"): void {
  if (empty && !p.hasCommentIn(span)) {
    p.line(`${header} {}${closing.slice(1)}`);
    return;
  }
  p.line(`${header} {`);
  p.openBlock();
  children();
  p.closeBlock(span.end.offset);
  p.line(closing);
}

export function formatBlock(p: Printer, header: string, block: Block): void {
  openBlock(p, header, block.span, block.statements.length === 0, () => statements(p, block.statements));
}

function statements(p: Printer, list: readonly Stmt[]): void {
  list.forEach((s, i) => {
    const leaf = s.kind !== "If" && s.kind !== "Repeat";
    p.item(s.span, () => {
      (stmtRules[s.kind] as (p: Printer, s: Stmt) => void)(p, s);
      if (endsOpen(s, list[i + 1])) p.append(";");
    }, leaf ? s.span.end.offset : s.span.start.offset);
  });
}

/** A `return` without a value before a statement that starts with an expression would take it as its value. */
function endsOpen(s: Stmt, next: Stmt | undefined): boolean {
  return s.kind === "Return" && !s.value && (next?.kind === "ExprStmt" || next?.kind === "Assign");
}

/** `prefix` followed by an expression that starts at the current column. */
function withExpr(p: Printer, prefix: string, e: StmtOf<"Let">["value"]): void {
  p.line(`${prefix}${formatExpr(e, p.indent.length + prefix.length)}`);
}

const stmtRules: { [K in Stmt["kind"]]: (p: Printer, s: StmtOf<K>) => void } = {
  Let: (p, s) => withExpr(p, `let ${s.name.name} = `, s.value),
  Assign: (p, s) => withExpr(p, `${s.target.name} = `, s.value),
  ExprStmt: (p, s) => withExpr(p, "", s.expr),
  Return: (p, s) => (s.value ? withExpr(p, "return ", s.value) : p.line("return")),
  Break: (p) => p.line("break"),
  If: (p, s) => ifChain(p, s, "if"),
  Repeat: (p, s) => {
    const header = `repeat${options(s.options, p.indent.length + 6)}`;
    formatBlock(p, header, s.body);
  },
};

/** `if c { } else if d { } else { }`: each `else` goes on the line of the brace before it. */
function ifChain(p: Printer, s: IfStmt, keyword: string): void {
  const header = `${keyword} ${formatExpr(s.condition, p.indent.length + keyword.length + 1)}`;
  const otherwise = s.else;
  if (!otherwise) return formatBlock(p, header, s.then);
  const thenBody = () => statements(p, s.then.statements);
  openBlock(p, header, s.then.span, s.then.statements.length === 0, thenBody, "} else");
  joinElse(p);
  if (otherwise.kind === "If") return ifChain(p, otherwise, "if");
  openBlock(p, "", otherwise.span, otherwise.statements.length === 0, () => statements(p, otherwise.statements));
}

/** Merges the `} else` line with the header printed next (`} else {`, `} else if x {`). */
function joinElse(p: Printer): void {
  p.joinNextLine(" ");
}
