// `let xs = []` has the element type of its first assignment, for the whole
// flow: the reads before that assignment (in its own value, or in a loop's
// earlier rounds) see it too, as the generated TypeScript declares it. A first
// pass over the body, whose diagnostics and call edges are dropped, learns
// those types; only flows with an empty list literal need it.
import type { Block, Expr, LetStmt, Stmt } from "../../grammar/ast.ts";
import { exprChildren } from "../../grammar/walk.ts";
import type { Type } from "../plan/ir.ts";
import type { ProgramState } from "./program.ts";

/** The type each `let` that starts without an element type (`[]`) learned from an assignment. */
export type LearnedTypes = ReadonlyMap<LetStmt, Type>;

export const NONE_LEARNED: LearnedTypes = new Map();

/** A view of the state for the first pass: what it reports and the edges it finds are thrown away. */
export function silentState(state: ProgramState): ProgramState {
  return Object.create(state, {
    report: { value: () => {} },
    edges: { value: [] },
    trail: { value: [] },
  }) as ProgramState;
}

/** Whether the body has an empty list literal anywhere (what makes a `never` element type). */
export function mentionsEmptyList(block: Block): boolean {
  return block.statements.some(statement);
}

function statement(s: Stmt): boolean {
  switch (s.kind) {
    case "Let":
    case "Assign":
      return expr(s.value);
    case "ExprStmt":
      return expr(s.expr);
    case "Return":
      return s.value !== undefined && expr(s.value);
    case "If":
      return expr(s.condition) || mentionsEmptyList(s.then) || (s.else !== undefined && (s.else.kind === "If" ? statement(s.else) : mentionsEmptyList(s.else)));
    case "Repeat":
      return mentionsEmptyList(s.body);
    case "Break":
      return false;
  }
}

// Recursion is bounded by the nesting limit (grammar/limits.ts). Built on the
// one traversal, so option values (`reduce ... (empty: [])`) are seen too.
function expr(e: Expr): boolean {
  return (e.kind === "Array" && e.elements.length === 0) || exprChildren(e).some(expr);
}
