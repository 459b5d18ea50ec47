// map, filter and reduce: their sources, options and binders.
import type { Arg, Expr, Ident, Span } from "../../grammar/ast.ts";
import { D, diag } from "../diagnostics/table.ts";
import type { CallableRef, Expr as IrExpr, Type } from "../plan/ir.ts";
import { countProblem, numberLiteral } from "./declarations.ts";
import type { Env, Local } from "./env.ts";
import type { ExprChecker } from "./expr.ts";
import { isOptionsOnly, misplacedOptions } from "./expr-calls.ts";
import { mismatchDetail } from "./expr-hints.ts";
import { mayBeEmpty } from "./expr-lists.ts";
import { buildsObjects } from "./expr-literals.ts";
import { BUILTIN_NAMES, didYouMean, listNames, reservedReason } from "./names.ts";
import { formatSignature, kindWithArticle, symbolKey } from "./program.ts";
import { isAssignable, isStringLike, T, typeToString } from "./types.ts";
import { H, help } from "../diagnostics/hints.ts";

export function elementOf(c: ExprChecker, source: IrExpr, span: Span, what: string): Type {
  const t = source.type;
  if (t.kind === "array") return t.element;
  if (t.kind !== "error") {
    const hint = isStringLike(t)
      ? "split the text first: `split(text, max_chars: 8000)`"
      : t.kind === "record" || t.kind === "object"
        ? "wrap a single value in a list: `[x]`"
        : undefined;
    c.report(diag(D.NotAnArray, span, [what, typeToString(t)], { hint }));
  }
  return T.error;
}

/** Checks `(name: N)` options: known names, no duplicates, positive integer literals. */
export function checkOptions(c: ExprChecker, args: readonly Arg[], allowed: readonly string[], construct: string): Map<string, number> {
  const out = new Map<string, number>();
  const seen = new Map<string, Span>();
  for (const arg of args) {
    if (arg.name === undefined) {
      c.report(
        diag(D.UnnamedOption, arg.span, [], {
          hint: `name it: \`(${allowed[0] ?? "option"}: ${arg.value.kind === "Number" ? arg.value.value : "N"})\``,
        }),
      );
      continue;
    }
    const name = arg.name.name;
    if (!allowed.includes(name)) {
      c.report(
        diag(D.UnknownOption, arg.name.span, [name, construct], {
          hint: didYouMean(name, allowed) ?? (allowed.length === 0 ? `\`${construct}\` takes no options` : `\`${construct}\` takes ${listNames(allowed)}`),
        }),
      );
      continue;
    }
    const first = seen.get(name);
    if (first !== undefined) {
      c.report(diag(D.DuplicateName, arg.name.span, ["option", name], { related: [{ message: "first given here", span: first }] }));
      continue;
    }
    seen.set(name, arg.name.span);
    const v = arg.value;
    const n = numberLiteral(v);
    if (n !== undefined && n.integer && n.value > 0 && Number.isSafeInteger(n.value)) out.set(name, n.value);
    else {
      const problem = countProblem(name, v, 1, name === "max" ? 5 : name === "batch" ? 8 : 4);
      c.report(diag(D.InvalidSettingValue, v.span, [name, problem.what], { hint: problem.hint }));
    }
  }
  return out;
}

