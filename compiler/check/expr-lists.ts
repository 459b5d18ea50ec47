// The list built-ins of aggregation: sum, min, max, sort, count. Each takes a
// list and, with `by: field`, a key read from every element (a field path,
// not an expression: plans have no lambdas, and a computed key is a `map` to
// records first). Keys must be ordered (numbers, text) or, for `count`, plain
// values; `empty:` is what `min`/`max` give for an empty list.
import type { CallExpr, Expr, Span } from "../../grammar/ast.ts";
import { D, diag } from "../diagnostics/table.ts";
import type { Expr as IrExpr, ListBuiltinName, Type } from "../plan/ir.ts";
import type { Env } from "./env.ts";
import type { ExprChecker } from "./expr.ts";
import { matchArgs, paramHint, type ParamSpec } from "./expr-args.ts";
import { didYouMean } from "./names.ts";
import { isNumeric, isStringLike, joinTypes, T, typeToString } from "./types.ts";

const SIGNATURES: Readonly<Record<ListBuiltinName, string>> = {
  sum: "sum(xs: T[], by?: field) -> int | number",
  min: "min(xs: T[], by?: field, empty?: T) -> T",
  max: "max(xs: T[], by?: field, empty?: T) -> T",
  sort: "sort(xs: T[], by?: field, descending?: bool) -> T[]",
  count: "count(xs: T[], by?: field) -> { key: K, count: int }[]",
};

const xs: ParamSpec = { name: "xs", type: T.error, optional: false };
const by: ParamSpec = { name: "by", type: T.error, optional: true };
const empty: ParamSpec = { name: "empty", type: T.error, optional: true };
const PARAMS: Readonly<Record<ListBuiltinName, readonly ParamSpec[]>> = {
  sum: [xs, by],
  min: [xs, by, empty],
  max: [xs, by, empty],
  sort: [xs, by, { name: "descending", type: T.bool, optional: true }],
  count: [xs, by],
};

/** What each built-in does to its keys (for FLW322), and which keys it takes. */
const KEYS: Readonly<Record<ListBuiltinName, { verb: string; takes: (t: Type) => boolean; what: string }>> = {
  sum: { verb: "add", takes: isNumeric, what: "numbers (`int` or `number`)" },
  min: { verb: "compare", takes: isOrdered, what: "numbers or text" },
  max: { verb: "compare", takes: isOrdered, what: "numbers or text" },
  sort: { verb: "order", takes: isOrdered, what: "numbers or text" },
  count: { verb: "count", takes: (t) => isOrdered(t) || t.kind === "bool" || t.kind === "enum", what: "numbers, text, `bool` or enum members" },
};

function isOrdered(t: Type): boolean {
  return isNumeric(t) || isStringLike(t);
}

export function checkListBuiltin(c: ExprChecker, e: CallExpr, name: ListBuiltinName, env: Env): IrExpr {
  const signature = SIGNATURES[name];
  const { matched, stray } = matchArgs(c, e.args, PARAMS[name], e.callee, signature);
  const arg = (param: string): Expr | undefined => matched.find((m) => m?.param.name === param)?.arg.value;
  const list = arg("xs");
  const source = list === undefined ? undefined : c.value(list, env);
  const element = source === undefined ? T.error : elementType(c, source, list!.span, name, signature);
  const byArg = arg("by");
  const key = byArg === undefined ? { type: element } : keyOf(c, byArg, element);
  const rule = KEYS[name];
  const known = key.type.kind !== "error" && key.type.kind !== "never";
  if (known && !rule.takes(key.type)) {
    const hint = `\`${name}\` takes ${rule.what}${byArg === undefined && (key.type.kind === "record" || key.type.kind === "object") ? "; name a field of the elements: `by: field`" : ""}`;
    c.report(diag(D.ListKeyType, (byArg ?? list ?? e.callee).span, [name, rule.verb, typeToString(key.type)], { hint }));
  }
  const options: { name: string; value: IrExpr }[] = [];
  if (byArg !== undefined && key.path !== undefined) {
    options.push({ name: "by", value: { kind: "literal", value: key.path, type: T.literals([key.path]), span: byArg.span } });
  }
  const descending = arg("descending");
  if (descending !== undefined) options.push({ name: "descending", value: c.expect(descending, env, T.bool, paramHint("descending", signature)) });
  const emptyArg = arg("empty");
  let picked = element;
  if (emptyArg !== undefined) {
    const value = c.value(emptyArg, env, element.kind === "error" || element.kind === "never" ? undefined : element);
    options.push({ name: "empty", value });
    // The result is an element or the `empty:` value: `max(["a", "b"], empty: "none")` is `"a" | "b" | "none"`,
    // and `max([], empty: 0)` an `int`.
    const joined = element.kind === "error" ? element : joinTypes(element, value.type, c.state.recordLookup);
    if (joined === undefined) c.assignable(value.type, element, emptyArg.span, paramHint("empty", signature));
    else picked = joined;
  }
  for (const a of stray) c.value(a.value, env);
  if ((name === "min" || name === "max") && emptyArg === undefined && source !== undefined && key.type.kind !== "error" && mayBeEmpty(source)) {
    c.report(diag(D.MayBeEmpty, e.callee.span, [name, `${name}(..., empty: value)`]));
  }
  const type = key.type.kind === "error" ? T.error : resultType(name, picked, key.type);
  return { kind: "builtin", name, args: source === undefined ? [] : [source], options, type, span: e.span };
}

