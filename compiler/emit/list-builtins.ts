// The list built-ins in generated code:
// `sort<Deck>(decks, { by: (item) => item.score, descending: true })`. The
// element type (and for `count` the key type) is the checker's, written as
// type arguments: it types `empty:` and the arrow's parameter, where
// TypeScript's own inference could pick another (or `never` for `[]`).
import type { Expr } from "../plan/ir.ts";
import type { ExprWriter, LocalScope } from "./flows.ts";
import { memberAccess, propertyKey } from "./literals.ts";

export function listBuiltin(w: ExprWriter, callee: string, e: Extract<Expr, { kind: "builtin" }>, scope: LocalScope): string {
  const source = e.args[0]!;
  const element = source.type.kind === "array" ? source.type.element : source.type;
  // `min`/`max` give an element (for `[]`, of the `empty:` value's type), `sort` a list of them.
  const result = e.name === "min" || e.name === "max" ? e.type : e.name === "sort" && e.type.kind === "array" ? e.type.element : element;
  const types = [w.typeText(result)];
  const row = e.type.kind === "array" && e.type.element.kind === "object" ? e.type.element.fields.find((f) => f.name === "key") : undefined;
  if (e.name === "count" && row !== undefined) types.push(w.typeText(row.type));
  const entries = e.options.map((o) => {
    // `by` is a field path (`"stats.score"`), read from each element.
    if (o.name !== "by" || o.value.kind !== "literal") return `${propertyKey(o.name)}: ${w.text(o.value, scope)}`;
    // `[]` has no element to read a key from, and TypeScript has no field on `never`.
    if (element.kind === "never") return undefined;
    const item = scope.child().fresh("item");
    return `by: (${item}) => ${String(o.value.value).split(".").reduce(memberAccess, item)}`;
  });
  const given = entries.filter((x) => x !== undefined);
  const options = given.length === 0 ? "" : `, { ${given.join(", ")} }`;
  return `${callee}<${types.join(", ")}>(${w.text(source, scope)}${options})`;
}
