// Array and object literals, typed from the context (an expected array or record type).
import type { Expr, Span } from "../../grammar/ast.ts";
import { D, diag } from "../diagnostics/table.ts";
import type { Expr as IrExpr, Type } from "../plan/ir.ts";
import type { Env } from "./env.ts";
import type { ExprChecker } from "./expr.ts";
import { fieldList, fieldsHint } from "./expr-hints.ts";
import { didYouMean, keyReason } from "./names.ts";
import { joinTypes, T, typeToString } from "./types.ts";

export function checkArray(c: ExprChecker, e: Extract<Expr, { kind: "Array" }>, env: Env, expected?: Type): IrExpr {
  if (expected !== undefined && expected.kind === "array") {
    const elements = e.elements.map((x) => c.expect(x, env, expected.element));
    return { kind: "array", elements, type: expected, span: e.span };
  }
  const elements: IrExpr[] = [];
  let element: Type = T.never;
  for (const x of e.elements) {
    // `[p, { x: 1, y: 2 }]` with `p: Point`: the literal is a `Point` too.
    const ir = c.value(x, env, element.kind === "record" ? element : undefined);
    elements.push(ir);
    const joined = joinTypes(element, ir.type, c.state.recordLookup);
    if (joined === undefined) {
      c.report(diag(D.ArrayElementMismatch, x.span, [typeToString(element), typeToString(ir.type)]));
      element = T.error;
    } else element = joined;
  }
  return { kind: "array", elements, type: T.array(element), span: e.span };
}

export function checkObject(c: ExprChecker, e: Extract<Expr, { kind: "Object" }>, env: Env, expected?: Type): IrExpr {
  const record = expected?.kind === "record" ? expected : undefined;
  const fields = record !== undefined ? c.state.recordFields(record) : undefined;
  const entries: { key: string; value: IrExpr }[] = [];
  const seen = new Map<string, Span>();
  for (const entry of e.entries) {
    const key = entry.key.name;
    const first = seen.get(key);
    if (first !== undefined) {
      c.report(diag(D.DuplicateName, entry.key.span, ["field", key], { related: [{ message: "first given here", span: first }] }));
      c.value(entry.value, env);
      continue;
    }
    seen.set(key, entry.key.span);
    const unusable = keyReason(key);
    if (unusable !== undefined) c.report(diag(D.ReservedName, entry.key.span, [key, unusable]));
    if (record !== undefined && fields !== undefined) {
      const field = fields.find((f) => f.name === key);
      if (field === undefined) {
        c.report(
          diag(D.UnknownField, entry.key.span, [record.name, key], {
            hint: didYouMean(key, fields.map((f) => f.name)) ?? fieldsHint(record.name, fields.map((f) => f.name)),
          }),
        );
        entries.push({ key, value: c.value(entry.value, env) });
        continue;
      }
      entries.push({ key, value: c.expect(entry.value, env, field.type, undefined, field.optional) });
    } else {
      entries.push({ key, value: c.value(entry.value, env) });
    }
  }
  if (record !== undefined && fields !== undefined) {
    const missing = fields.filter((f) => !f.optional && !seen.has(f.name));
    if (missing.length > 0) {
      const what = fieldList(missing.map((f) => f.name));
      c.report(
        diag(D.MissingField, e.span, [what, record.name], {
          hint: `add ${missing.map((f) => `\`${f.name}: ${typeToString(f.type)}\``).join(", ")}`,
        }),
      );
    }
    return { kind: "object", entries, type: record, span: e.span };
  }
  const type: Type = { kind: "object", fields: entries.map((x) => ({ name: x.key, type: x.value.type })) };
  return { kind: "object", entries, type, span: e.span };
}

/** True when the value is made of object literals, which take their type from the context. */
export function buildsObjects(e: Expr): boolean {
  switch (e.kind) {
    case "Object":
      return true;
    case "Array":
      return e.elements.some(buildsObjects);
    case "Map":
      return buildsObjects(e.body);
    case "Filter":
      return buildsObjects(e.source);
    case "String":
    case "Number":
    case "Bool":
    case "Name":
    case "Member":
    case "Call":
    case "Binary":
    case "Unary":
    case "Reduce":
      return false;
  }
}