function resultType(name: ListBuiltinName, element: Type, key: Type): Type {
  switch (name) {
    case "sum":
      return key.kind === "number" ? T.number : T.int;
    case "min":
    case "max":
      return element;
    case "sort":
      return T.array(element);
    case "count":
      return T.array({ kind: "object", fields: [{ name: "key", type: key }, { name: "count", type: T.int }] });
  }
}

function elementType(c: ExprChecker, source: IrExpr, span: Span, name: string, signature: string): Type {
  const t = source.type;
  if (t.kind === "array") return t.element;
  if (t.kind !== "error") c.report(diag(D.TypeMismatch, span, ["T[]", typeToString(t)], { hint: `\`${name}\` takes a list: \`${signature}\`` }));
  return T.error;
}

/** `by: score` or `by: stats.score`: the field path, checked against the element type. */
function keyOf(c: ExprChecker, e: Expr, element: Type): { type: Type; path?: string } {
  const steps = fieldPath(e);
  if (steps === undefined) {
    c.report(diag(D.KeyNotAField, e.span));
    return { type: T.error };
  }
  let type = element;
  for (const step of steps) {
    // (The elements of `[]` have every field: there is no element to read one from.)
    if (type.kind === "error" || type.kind === "never") return { type, path: steps.map((s) => s.name).join(".") };
    const fields = type.kind === "record" ? c.state.recordFields(type) : type.kind === "object" ? type.fields.map((f) => ({ ...f, optional: false })) : undefined;
    if (fields === undefined) {
      c.report(diag(D.NoFields, step.span, [step.name, typeToString(type)], { hint: "`by:` names a field of the elements; without `by:` the elements themselves are the keys" }));
      return { type: T.error };
    }
    const field = fields.find((f) => f.name === step.name);
    if (field === undefined) {
      // `by: e.score`, as if `by:` took a function of the element: the rest is the field.
      const rest = step === steps[0] && steps.length > 1 ? `\`by:\` names a field of each element: \`by: ${steps.slice(1).map((s) => s.name).join(".")}\`` : undefined;
      c.report(diag(D.UnknownField, step.span, [typeToString(type), step.name], { hint: didYouMean(step.name, fields.map((f) => f.name)) ?? rest }));
      return { type: T.error };
    }
    if (field.optional) {
      c.report(
        diag(D.OptionalFieldValue, step.span, [steps.map((s) => s.name).join("."), step.name, typeToString(type)], {
          hint: "a key must be there for every element: make the field required, or `map` to records with `?? default` first",
        }),
      );
      return { type: T.error };
    }
    type = field.type;
  }
  return { type, path: steps.map((s) => s.name).join(".") };
}

/** `a.b.c` as its names, or undefined for anything but names and fields. */
function fieldPath(e: Expr): { name: string; span: Span }[] | undefined {
  if (e.kind === "Name") return [{ name: e.name.name, span: e.name.span }];
  if (e.kind !== "Member") return undefined;
  const head = fieldPath(e.object);
  return head === undefined ? undefined : [...head, { name: e.property.name, span: e.property.span }];
}

/**
 * False only for lists that are never empty by their form: a list literal
 * with elements, and `map`, `sort` or `concat` of one. Anything else (a
 * parameter, a call's result, `filter`, `split`) may be empty at run time.
 */
export function mayBeEmpty(e: IrExpr): boolean {
  if (e.kind === "array") return e.elements.length === 0;
  if (e.kind === "map") return mayBeEmpty(e.source);
  if (e.kind === "builtin" && e.name === "sort") return e.args[0] === undefined || mayBeEmpty(e.args[0]);
  if (e.kind === "builtin" && e.name === "concat") return e.args.every(mayBeEmpty);
  return true;
}
