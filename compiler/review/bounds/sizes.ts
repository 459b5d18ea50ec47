// How big a value is, symbolically: the length of an array or a string as a
// formula in the sizes of the flow's parameters. `path` walks into the value
// (`["[]", "pages"]` = the pages of each element). What only a run can tell
// (a worker's result, a variable reassigned in a loop) becomes a run-time size.
import type { Expr } from "../../plan/ir.ts";
import { add, ceilDiv, constant, isConstant, constantValue, max, multiply, size, type Poly } from "./formula.ts";
import { assertNever } from "../../../grammar/exhaustive.ts";

type ExprOf<K extends Expr["kind"]> = Extract<Expr, { kind: K }>;

/** Where names in a flow body point: `let` values (unless reassigned) and map/filter binders. */
export interface SizeScope {
  readonly lets: ReadonlyMap<string, { readonly value: Expr; readonly reassigned: boolean }>;
  readonly binders: ReadonlyMap<string, { readonly source: Expr; readonly scope: SizeScope }>;
}

export const EMPTY_SCOPE: SizeScope = { lets: new Map(), binders: new Map() };

export function withBinder(scope: SizeScope, binder: string, source: Expr): SizeScope {
  return { lets: scope.lets, binders: new Map([...scope.binders, [binder, { source, scope }]]) };
}

/** The size of `e` followed by `path`, e.g. sizeOf(decks, ["[]", "pages"]). */
export function sizeOf(e: Expr, path: readonly string[], scope: SizeScope, label?: string): Poly {
  return (sizeRules[e.kind] as SizeRule<Expr>)(e, path, scope, label ?? describe(e));
}

type SizeRule<E> = (e: E, path: readonly string[], scope: SizeScope, label: string) => Poly;

function runtimeSize(label: string, path: readonly string[], origin = "computed at run time"): Poly {
  return size(label, path, true, origin);
}

const sizeRules: { [K in Expr["kind"]]: SizeRule<ExprOf<K>> } = {
  literal: (e, path, _s, label) => (typeof e.value === "string" && path.length === 0 ? constant(e.value.length) : runtimeSize(label, path)),
  array: (e, path, scope, label) => {
    if (path.length === 0) return constant(e.elements.length);
    if (path[0] !== "[]") return runtimeSize(label, path);
    return max(...e.elements.map((el) => sizeOf(el, path.slice(1), scope)));
  },
  object: (e, path, scope, label) => {
    const entry = e.entries.find((x) => x.key === path[0]);
    return entry ? sizeOf(entry.value, path.slice(1), scope) : runtimeSize(label, path);
  },
  var: (e, path, scope) => {
    const binder = e.binding === "binder" ? scope.binders.get(e.name) : undefined;
    if (binder) return sizeOf(binder.source, ["[]", ...path], binder.scope);
    const bound = e.binding === "let" ? scope.lets.get(e.name) : undefined;
    if (bound && !bound.reassigned) return sizeOf(bound.value, path, scope, e.name);
    if (e.binding === "param") return size(e.name, path);
    return runtimeSize(e.name, path, bound?.reassigned ? `${e.name} is reassigned` : undefined);
  },
  member: (e, path, scope) => sizeOf(e.object, [e.property, ...path], scope),
  "enum-member": (_e, path, _s, label) => runtimeSize(label, path),
  call: (e, path, _s, label) => runtimeSize(label, path, `the result of ${e.callee.name}`),
  builtin: (e, path, scope, label) => builtinSize(e, path, scope, label),
  binary: (e, path, scope, label) =>
    e.op === "+" && e.type.kind === "string" && path.length === 0
      ? add(sizeOf(e.left, [], scope), sizeOf(e.right, [], scope))
      : runtimeSize(label, path),
  unary: (_e, path, _s, label) => runtimeSize(label, path),
  map: (e, path, scope) => {
    if (path.length === 0) return sizeOf(e.source, [], scope);
    return sizeOf(e.body, path.slice(1), withBinder(scope, e.binder, e.source));
  },
  filter: (e, path, scope) => sizeOf(e.source, path, scope),
  reduce: (e, path, _s, label) => runtimeSize(label, path, `the result of reduce with ${e.fn.name}`),
};

/** The option value of a built-in when it is a literal number. */
export function numericOption(e: ExprOf<"builtin">, name: string): number | undefined {
  const option = e.options.find((o) => o.name === name)?.value;
  return option?.kind === "literal" && typeof option.value === "number" ? option.value : undefined;
}

/** Chunks of `split(text, max_chars: M, overlap: o)`: ⌈len(text)/(M−o)⌉. */
export function splitChunks(e: ExprOf<"builtin">, scope: SizeScope): Poly | undefined {
  const maxChars = numericOption(e, "max_chars");
  const text = e.args[0];
  if (maxChars === undefined || text === undefined) return undefined;
  const step = Math.max(1, maxChars - (numericOption(e, "overlap") ?? 0));
  return ceilDiv(sizeOf(text, [], scope), step);
}

function builtinSize(e: ExprOf<"builtin">, path: readonly string[], scope: SizeScope, label: string): Poly {
  const [first, second] = e.args;
  switch (e.name) {
    case "split": {
      if (path.length === 0) return splitChunks(e, scope) ?? runtimeSize(label, path);
      const maxChars = numericOption(e, "max_chars");
      return path.length === 1 && maxChars !== undefined ? constant(maxChars) : runtimeSize(label, path);
    }
    case "flatten":
      if (!first) return runtimeSize(label, path);
      if (path.length === 0) return multiply(sizeOf(first, [], scope), sizeOf(first, ["[]"], scope));
      return sizeOf(first, ["[]", ...path], scope);
    case "concat":
      if (!first || !second) return runtimeSize(label, path);
      if (path.length === 0) return add(sizeOf(first, [], scope), sizeOf(second, [], scope));
      return max(sizeOf(first, path, scope), sizeOf(second, path, scope));
    case "sort":
      return first ? sizeOf(first, path, scope) : runtimeSize(label, path);
    case "count":
      // At most one row per element; a row's fields are scalars.
      return first && path.length === 0 ? sizeOf(first, [], scope) : runtimeSize(label, path);
    case "min":
    case "max": {
      // An element, or the `empty:` value.
      const empty = e.options.find((o) => o.name === "empty")?.value;
      if (!first) return runtimeSize(label, path);
      const element = sizeOf(first, ["[]", ...path], scope);
      return empty ? max(element, sizeOf(empty, path, scope)) : element;
    }
    case "join":
    case "len":
    case "sum":
      return runtimeSize(label, path);
  }
  return assertNever(e.name);
}

/** A short name for a value in formulas: `topics`, `find_topics(…)`, `deck.pages`. */
export function describe(e: Expr): string {
  switch (e.kind) {
    case "var":
      return e.name;
    case "member":
      return `${describe(e.object)}.${e.property}`;
    case "call":
      return `${e.callee.name}(…)`;
    case "builtin":
      return `${e.name}(…)`;
    case "reduce":
      return `reduce(…)`;
    case "map":
    case "filter":
      return `${e.kind}(…)`;
    // Values without a name of their own.
    case "binary":
    case "unary":
    case "literal":
    case "array":
    case "object":
    case "enum-member":
      return "value";
  }
}

export function isKnownNumber(p: Poly): number | undefined {
  return isConstant(p) ? constantValue(p) : undefined;
}