/** Declares a binder (map/filter): reserved words and shadowing are errors. */
export function declareLocal(c: ExprChecker, ident: Ident, env: Env, type: Type, binding: Local["binding"], checkReserved = true): Local {
  const name = ident.name;
  const reason = checkReserved ? reservedReason(name) : undefined;
  if (reason !== undefined) c.report(diag(D.ReservedName, ident.span, [name, reason]));
  else {
    const existing = env.lookup(name);
    const entry = c.info.scope.get(name);
    if (reservedReason(name) !== undefined) {
      // already reported where the parameter is declared
    } else if (existing !== undefined) {
      c.report(
        diag(D.ShadowedName, ident.span, [name], {
          related: [{ message: `\`${name}\` is defined here`, span: existing.span }],
          hint: help(H.ChooseAnotherName, [`\`${name}\` would hide the ${existing.binding === "param" ? "parameter" : existing.binding === "binder" ? "variable" : "`let`"} above`]),
        }),
      );
    } else if (entry !== undefined) {
      c.report(
        diag(D.ShadowedName, ident.span, [name], {
          related: [{ message: `\`${name}\` is ${entry.imported ? "imported" : "declared"} here`, span: entry.span }],
          hint: help(H.ChooseAnotherName, [`\`${name}\` is ${kindWithArticle(entry.symbol.kind)} of this module`]),
        }),
      );
    }
  }
  const local: Local = { name, type, binding, span: ident.span };
  env.define(local);
  return local;
}

/**
 * `expected` is the type the result must have, when the context knows it
 * (`T[]`): it types a `map` body (`=> { x: p.a }` becomes a `Point`) and a
 * `filter` source, as it types array and object literals.
 */
export function checkMapOrFilter(c: ExprChecker, e: Extract<Expr, { kind: "Map" | "Filter" }>, env: Env, expected?: Type): IrExpr {
  const construct = e.kind === "Map" ? "map" : "filter";
  const expectedArray = expected?.kind === "array" ? expected : undefined;
  const source = c.value(e.source, env, e.kind === "Filter" ? expectedArray : undefined);
  const element = elementOf(c, source, e.source.span, construct);
  const options = checkOptions(c, e.options, ["concurrency"], construct);
  const inner = env.child();
  declareLocal(c, e.binder, inner, element, "binder");
  const concurrency = options.get("concurrency");
  if (e.kind === "Map") {
    const body = c.expr(e.body, inner, expectedArray?.element);
    c.present(body);
    const type: Type = body.type.kind === "void" ? T.void : source.type.kind === "error" ? T.error : T.array(body.type);
    return withConcurrency({ kind: "map", binder: e.binder.name, binderType: element, source, body, type, span: e.span }, concurrency);
  }
  const body = c.value(e.body, inner);
  if (body.type.kind !== "bool" && body.type.kind !== "error") {
    c.report(diag(D.ConditionNotBool, e.body.span, ["a `filter` condition", typeToString(body.type)]));
  }
  const type: Type = source.type.kind === "array" ? source.type : T.error;
  return withConcurrency({ kind: "filter", binder: e.binder.name, binderType: element, source, body, type, span: e.span }, concurrency);
}

