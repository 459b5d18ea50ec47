// The cost model: how many LLM requests a worker, tool or flow can make, as a
// formula in the sizes of its parameters. `worst` is the upper bound the
// review shows; `least` is a lower bound used for the low end of a cost range
// (one turn per worker, no delegation, one round of `repeat`, no branch).
// See docs/review.md for the model in words.
import type { CallableDef, CallableRef, CodeSettings, Expr, FlowDef, Stmt, WorkerDef } from "../../plan/ir.ts";
import { callableKey, type PlanIndex } from "../plan-index.ts";
import { add, ceilDiv, constant, max, multiply, size, substitute, ZERO, type Poly, type SizeAtom } from "./formula.ts";
import { branchPaths, loopPaths, present, sequencePaths, type PathAlgebra, type Paths } from "./paths.ts";
import { EMPTY_SCOPE, sizeOf, withBinder, type SizeScope } from "./sizes.ts";
import { DEFAULT_MAX_TURNS, DEFAULT_REDUCE_BATCH, DEFAULT_REPAIR_TURNS } from "../../../runtime/defaults.ts";
import { CODE_DEFAULTS } from "../../../runtime/code/defaults.ts";

/** The runtime's own defaults when a worker or reduce leaves them out (runtime/defaults.ts). */
export { DEFAULT_MAX_TURNS, DEFAULT_REDUCE_BATCH };
/** How the review names the model of a worker declared without one (the runtime's default applies). */
export const DEFAULT_MODEL = "(default model)";

export type Mode = "worst" | "least";

export interface Cost {
  readonly total: Poly;
  /** Requests per model id. */
  readonly byModel: ReadonlyMap<string, Poly>;
  /** Why the count has no bound (empty when bounded). */
  readonly unbounded: readonly string[];
}

const NONE: Cost = { total: ZERO, byModel: new Map(), unbounded: [] };

function mapCost(c: Cost, f: (p: Poly) => Poly): Cost {
  return { total: f(c.total), byModel: new Map([...c.byModel].map(([m, p]) => [m, f(p)])), unbounded: c.unbounded };
}

function sumCosts(costs: readonly Cost[]): Cost {
  const byModel = new Map<string, Poly>();
  for (const c of costs) for (const [m, p] of c.byModel) byModel.set(m, add(byModel.get(m) ?? ZERO, p));
  return { total: add(...costs.map((c) => c.total)), byModel, unbounded: unique(costs.flatMap((c) => c.unbounded)) };
}

function maxCosts(costs: readonly Cost[]): Cost {
  const models = unique(costs.flatMap((c) => [...c.byModel.keys()]));
  const byModel = new Map(models.map((m) => [m, max(...costs.map((c) => c.byModel.get(m) ?? ZERO))]));
  return { total: max(...costs.map((c) => c.total)), byModel, unbounded: unique(costs.flatMap((c) => c.unbounded)) };
}

function timesCost(c: Cost, n: Poly): Cost {
  return mapCost(c, (p) => multiply(p, n));
}

const COST_ALGEBRA: PathAlgebra<Cost> = {
  zero: NONE,
  sum: sumCosts,
  max: maxCosts,
  times: (c, n) => timesCost(c, constant(n)),
};

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

export function modelOf(w: WorkerDef): string {
  return w.model?.id ?? DEFAULT_MODEL;
}

/**
 * Where a call happens: the callables above it, and how many more levels of
 * calls the runtime allows below the current frame (a worker's `max_depth` D
 * allows D levels below it, as in runtime/frame.ts; Infinity when no
 * max_depth applies, so only the run's own depth limit would stop recursion).
 */
export interface CallSite {
  readonly stack: readonly CallableRef[];
  readonly levelsLeft: number;
}

export const ROOT: CallSite = { stack: [], levelsLeft: Infinity };

/** Analysis of one program; results are memoized per callable and call site. */
export class CostModel {
  private readonly memo = new Map<string, Cost>();
  constructor(
    private readonly index: PlanIndex,
    private readonly mode: Mode,
  ) {}

  /** The cost of one call of `ref` made at `at`, in the sizes of its own parameters. */
  callableCost(ref: CallableRef, at: CallSite = ROOT): Cost {
    const key = Number.isFinite(at.levelsLeft) ? `${callableKey(ref)}@${at.levelsLeft}` : [...at.stack, ref].map(callableKey).join(">");
    const cached = this.memo.get(key);
    if (cached) return cached;
    const cost = this.computeCallable(ref, at);
    this.memo.set(key, cost);
    return cost;
  }

