// Names and members: locals, declarations, enum members and record fields.
import type { Expr, Ident, MemberExpr } from "../../grammar/ast.ts";
import { D, diag } from "../diagnostics/table.ts";
import type { Expr as IrExpr, Type } from "../plan/ir.ts";
import type { Env } from "./env.ts";
import type { ExprChecker } from "./expr.ts";
import { fieldsHint } from "./expr-hints.ts";
import { didYouMean, listNames } from "./names.ts";
import { kindWithArticle, symbolKey } from "./program.ts";
import { T, typeToString } from "./types.ts";

/** Names other languages have, and what `.flow` has instead. (A Map: a plain object would answer `constructor`.) */
const OTHER_LANGUAGE_NAMES: ReadonlyMap<string, string> = new Map([
  ["null", "there is no `null` in a flow: values are always present (only an optional field may be absent)"],
  ["nil", "there is no `nil` in a flow: values are always present (only an optional field may be absent)"],
  ["None", "there is no `None` in a flow: values are always present (only an optional field may be absent)"],
  ["undefined", "there is no `undefined` in a flow: values are always present (only an optional field may be absent)"],
  ["True", "write `true`"],
  ["False", "write `false`"],
]);

export function checkName(c: ExprChecker, ident: Ident, env: Env): IrExpr {
  const name = ident.name;
  const local = env.lookup(name);
  if (local !== undefined) return { kind: "var", name, binding: local.binding, type: local.type, span: ident.span };
  const sym = c.state.lookup(c.info, name);
  if (sym !== undefined) {
    const hint =
      sym.kind === "worker" || sym.kind === "tool" || sym.kind === "flow"
        ? `call it: \`${name}(...)\``
        : sym.kind === "enum"
          ? `use one of its members, like \`${name}.${c.state.enums.get(symbolKey(sym.module, sym.name))?.members[0] ?? "member"}\``
          : undefined;
    c.report(diag(D.NotAValue, ident.span, [name, kindWithArticle(sym.kind)], { hint }));
  } else if (!c.info.poisoned.has(name)) {
    const hint =
      didYouMean(name, env.names()) ??
      OTHER_LANGUAGE_NAMES.get(name) ??
      (c.mode.allowCalls ? undefined : `\`context\` sees only the worker's parameters: ${listNames(env.names())}`);
    c.report(diag(D.UnknownName, ident.span, [name], { hint }));
  }
  return { kind: "var", name, binding: "let", type: T.error, span: ident.span };
}

export function checkMember(c: ExprChecker, e: MemberExpr, env: Env): IrExpr {
  const property = e.property.name;
  // `Verdict.invest`: an enum name that no local hides.
  if (e.object.kind === "Name" && env.lookup(e.object.name.name) === undefined) {
    const sym = c.state.lookup(c.info, e.object.name.name);
    if (sym?.kind === "enum") {
      const members = c.state.enums.get(symbolKey(sym.module, sym.name))?.members ?? [];
      const type: Type = { kind: "enum", name: sym.name, module: sym.module };
      if (!members.includes(property)) {
        c.report(
          diag(D.UnknownEnumMember, e.property.span, [sym.name, property], {
            hint: didYouMean(property, members) ?? `its members are ${listNames(members)}`,
          }),
        );
        return { kind: "enum-member", enumName: sym.name, module: sym.module, member: property, type: T.error, span: e.span };
      }
      return { kind: "enum-member", enumName: sym.name, module: sym.module, member: property, type, span: e.span };
    }
  }
  const object = c.value(e.object, env);
  const t = object.type;
  let type: Type = T.error;
  if (t.kind === "record") {
    const fields = c.state.recordFields(t);
    const field = fields?.find((f) => f.name === property);
    if (fields !== undefined && field === undefined) {
      c.report(
        diag(D.UnknownField, e.property.span, [t.name, property], {
          hint: didYouMean(property, fields.map((f) => f.name)) ?? fieldsHint(t.name, fields.map((f) => f.name)),
        }),
      );
    } else if (field !== undefined) {
      type = field.type;
      if (field.optional) {
        const ir: IrExpr = { kind: "member", object, property, type, span: e.span };
        c.maybeAbsent.set(ir, { path: exprText(e), field: property, record: t.name, span: e.span });
        return ir;
      }
    }
  } else if (t.kind === "object") {
    const field = t.fields.find((f) => f.name === property);
    if (field === undefined) {
      c.report(
        diag(D.UnknownField, e.property.span, [typeToString(t), property], { hint: didYouMean(property, t.fields.map((f) => f.name)) }),
      );
    } else type = field.type;
  } else if (t.kind !== "error") {
    const hint =
      t.kind === "array"
        ? `it is an array; take the field of each element with \`map x in ... => x.${property}\``
        : t.kind === "json"
          ? "`json` values are passed along as they are; declare a record type to read fields"
          : undefined;
    c.report(diag(D.NoFields, e.property.span, [property, typeToString(t)], { hint }));
  }
  return { kind: "member", object, property, type, span: e.span };
}

/** `a.b.c` for a chain of names and fields, else `this value`. */
export function exprText(e: Expr): string {
  if (e.kind === "Name") return e.name.name;
  if (e.kind === "Member") return `${exprText(e.object)}.${e.property.name}`;
  return "this value";
}
