// Flow bodies. A flow's shape is the sequence of its calls and control steps
// (map, filter, reduce, if, repeat, return, break) with the callees named.
// Same shape: the limits (concurrency, batch, repeat max) are compared one by
// one. Different shape: one change, drawn before and after in the report.
import type { Expr, FlowDef, Stmt } from "../../plan/ir.ts";
import { clip, printExpr, printStmts } from "../print-plan.ts";
import { lineDiff, type Emit } from "./compare-callables.ts";
import { canonical, type PlanSide } from "./plan-side.ts";
import type { ExprOf } from "../../plan/walk.ts";

interface ShapeItem {
  readonly shape: string;
  readonly limit?: { readonly name: string; readonly value: number | undefined; readonly where: string };
  /** A `reduce`'s `empty:` value as printed, or undefined without one. */
  readonly empty?: { readonly value: string | undefined };
}


function exprShape(e: Expr, out: ShapeItem[]): void {
  const rules: { [K in Expr["kind"]]: (e: ExprOf<K>) => void } = {
    literal: () => {},
    var: () => {},
    "enum-member": () => {},
    array: (x) => x.elements.forEach((y) => exprShape(y, out)),
    object: (x) => x.entries.forEach((y) => exprShape(y.value, out)),
    member: (x) => exprShape(x.object, out),
    builtin: (x) => [...x.args, ...x.options.map((o) => o.value)].forEach((y) => exprShape(y, out)),
    binary: (x) => (exprShape(x.left, out), exprShape(x.right, out)),
    unary: (x) => exprShape(x.operand, out),
    call: (x) => {
      x.args.forEach((a) => exprShape(a.value, out));
      out.push({ shape: `call ${x.callee.name}` });
    },
    map: (x) => fanOut("map", x, out),
    filter: (x) => fanOut("filter", x, out),
    reduce: (x) => {
      exprShape(x.source, out);
      if (x.empty) exprShape(x.empty, out);
      out.push({
        shape: `reduce ${x.fn.name}`,
        limit: { name: "batch", value: x.batch, where: `reduce ${clip(printExpr(x.source), 40)} with ${x.fn.name}` },
        empty: { value: x.empty && printExpr(x.empty) },
      });
    },
  };
  (rules[e.kind] as (e: Expr) => void)(e);
}

function fanOut(word: string, x: ExprOf<"map" | "filter">, out: ShapeItem[]): void {
  exprShape(x.source, out);
  out.push({ shape: `${word} {`, limit: { name: "concurrency", value: x.concurrency, where: `${word} ${x.binder} in ${clip(printExpr(x.source), 40)}` } });
  exprShape(x.body, out);
  out.push({ shape: "}" });
}

function stmtShape(s: Stmt, out: ShapeItem[]): void {
  const rules: { [K in Stmt["kind"]]: (s: Extract<Stmt, { kind: K }>) => void } = {
    let: (x) => exprShape(x.value, out),
    assign: (x) => exprShape(x.value, out),
    expr: (x) => exprShape(x.expr, out),
    return: (x) => {
      if (x.value) exprShape(x.value, out);
      out.push({ shape: "return" });
    },
    break: () => out.push({ shape: "break" }),
    if: (x) => {
      exprShape(x.condition, out);
      out.push({ shape: "if {" });
      x.then.forEach((y) => stmtShape(y, out));
      out.push({ shape: "} else {" });
      (x.else ?? []).forEach((y) => stmtShape(y, out));
      out.push({ shape: "}" });
    },
    repeat: (x) => {
      out.push({ shape: "repeat {", limit: { name: "max", value: x.max, where: "repeat" } });
      x.body.forEach((y) => stmtShape(y, out));
      out.push({ shape: "}" });
    },
  };
  (rules[s.kind] as (s: Stmt) => void)(s);
}

export function flowShape(f: FlowDef): ShapeItem[] {
  const out: ShapeItem[] = [];
  f.body.forEach((s) => stmtShape(s, out));
  return out;
}

/** Returns true when the shape changed (the caller adds the before/after pictures). */
export function compareFlow(before: FlowDef, after: FlowDef, sides: readonly [PlanSide, PlanSide], emit: Emit): boolean {
  const b = flowShape(before);
  const a = flowShape(after);
  const key = (items: ShapeItem[]) => items.map((i) => i.shape).join("\n");
  if (key(b) !== key(a)) {
    const diff = lineDiff(printStmts(before.body).join("\n"), printStmts(after.body).join("\n"));
    emit({ class: "dangerous", rule: "flow-shape-changed", reason: "steps changed (calls, fan-out, branches or loops)", before: summary(b), after: summary(a), diff });
    return true;
  }
  b.forEach((item, i) => {
    const old = item.limit;
    const now = a[i]!.limit;
    if (old && now && old.value !== now.value) {
      const text = (v: number | undefined) => (v === undefined ? "(default)" : String(v));
      emit({ class: "dangerous", rule: "limit-changed", reason: `\`${now.name}\` of \`${now.where}\` changed`, before: text(old.value), after: text(now.value) });
    }
  });
  const [base, head] = sides;
  const same = (ignoreEmpty: boolean) =>
    canonical(before.body, base, { ignoreLimits: true, ignoreEmpty }) === canonical(after.body, head, { ignoreLimits: true, ignoreEmpty });
  if (same(true) && !same(false) && compareEmpty(b, a, emit)) return false;
  if (!same(false)) {
    const diff = lineDiff(printStmts(before.body).join("\n"), printStmts(after.body).join("\n"));
    emit({ class: "dangerous", rule: "flow-logic-changed", reason: "expressions in the steps changed (arguments, conditions or values)", diff });
  }
  return false;
}

/**
 * Only `empty:` of some `reduce`s changed: giving one is safe (an empty list
 * that failed now has a result), dropping one is dangerous (it fails again).
 * False when a value changed, which is a logic change like any other.
 */
function compareEmpty(b: readonly ShapeItem[], a: readonly ShapeItem[], emit: Emit): boolean {
  const changes = b.flatMap((item, i) => {
    const old = item.empty?.value;
    const now = a[i]?.empty?.value;
    return old === now ? [] : [{ old, now, where: item.limit?.where ?? item.shape }];
  });
  if (changes.some((c) => c.old !== undefined && c.now !== undefined)) return false;
  for (const c of changes) {
    if (c.old === undefined) emit({ class: "safe", rule: "empty-added", reason: `\`${c.where}\` gives a value for an empty list instead of failing`, after: c.now });
    else emit({ class: "dangerous", rule: "empty-removed", reason: `\`${c.where}\` no longer gives a value for an empty list: it fails again`, before: c.old });
  }
  return true;
}

/** `call a → map { call b } → return`, for the JSON report and the markdown table. */
function summary(items: readonly ShapeItem[]): string {
  return items
    .map((i) => i.shape)
    .join(" → ")
    .replace(/\{ → /g, "{ ")
    .replace(/ → \}/g, " }");
}
