// Calls of workers, tools and flows, and calls that cannot be made (locals, misplaced options).
import type { Arg, CallExpr } from "../../grammar/ast.ts";
import { D, diag } from "../diagnostics/table.ts";
import type { BuiltinName, CallableRef, Expr as IrExpr } from "../plan/ir.ts";
import type { Env, Local } from "./env.ts";
import type { ExprChecker } from "./expr.ts";
import { matchArgs, paramHint, type ParamSpec } from "./expr-args.ts";
import { checkBuiltin } from "./expr-builtins.ts";
import { BUILTIN_NAMES, didYouMean, LIST_BUILTIN_NAMES } from "./names.ts";
import { formatSignature, kindWithArticle, symbolKey } from "./program.ts";
import { T } from "./types.ts";
import { H, help } from "../diagnostics/hints.ts";

/** The options of `map`/`filter` (`concurrency`) and `reduce` (`batch`). */
const MAP_OPTIONS: ReadonlySet<string> = new Set(["concurrency", "batch"]);

export function checkCall(c: ExprChecker, e: CallExpr, env: Env): IrExpr {
  const name = e.callee.name;
  // (A local that hides a declaration was reported where it is defined: call the declaration.)
  const local = env.lookup(name);
  if (local !== undefined && !BUILTIN_NAMES.has(name) && c.state.lookup(c.info, name) === undefined) return checkLocalCall(c, e, local, env);
  const sym = c.state.lookup(c.info, name);
  // (A declaration named like a list built-in hides it: LIST_BUILTIN_NAMES.)
  if (BUILTIN_NAMES.has(name) && !(sym !== undefined && LIST_BUILTIN_NAMES.has(name))) return checkBuiltin(c, e, name as BuiltinName, env);
  const callable = sym !== undefined ? c.state.callables.get(symbolKey(sym.module, sym.name)) : undefined;
  if (sym === undefined || callable === undefined) {
    if (sym === undefined) {
      if (c.info.poisoned.has(name)) {
        for (const a of e.args) c.value(a.value, env);
        return { kind: "call", callee: { kind: "flow", name, module: c.info.file }, args: [], type: T.error, span: e.span };
      }
      const candidates = [...c.state.namesOf(c.info, ["worker", "tool", "flow"]), ...BUILTIN_NAMES];
      c.report(diag(D.UnknownName, e.callee.span, [name], { hint: didYouMean(name, candidates) }));
    } else {
      c.report(diag(D.NotCallable, e.callee.span, [name, kindWithArticle(sym.kind)]));
    }
    for (const a of e.args) c.value(a.value, env);
    return { kind: "call", callee: { kind: "flow", name, module: c.info.file }, args: [], type: T.error, span: e.span };
  }
  const callee: CallableRef = { kind: callable.kind, name: sym.name, module: sym.module };
  if (!c.mode.allowCalls) c.report(diag(D.ContextCall, e.callee.span, [name]));
  else if (c.mode.owner !== undefined) {
    c.state.edges.push({ from: c.mode.owner, to: symbolKey(sym.module, sym.name), via: "call", span: e.callee.span });
  }
  const signature = `${name}${formatSignature(callable.signature)}`;
  const params: ParamSpec[] = callable.signature.params.map((p) => ({ name: p.name, type: p.type, optional: false }));
  const { matched, stray } = matchArgs(c, e.args, params, e.callee, signature);
  const args: { param: string; value: IrExpr }[] = [];
  for (const m of matched) {
    if (m === undefined) continue;
    args.push({
      param: m.param.name,
      value: c.expect(m.arg.value, env, m.param.type, paramHint(m.param.name, signature)),
    });
  }
  for (const a of stray) c.value(a.value, env);
  return { kind: "call", callee, args, type: callable.signature.returns, span: e.span };
}

/**
 * `xs(concurrency: 4)` calls a local, which cannot be called. With only
 * options of `map`/`filter`/`reduce` inside, the options group was meant
 * and lost its space (the call-paren rule, tokens.ts).
 */
export function checkLocalCall(c: ExprChecker, e: CallExpr, local: Local, env: Env): IrExpr {
  const name = e.callee.name;
  const what = local.binding === "param" ? "a parameter" : "a variable";
  if (isOptionsOnly(e.args)) {
    const written = optionsText(e.args);
    c.report(
      diag(D.NotCallable, e.span, [name, what], {
        message: `\`${name}(...)\` calls ${what}: options of \`map\`, \`filter\` and \`reduce\` need a space before \`(\``,
        hint: help(H.WriteInstead, [`${name} (${written})`]),
      }),
    );
  } else {
    for (const a of e.args) c.value(a.value, env);
    c.report(diag(D.NotCallable, e.callee.span, [name, what]));
  }
  return { kind: "call", callee: { kind: "flow", name, module: c.info.file }, args: [], type: T.error, span: e.span };
}

/** `reduce xs(batch: 8) with f`: the options belong after the function. Reads `xs` on. */
export function misplacedOptions(c: ExprChecker, source: CallExpr, fn: string, env: Env): IrExpr {
  const name = source.callee.name;
  c.report(
    diag(D.UnknownOption, source.span, [name, "reduce"], {
      message: "the options of `reduce` come after its function",
      hint: help(H.WriteInstead, [`reduce ${name} with ${fn} (${optionsText(source.args)})`]),
    }),
  );
  return c.value({ kind: "Name", name: source.callee, span: source.callee.span }, env);
}

/** `(concurrency: 4)`, `(batch: 8)`: arguments that are all options of `map`/`filter`/`reduce`. */
export function isOptionsOnly(args: readonly Arg[]): boolean {
  return args.length > 0 && args.every((a) => a.name !== undefined && MAP_OPTIONS.has(a.name.name));
}

export function optionsText(args: readonly Arg[]): string {
  return args.map((a) => `${a.name?.name ?? "option"}: ${a.value.kind === "Number" ? a.value.value : "N"}`).join(", ");
}
