// Worst costs per way out of a statement list, so that the worst case of a
// flow is the costliest path through it rather than the sum of everything
// written: after `if c { return a() }`, the code below is not counted on the
// path that returned. Generic over the cost so it can be tested alone.

/** The worst cost of each way a statement list can end; absent when it cannot end that way. */
export interface Paths<C> {
  /** Reaching the end of the list. */
  readonly falls?: C;
  /** Leaving the flow with `return`. */
  readonly returns?: C;
  /** Leaving the innermost `repeat` with `break`. */
  readonly breaks?: C;
}

export interface PathAlgebra<C> {
  readonly zero: C;
  sum(costs: readonly C[]): C;
  max(costs: readonly C[]): C;
  times(cost: C, n: number): C;
}

export function present<C>(costs: readonly (C | undefined)[]): C[] {
  return costs.filter((c): c is C => c !== undefined);
}

/** The larger of two optional costs (absent when both are). */
function either<C>(a: C | undefined, b: C | undefined, alg: PathAlgebra<C>): C | undefined {
  const both = present([a, b]);
  return both.length === 0 ? undefined : alg.max(both);
}

function then<C>(before: C | undefined, after: C | undefined, alg: PathAlgebra<C>): C | undefined {
  return before === undefined || after === undefined ? undefined : alg.sum([before, after]);
}

/** Statements one after another: a later statement runs only on paths that reached it. */
export function sequencePaths<S, C>(stmts: readonly S[], pathsOf: (s: S) => Paths<C>, alg: PathAlgebra<C>): Paths<C> {
  let falls: C | undefined = alg.zero;
  let returns: C | undefined;
  let breaks: C | undefined;
  for (const s of stmts) {
    if (falls === undefined) break; // unreachable (FLW413): no path gets here
    const p = pathsOf(s);
    returns = either(returns, then(falls, p.returns, alg), alg);
    breaks = either(breaks, then(falls, p.breaks, alg), alg);
    falls = then(falls, p.falls, alg);
  }
  return { falls, returns, breaks };
}

/** `if`: the condition, then either branch (a missing `else` is an empty one). */
export function branchPaths<C>(condition: C, branches: readonly Paths<C>[], alg: PathAlgebra<C>): Paths<C> {
  const way = (pick: (p: Paths<C>) => C | undefined): C | undefined => {
    const costs = present(branches.map(pick));
    return costs.length === 0 ? undefined : alg.sum([condition, alg.max(costs)]);
  };
  return { falls: way((p) => p.falls), returns: way((p) => p.returns), breaks: way((p) => p.breaks) };
}

/**
 * `repeat (max: n)`: up to n−1 rounds that go on, then a last one that goes
 * on (the loop runs out), breaks (both continue after the loop) or returns.
 */
export function loopPaths<C>(body: Paths<C>, n: number, alg: PathAlgebra<C>): Paths<C> {
  const before = body.falls === undefined ? alg.zero : alg.times(body.falls, n - 1);
  const last = (c: C | undefined): C | undefined => then(before, c, alg);
  return { falls: either(last(body.falls), last(body.breaks), alg), returns: last(body.returns) };
}