export function checkReduce(c: ExprChecker, e: Extract<Expr, { kind: "Reduce" }>, env: Env): IrExpr {
  const name = e.fn.name;
  const sym = c.state.lookup(c.info, name);
  const callable = sym !== undefined ? c.state.callables.get(symbolKey(sym.module, sym.name)) : undefined;
  // The callable's parameter types the source, so `reduce map p in ps => { ... } with f`
  // builds the records `f` takes.
  // (Only for object literals: anything else is clearer reported as FLW315.)
  const first = callable?.signature.params[0];
  const misplaced = e.source.kind === "Call" && env.lookup(e.source.callee.name) !== undefined && isOptionsOnly(e.source.args);
  const source =
    misplaced && e.source.kind === "Call"
      ? misplacedOptions(c, e.source, e.fn.name, env)
      : c.value(e.source, env, first?.type.kind === "array" && buildsObjects(e.source) ? first.type : undefined);
  const element = elementOf(c, source, e.source.span, "reduce");
  // `empty:` is a value, not a count like `batch`: checked below, once the result type is known.
  const [emptyArg, ...emptyAgain] = e.options.filter((a) => a.name?.name === "empty");
  for (const a of emptyAgain) c.report(diag(D.DuplicateName, a.name!.span, ["option", "empty"], { related: [{ message: "first given here", span: emptyArg!.name!.span }] }));
  const options = checkOptions(c, e.options.filter((a) => a.name?.name !== "empty"), ["batch", "empty"], "reduce");
  const batch = options.get("batch");
  const fail = (): IrExpr => {
    const empty = emptyArg === undefined ? undefined : c.value(emptyArg.value, env);
    return withBatch({ kind: "reduce", source, fn: { kind: "flow", name, module: c.info.file }, param: "", type: T.error, span: e.span, ...(empty && { empty }) }, batch);
  };
  if (sym === undefined || callable === undefined) {
    if (sym === undefined && c.info.poisoned.has(name)) {
      // imported from a module that could not be loaded: already reported
    } else if (sym === undefined && !BUILTIN_NAMES.has(name)) {
      const candidates = c.state.namesOf(c.info, ["worker", "tool", "flow"]);
      c.report(diag(D.UnknownName, e.fn.span, [name], { hint: didYouMean(name, candidates) }));
    } else {
      c.report(diag(D.NotCallable, e.fn.span, [name, sym === undefined ? "a built-in function" : kindWithArticle(sym.kind)]));
    }
    return fail();
  }
  const fn: CallableRef = { kind: callable.kind, name: sym.name, module: sym.module };
  if (!c.mode.allowCalls) c.report(diag(D.ContextCall, e.fn.span, [name]));
  else if (c.mode.owner !== undefined) {
    c.state.edges.push({ from: c.mode.owner, to: symbolKey(sym.module, sym.name), via: "call", span: e.fn.span });
  }
  const sig = callable.signature;
  const records = c.state.recordLookup;
  // `f: (P[]) -> P` reduces any `E[]` whose elements fit `P`; the result is a `P`.
  const t = element.kind === "error" || element.kind === "never" ? sig.returns : element;
  const param = sig.params[0];
  const p = param?.type.kind === "array" ? param.type.element : undefined;
  const fits =
    sig.params.length === 1 &&
    p !== undefined &&
    isAssignable(t, p, records) &&
    isAssignable(sig.returns, p, records);
  if (!fits && element.kind !== "error") {
    const why = param?.type.kind === "array" && sig.params.length === 1 ? mismatchDetail(c, T.array(t), param.type) : undefined;
    c.report(
      diag(D.ReduceSignature, e.fn.span, [typeToString(T.array(t)), typeToString(t), name, formatSignature(sig)], {
        hint:
          `\`reduce\` calls \`${name}\` on batches of elements and then on the batches' results, so it must take a single \`${typeToString(T.array(t))}\` parameter and return \`${typeToString(t)}\`` +
          (why === undefined ? "" : ` (${why})`),
      }),
    );
  }
  const type = fits && p !== undefined ? p : T.error;
  const empty = emptyArg === undefined ? undefined : type.kind === "error" ? c.value(emptyArg.value, env) : c.expect(emptyArg.value, env, type, "`empty:` is the result for an empty list");
  if (emptyArg === undefined && !misplaced && type.kind !== "error" && mayBeEmpty(source)) {
    // (At the word `reduce`: the whole expression may span lines.)
    const word = { ...e.span, end: { offset: e.span.start.offset + 6, line: e.span.start.line, column: e.span.start.column + 6 } };
    const xs = e.source.kind === "Name" ? e.source.name.name : "xs";
    c.report(diag(D.MayBeEmpty, word, ["reduce", `reduce ${xs} with ${name} (${batch === undefined ? "" : `batch: ${batch}, `}empty: value)`]));
  }
  return withBatch({ kind: "reduce", source, fn, param: param?.name ?? "", type, span: e.span, ...(empty && { empty }) }, batch);
}

function withConcurrency<E extends IrExpr>(e: E, concurrency: number | undefined): E {
  return concurrency === undefined ? e : { ...e, concurrency };
}

function withBatch<E extends IrExpr>(e: E, batch: number | undefined): E {
  return batch === undefined ? e : { ...e, batch };
}