  private computeCallable(ref: CallableRef, at: CallSite): Cost {
    const def = this.index.callable(ref);
    if (!def) return { ...NONE, unbounded: [`\`${ref.name}\` is not declared`] };
    const isRoot = at.stack.length === 0;
    if (!isRoot && at.levelsLeft < 1) return NONE; // refused by the depth limit: no request is made
    const start = at.stack.findIndex((s) => callableKey(s) === callableKey(ref));
    if (start !== -1 && !Number.isFinite(at.levelsLeft)) {
      const cycle = [...at.stack.slice(start), ref].map((c) => c.name).join(" → ");
      return { ...NONE, unbounded: [`recursion ${cycle} has no max_depth`] };
    }
    const below = isRoot ? Infinity : at.levelsLeft - 1;
    const levelsLeft = def.kind === "worker" && def.maxDepth !== undefined ? Math.min(below, def.maxDepth) : below;
    const inner: CallSite = { stack: [...at.stack, ref], levelsLeft };
    const rules: { [K in CallableDef["kind"]]: (d: Extract<CallableDef, { kind: K }>) => Cost } = {
      tool: () => NONE,
      worker: (w) => this.workerCost(w, inner),
      flow: (f) => this.flowCost(f, inner),
    };
    return (rules[def.kind] as (d: CallableDef) => Cost)(def);
  }

  /**
   * Up to max_turns requests, each turn calling each delegate at most once;
   * without delegates only one answer and one repair request are possible.
   */
  private workerCost(w: WorkerDef, at: CallSite): Cost {
    const own = (n: number): Cost => ({ total: constant(n), byModel: new Map([[modelOf(w), constant(n)]]), unbounded: [] });
    if (this.mode === "least") return own(1);
    if (w.code) return this.codeWorkerCost(w, w.code, at, own);
    const turns = w.maxTurns ?? DEFAULT_MAX_TURNS;
    // The answer, plus the repair turns the runtime sends while it does not validate.
    if (w.uses.length === 0) return own(Math.min(turns, 1 + DEFAULT_REPAIR_TURNS));
    const delegates = w.uses.map((d) => this.delegateCost(w, d, at));
    return timesCost(sumCosts([own(1), ...delegates]), constant(turns));
  }

  /**
   * A code worker: max_turns cells, each written in one request plus its
   * repairs; max_sub_calls sub-calls, each an `llm` request or a call of one
   * of its delegates (counted as all of them: a bound, not the exact worst).
   */
  private codeWorkerCost(w: WorkerDef, code: CodeSettings, at: CallSite, own: (n: number) => Cost): Cost {
    const turns = w.maxTurns ?? CODE_DEFAULTS.maxTurns;
    const subCalls = code.maxSubCalls ?? CODE_DEFAULTS.maxSubCalls;
    const delegates = w.uses.map((d) => this.delegateCost(w, d, at));
    return sumCosts([own(turns * (1 + DEFAULT_REPAIR_TURNS)), timesCost(sumCosts([own(1), ...delegates]), constant(subCalls))]);
  }

  private delegateCost(w: WorkerDef, d: CallableRef, at: CallSite): Cost {
    const chosen = `chosen by the model of ${w.name} when it calls ${d.name}`;
    const rename = (a: SizeAtom): Poly =>
      a.runtime ? size(`${d.name}/${a.root}`, a.path, true, a.origin) : size(`${w.name}→${d.name}.${a.root}`, a.path, true, chosen);
    return mapCost(this.callableCost(d, at), (p) => substitute(p, rename));
  }

  private flowCost(f: FlowDef, at: CallSite): Cost {
    const scope = scopeOf(f.body, EMPTY_SCOPE);
    if (this.mode === "least") return this.stmtsCost(f.body, scope, at);
    // The worst case is the costliest way through the body: one that returns, or one that reaches its end.
    const paths = this.pathsOf(f.body, scope, at);
    return maxCosts(present([paths.returns, paths.falls]));
  }

  /** The worst cost of each way out of `stmts` (see paths.ts). */
  private pathsOf(stmts: readonly Stmt[], scope: SizeScope, at: CallSite): Paths<Cost> {
    return sequencePaths(stmts, (s) => this.stmtPaths(s, scope, at), COST_ALGEBRA);
  }

  private stmtPaths(s: Stmt, scope: SizeScope, at: CallSite): Paths<Cost> {
    const e = (x: Expr | undefined): Cost => (x ? this.exprCost(x, scope, at) : NONE);
    switch (s.kind) {
      case "return":
        return { returns: e(s.value) };
      case "break":
        return { breaks: NONE };
      case "if":
        return branchPaths(e(s.condition), [this.pathsOf(s.then, scope, at), this.pathsOf(s.else ?? [], scope, at)], COST_ALGEBRA);
      case "repeat":
        return loopPaths(this.pathsOf(s.body, scope, at), s.max, COST_ALGEBRA);
      case "let":
      case "assign":
      case "expr":
        return { falls: this.stmtCost(s, scope, at) };
    }
  }

  /** The low end of a statement list: it stops at the first statement that may leave. */
  private stmtsCost(stmts: readonly Stmt[], scope: SizeScope, at: CallSite): Cost {
    const costs: Cost[] = [];
    for (const s of stmts) {
      costs.push(this.stmtCost(s, scope, at));
      if (mayLeave(s)) break;
    }
    return sumCosts(costs);
  }

