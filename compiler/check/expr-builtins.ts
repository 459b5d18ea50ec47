// Built-in functions (split, flatten, len, join, concat): signatures, arguments and result types.
// The list built-ins (sum, min, max, sort, count) are in expr-lists.ts.
import type { CallExpr, Span } from "../../grammar/ast.ts";
import { D, diag } from "../diagnostics/table.ts";
import { isListBuiltin, type BuiltinName, type Expr as IrExpr, type ListBuiltinName, type Type } from "../plan/ir.ts";
import { numberLiteral } from "./declarations.ts";
import type { Env } from "./env.ts";
import type { ExprChecker } from "./expr.ts";
import { matchArgs, paramHint, type ParamSpec } from "./expr-args.ts";
import { checkListBuiltin } from "./expr-lists.ts";
import { buildsObjects } from "./expr-literals.ts";
import { containsNever, containsObject, isStringLike, joinTypes, T, typeToString } from "./types.ts";

type CoreBuiltinName = Exclude<BuiltinName, ListBuiltinName>;

const BUILTIN_SIGNATURES: Readonly<Record<CoreBuiltinName, string>> = {
  split: "split(text: string, max_chars: int, overlap?: int) -> string[]",
  flatten: "flatten(xss: T[][]) -> T[]",
  len: "len(xs: T[] | string) -> int",
  join: "join(xs: string[], sep: string) -> string",
  concat: "concat(xs: T[], ys: T[]) -> T[]",
};

/** Parameters of the built-ins; `T` placeholders are `error` here and inferred by hand. */
const BUILTIN_PARAMS: Readonly<Record<CoreBuiltinName, readonly ParamSpec[]>> = {
  split: [
    { name: "text", type: T.string, optional: false },
    { name: "max_chars", type: T.int, optional: false },
    { name: "overlap", type: T.int, optional: true },
  ],
  flatten: [{ name: "xss", type: T.error, optional: false }],
  len: [{ name: "xs", type: T.error, optional: false }],
  join: [
    { name: "xs", type: T.array(T.string), optional: false },
    { name: "sep", type: T.string, optional: false },
  ],
  concat: [
    { name: "xs", type: T.error, optional: false },
    { name: "ys", type: T.error, optional: false },
  ],
};

/** Parameters of `split` that the IR keeps as named options. */
const BUILTIN_OPTIONS: ReadonlySet<string> = new Set(["max_chars", "overlap"]);

export function checkBuiltin(c: ExprChecker, e: CallExpr, builtin: BuiltinName, env: Env): IrExpr {
  if (isListBuiltin(builtin)) return checkListBuiltin(c, e, builtin, env);
  const name: CoreBuiltinName = builtin;
  const params = BUILTIN_PARAMS[name];
  const signature = BUILTIN_SIGNATURES[name];
  const { matched, stray } = matchArgs(c, e.args, params, e.callee, signature);
  const values: (IrExpr | undefined)[] = [];
  matched.forEach((m, i) => {
    if (m === undefined) {
      values.push(undefined);
      return;
    }
    if (m.param.type.kind !== "error") {
      values.push(c.expect(m.arg.value, env, m.param.type, paramHint(m.param.name, signature)));
      return;
    }
    // `concat(points, [{ x: 1, y: 2 }])`: the first list types the literals of the second.
    const first = values[0];
    // (Only when the first list holds records: an empty list's `never[]` fits nothing, and
    // the type of object literals would make the second list's literals match it exactly.)
    const hint =
      name === "concat" && i === 1 && first?.type.kind === "array" && !containsNever(first.type) && !containsObject(first.type) && buildsObjects(m.arg.value)
        ? first.type
        : undefined;
    values.push(c.value(m.arg.value, env, hint));
  });
  for (const a of stray) c.value(a.value, env);
  const hint = `\`${signature}\``;
  let type: Type = T.error;
  const first = values[0];
  const firstSpan = matched[0]?.arg.value.span;
  switch (name) {
    case "split": {
      type = T.array(T.string);
      // Literal sizes are checked here rather than failing at run time.
      const literal = (param: string): { value: number; span: Span } | undefined => {
        const m = matched.find((x) => x?.param.name === param);
        const v = m?.arg.value;
        const n = v === undefined ? undefined : numberLiteral(v);
        return v !== undefined && n !== undefined ? { value: n.value, span: v.span } : undefined;
      };
      const maxChars = literal("max_chars");
      const overlap = literal("overlap");
      if (maxChars !== undefined && (!Number.isInteger(maxChars.value) || maxChars.value < 1)) {
        c.report(diag(D.InvalidSettingValue, maxChars.span, ["max_chars", "a positive integer"]));
      } else if (overlap !== undefined && (!Number.isInteger(overlap.value) || overlap.value < 0)) {
        c.report(diag(D.InvalidSettingValue, overlap.span, ["overlap", "a non-negative integer"]));
      } else if (overlap !== undefined && maxChars !== undefined && overlap.value >= maxChars.value) {
        c.report(diag(D.InvalidSettingValue, overlap.span, ["overlap", "smaller than `max_chars`"], { hint: "chunks overlap by fewer characters than they hold" }));
      }
      break;
    }
    case "join":
      type = T.string;
      break;
    case "len":
      type = T.int;
      if (first !== undefined && firstSpan !== undefined && first.type.kind !== "array" && !isStringLike(first.type)) {
        if (first.type.kind !== "error") {
          c.report(diag(D.TypeMismatch, firstSpan, ["T[]", typeToString(first.type)], { hint: `\`len\` takes an array or a string: ${hint}` }));
        }
      }
      break;
    case "flatten":
      if (first !== undefined && firstSpan !== undefined) {
        const t = first.type;
        if (t.kind === "array" && (t.element.kind === "array" || t.element.kind === "never" || t.element.kind === "error")) {
          type = t.element.kind === "array" ? t.element : T.array(t.element);
        } else if (t.kind !== "error") {
          c.report(diag(D.TypeMismatch, firstSpan, ["T[][]", typeToString(t)], { hint: `\`flatten\` takes an array of arrays: ${hint}` }));
        }
      }
      break;
    case "concat": {
      const second = values[1];
      const secondSpan = matched[1]?.arg.value.span;
      let ok = true;
      for (const [v, span] of [
        [first, firstSpan],
        [second, secondSpan],
      ] as const) {
        if (v !== undefined && span !== undefined && v.type.kind !== "array" && v.type.kind !== "error") {
          c.report(diag(D.TypeMismatch, span, ["T[]", typeToString(v.type)], { hint: `\`concat\` joins two arrays: ${hint}` }));
          ok = false;
        }
      }
      if (ok && first !== undefined && second !== undefined && secondSpan !== undefined) {
        const joined = joinTypes(first.type, second.type, c.state.recordLookup);
        if (joined === undefined) {
          c.report(
            diag(D.TypeMismatch, secondSpan, [typeToString(first.type), typeToString(second.type)], {
              hint: "`concat` joins two arrays of the same element type",
            }),
          );
        } else type = joined;
      }
      break;
    }
  }
  const args: IrExpr[] = [];
  const options: { name: string; value: IrExpr }[] = [];
  matched.forEach((m, i) => {
    const v = values[i];
    if (m === undefined || v === undefined) return;
    if (name === "split" && BUILTIN_OPTIONS.has(m.param.name)) options.push({ name: m.param.name, value: v });
    else args.push(v);
  });
  return { kind: "builtin", name, args, options, type, span: e.span };
}