  private stmtCost(s: Stmt, scope: SizeScope, at: CallSite): Cost {
    const e = (x: Expr | undefined): Cost => (x ? this.exprCost(x, scope, at) : NONE);
    const rules: { [K in Stmt["kind"]]: (s: Extract<Stmt, { kind: K }>) => Cost } = {
      let: (x) => e(x.value),
      assign: (x) => e(x.value),
      expr: (x) => e(x.expr),
      return: (x) => e(x.value),
      break: () => NONE,
      // (The low end: no branch, one round. The worst case takes paths: stmtPaths.)
      if: (x) => e(x.condition),
      repeat: (x) => this.stmtsCost(x.body, scope, at),
    };
    return (rules[s.kind] as (s: Stmt) => Cost)(s);
  }

  exprCost(x: Expr, scope: SizeScope, at: CallSite): Cost {
    const e = (y: Expr): Cost => this.exprCost(y, scope, at);
    const rules: { [K in Expr["kind"]]: (x: Extract<Expr, { kind: K }>) => Cost } = {
      literal: () => NONE,
      var: () => NONE,
      "enum-member": () => NONE,
      array: (a) => sumCosts(a.elements.map(e)),
      object: (o) => sumCosts(o.entries.map((en) => e(en.value))),
      member: (m) => e(m.object),
      builtin: (b) => sumCosts([...b.args.map(e), ...b.options.map((o) => e(o.value))]),
      binary: (b) => sumCosts([e(b.left), e(b.right)]),
      unary: (u) => e(u.operand),
      call: (c) => {
        const args = new Map(c.args.map((a) => [a.param, a.value]));
        const callee = this.callableCost(c.callee, at);
        const atCallSite = mapCost(callee, (p) =>
          substitute(p, (a) => {
            const arg = args.get(a.root);
            if (a.runtime || !arg) return size(a.runtime ? `${c.callee.name}/${a.root}` : a.root, a.path, true, a.origin);
            return sizeOf(arg, a.path, scope);
          }),
        );
        return sumCosts([...c.args.map((a) => e(a.value)), atCallSite]);
      },
      map: (m) => this.perElement(m.source, m.binder, m.body, scope, at),
      filter: (m) => this.perElement(m.source, m.binder, m.body, scope, at),
      reduce: (r) => sumCosts([e(r.source), ...(r.empty ? [e(r.empty)] : []), this.reduceCost(r, scope, at)]),
    };
    return (rules[x.kind] as (x: Expr) => Cost)(x);
  }

  /** A tree reduce of n items in batches of b makes ⌈(n−1)/(b−1)⌉ calls (b defaults to 8). */
  private reduceCost(r: Extract<Expr, { kind: "reduce" }>, scope: SizeScope, at: CallSite): Cost {
    const items = sizeOf(r.source, [], scope);
    const batch = Math.max(2, r.batch ?? DEFAULT_REDUCE_BATCH);
    const calls = ceilDiv(add(items, constant(-1)), batch - 1);
    const batchSize = constant(batch);
    const perCall = mapCost(this.callableCost(r.fn, at), (p) =>
      substitute(p, (a) => {
        if (a.runtime || a.root !== r.param) return size(`${r.fn.name}/${a.root}`, a.path, true, a.origin);
        return a.path.length === 0 ? batchSize : sizeOf(r.source, a.path, scope);
      }),
    );
    return timesCost(perCall, calls);
  }

  private perElement(source: Expr, binder: string, body: Expr, scope: SizeScope, at: CallSite): Cost {
    const inner = withBinder(scope, binder, source);
    return sumCosts([this.exprCost(source, scope, at), timesCost(this.exprCost(body, inner, at), sizeOf(source, [], scope))]);
  }
}

/** The `let`s of a flow body (all nesting levels), marking those reassigned anywhere. */
function scopeOf(body: readonly Stmt[], outer: SizeScope): SizeScope {
  const lets = new Map(outer.lets);
  const reassigned = new Set<string>();
  const visit = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === "let") lets.set(s.name, { value: s.value, reassigned: false });
      if (s.kind === "assign") reassigned.add(s.name);
      if (s.kind === "if") (visit(s.then), visit(s.else ?? []));
      if (s.kind === "repeat") visit(s.body);
    }
  };
  visit(body);
  for (const name of reassigned) {
    const before = lets.get(name);
    if (before) lets.set(name, { ...before, reassigned: true });
  }
  return { lets, binders: outer.binders };
}

/** True when a statement may end the flow or the loop (so later statements might not run). */
function mayLeave(s: Stmt): boolean {
  if (s.kind === "return" || s.kind === "break") return true;
  if (s.kind === "if") return [...s.then, ...(s.else ?? [])].some(mayLeave);
  return false;
}
