// Flow bodies for gen-program.ts: statements and type-directed expressions.
// Every expression is made for a target type and has a type that fits it
// (gen-types.ts), so most bodies check. Variables that are assigned again are
// typed as the checker types them (widened), and their first value holds no
// optional field, so that a later record value can take its place.
import type { Declared, Names } from "./gen-program.ts";
import { comparable, fits, G, sameType, widen, type GCallable, type GType } from "./gen-types.ts";

interface Var {
  readonly name: string;
  readonly type: GType;
  /** A `let` that statements may assign again. */
  readonly assignable: boolean;
}

/**
 * Types whose variables may hold a value of another type than theirs: an
 * `int` in a `number`, anything in `json`, an object literal's type (with
 * optional fields) in a record.
 */
function loose(t: GType): boolean {
  return t.k === "number" || t.k === "json" || t.k === "record" || (t.k === "array" && loose(t.el));
}

const STRINGS = ["", "a", "x y", 'say "hi"', "back\\slash", "tab\there", "line\nbreak", "é🦄", "${x}", "*/", "it's", "{not a template}"];

/** Keys `sort`, `min` and `max` compare; `count` also counts `bool` and enum members. */
const ORDERED: ReadonlySet<string> = new Set(["int", "number", "string", "lits"]);
const COUNTED: ReadonlySet<string> = new Set([...ORDERED, "bool", "enum"]);

export class BodyWriter {
  private readonly lines: string[] = [];
  private indent = "  ";
  private scope: Var[][] = [[]];

  constructor(
    private readonly r: () => number,
    private readonly names: Names,
    private readonly declared: Declared,
    private readonly flow: GCallable,
    private readonly deep: "none" | "near" | "over",
  ) {
    for (const p of flow.params) this.scope[0]!.push({ name: p.name, type: p.type, assignable: false });
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }

  write(): string[] {
    this.statements(this.int(1, 6), 0);
    if (this.deep !== "none") {
      // flow > block > let > the chain: the chain's own levels are what is left of 100.
      const n = this.deep === "near" ? this.int(60, 94) : this.int(100, 160);
      const chain = this.pick([
        () => Array(n).fill("1").join(" + "),
        () => `${"not ".repeat(n)}true`,
        () => `${"[".repeat(n)}1${"]".repeat(n)}`,
        () => `${"(".repeat(n)}2${")".repeat(n)}`,
      ])();
      this.line(`let ${this.names.take("deep")} = ${chain}`);
    }
    if (this.flow.returns !== undefined) this.line(`return ${this.expr(this.flow.returns, 0)}`);
    return this.lines;
  }

  private line(text: string): void {
    this.lines.push(`${this.indent}${text}`);
  }

  private visible(): Var[] {
    return this.scope.flat();
  }

  /** Statements one level in, in a scope of their own. */
  private nested(body: () => void): void {
    const outer = this.indent;
    this.indent += "  ";
    this.scope.push([]);
    body();
    this.scope.pop();
    this.indent = outer;
  }

  private statements(count: number, depth: number): void {
    for (let i = 0; i < count; i++) this.statement(depth);
  }

  private statement(depth: number): void {
    const roll = this.r();
    const assignable = this.visible().filter((v) => v.assignable);
    if (roll < 0.45 || depth > 2) {
      const type = this.anyType();
      const again = this.r() < 0.35;
      const name = this.names.take("v");
      const value = this.expr(type, 0, again);
      this.scope[this.scope.length - 1]!.push({ name, type: again ? widen(type) : type, assignable: again });
      this.line(`let ${name} = ${value}`);
    } else if (roll < 0.6 && assignable.length > 0) {
      const v = this.pick(assignable);
      this.line(`${v.name} = ${this.expr(v.type, 0, true)}`);
    } else if (roll < 0.75) {
      this.line(`if ${this.expr(G.bool, 1)} {`);
      this.nested(() => this.statements(this.int(1, 3), depth + 1));
      if (this.r() < 0.5) {
        this.line("} else {");
        this.nested(() => this.statements(this.int(1, 2), depth + 1));
      }
      this.line("}");
    } else if (roll < 0.88) {
      this.line(`repeat (max: ${this.int(1, 4)}) {`);
      this.nested(() => {
        this.statements(this.int(1, 3), depth + 1);
        if (this.r() < 0.5) this.line(`if ${this.expr(G.bool, 2)} { break }`);
      });
      this.line("}");
    } else {
      const calls = this.declared.callables;
      if (calls.length === 0) return;
      this.line(this.call(this.pick(calls), 1));
    }
  }

  private anyType(): GType {
    const records = [...this.declared.records.keys()];
    const enums = [...this.declared.enums.keys()];
    const roll = this.r();
    if (roll < 0.35) return this.pick([G.string, G.int, G.number, G.bool, G.json]);
    if (roll < 0.45) return { k: "lits", values: this.pick([["a"], ["a", "b"], ["x y", "é"]]) };
    if (roll < 0.55 && enums.length > 0) return { k: "enum", name: this.pick(enums) };
    if (roll < 0.7 && records.length > 0) return { k: "record", name: this.pick(records) };
    const el = this.r() < 0.5 && records.length > 0 ? ({ k: "record", name: this.pick(records) } as GType) : this.pick([G.string, G.int, G.number, G.bool]);
    return G.array(this.r() < 0.15 ? G.array(el) : el);
  }

  /** A call of `c` with its arguments, positional or named. */
  private call(c: GCallable, depth: number): string {
    const named = this.r() < 0.4;
    const args = c.params.map((p) => `${named ? `${p.name}: ` : ""}${this.expr(p.type, depth + 1)}`);
    return `${c.name}(${args.join(", ")})`;
  }

  /**
   * An expression whose type fits `t`. `exact` (the values of a `let` that is
   * assigned again): its type is `t` itself, up to literal unions, which the
   * checker widens to `string` there; so no `int` for `number`, a `string`
   * for `json`, and no optional field in an object literal (a record value
   * may replace it later).
   */
  expr(t: GType, depth: number, exact = false): string {
    const leaf = depth > 3 || this.r() < 0.25;
    const usable = (u: GType) => (exact ? sameType(u, t) && !loose(u) : fits(u, t));
    const vars = this.visible().filter((v) => usable(v.type));
    if (vars.length > 0 && this.r() < (leaf ? 0.6 : 0.3)) return this.pick(vars).name;
    const calls = this.declared.callables.filter((c) => c.returns !== undefined && (exact ? sameType(c.returns, t) : fits(c.returns, t)));
    if (!leaf && calls.length > 0 && this.r() < 0.2) return this.call(this.pick(calls), depth);
    if (!leaf && this.r() < 0.15) {
      const member = this.member(t, depth, exact);
      if (member !== undefined) return member;
    }
    return this.shaped(t, depth, leaf, exact);
  }

  /** `r.f` (or `r.f ?? default` for an optional field) of a record value whose field fits `t`. */
  private member(t: GType, depth: number, exact: boolean): string | undefined {
    for (const [record, fields] of this.declared.records) {
      const field = fields.find((f) => fits(f.type, t) && (!exact || sameType(f.type, t)));
      if (field === undefined) continue;
      if (!field.optional) return `(${this.expr({ k: "record", name: record }, depth + 1)}).${field.name}`;
      // An optional field is only there on a value typed as the record (a parameter, a call), not on an object literal.
      const type: GType = { k: "record", name: record };
      const exactly = [
        ...this.visible().filter((v) => this.flow.params.some((p) => p.name === v.name) && sameType(v.type, type)).map((v) => v.name),
        ...this.declared.callables.filter((c) => c.returns !== undefined && sameType(c.returns, type)).map((c) => this.call(c, depth + 1)),
      ];
      if (exactly.length === 0) continue;
      return `(${this.pick(exactly)}.${field.name} ?? ${this.expr(field.type, depth + 1)})`;
    }
    return undefined;
  }

  private shaped(t: GType, depth: number, leaf: boolean, exact: boolean): string {
    const sub = (u: GType) => this.expr(u, depth + 1, exact);
    switch (t.k) {
      case "string":
        if (leaf) return JSON.stringify(this.pick(STRINGS)).replace(/\\u([0-9a-f]{4})/g, "\\u{$1}");
        return this.pick([
          () => `(${sub(G.string)} + ${sub(this.pick([G.string, G.int, G.bool]))})`,
          () => `join(${sub(G.array(G.string))}, ", ")`,
          () => `${this.pick(["min", "max"])}(${sub(G.array(G.string))}, empty: ${sub(G.string)})`,
        ])();
      case "int":
        if (leaf) return String(this.int(0, 99));
        return this.pick([
          () => `(${sub(G.int)} ${this.pick(["+", "-", "*", "/"])} ${sub(G.int)})`,
          () => `len(${sub(this.pick([G.string, G.array(this.anyType())]))})`,
          () => `-${sub(G.int)}`,
          () => this.aggregate(G.int, depth, exact),
        ])();
      case "number":
        if (leaf) return this.pick(exact ? ["1.5", "0.25", "1e3"] : ["1.5", "0.25", "2", "1e3"]);
        return this.pick([
          () => `(${sub(G.number)} ${this.pick(["+", "-", "*", "/"])} ${sub(this.pick([G.number, G.int]))})`,
          () => this.aggregate(G.number, depth, exact),
        ])();
      case "bool":
        if (leaf) return this.pick(["true", "false"]);
        return this.pick([
          () => `(${sub(G.int)} < ${sub(G.number)})`,
          () => `not ${sub(G.bool)}`,
          () => `(${sub(G.bool)} ${this.pick(["and", "or"])} ${sub(G.bool)})`,
          () => {
            const u = this.anyType();
            const op = this.pick(["==", "!="]);
            // Two literals of a union may differ (FLW310): compare a computed `string` with anything string-like.
            if (u.k === "lits" || u.k === "string") return `((${sub(G.string)} + "") ${op} ${sub(u)})`;
            if (comparable(u)) return `(${sub(u)} ${op} ${sub(u)})`;
            // Two records or lists made apart may not fit each other: compare one with itself.
            const value = sub(u);
            return `(${value} ${op} ${value})`;
          },
        ])();
      case "json":
        // Mostly text: object literals with `json` fields of different types do not join.
        return sub(this.concrete(G.json, exact || leaf));
      case "lits":
        return JSON.stringify(this.pick(t.values));
      case "enum":
        return `${t.name}.${this.pick(this.declared.enums.get(t.name) ?? ["missing"])}`;
      case "record": {
        const key = this.keyField(t, ORDERED);
        // The record with the largest (smallest) key, or a literal for an empty list.
        if (!leaf && key !== undefined && this.r() < 0.2) return `${this.pick(["min", "max"])}(${sub(G.array(t))}, by: ${key}, empty: ${sub(t)})`;
        const fields = this.declared.records.get(t.name) ?? [];
        // The optional fields are all there or none (per record), so that two literals of a record join.
        const optionals = !exact && t.name.length % 2 === 0;
        const entries = fields.filter((f) => !f.optional || optionals).map((f) => `${f.name}: ${sub(this.fieldType(t.name, f.name, f.type, exact))}`);
        return `{ ${entries.join(", ")} }`;
      }
      case "array":
        return this.array(t.el, depth, leaf, exact);
    }
  }

  /**
   * A number from the list built-ins: `sum`, `min`/`max` with `empty:`, or
   * `sum(count(xs, by: f), by: count)` (the rows of `count` have an object type).
   */
  private aggregate(t: GType, depth: number, exact: boolean): string {
    const sub = (u: GType) => this.expr(u, depth + 1, exact);
    const from = this.anyType();
    const key = this.keyField(from, COUNTED);
    const counted = COUNTED.has(from.k) || key !== undefined;
    const numbers = this.keyField(from, new Set([t.k]));
    return this.pick([
      () => `sum(${sub(G.array(t))})`,
      () => `${this.pick(["min", "max"])}(${sub(G.array(t))}, empty: ${sub(t)})`,
      () => (numbers === undefined ? `sum(${sub(G.array(t))})` : `sum(${sub(G.array(from))}, by: ${numbers})`),
      () => (counted && t.k === "int" ? `sum(count(${sub(G.array(from))}${key === undefined ? "" : `, by: ${key}`}), by: count)` : `sum(${sub(G.array(t))})`),
    ])();
  }

  /** A required field of record `t` whose type is one of `kinds`, if it has one. */
  private keyField(t: GType, kinds: ReadonlySet<string>): string | undefined {
    if (t.k !== "record") return undefined;
    const fields = (this.declared.records.get(t.name) ?? []).filter((f) => !f.optional && kinds.has(f.type.k));
    return fields.length === 0 ? undefined : this.pick(fields).name;
  }

  /** The type a literal of `record` gives `field`: one for every literal of this flow, so that they join. */
  private fieldType(record: string, field: string, type: GType, exact: boolean): GType {
    if (exact) return type;
    const key = `${record}.${field}`;
    let chosen = this.fieldTypes.get(key);
    if (chosen === undefined) {
      chosen = this.concrete(type, false);
      this.fieldTypes.set(key, chosen);
    }
    return chosen;
  }

  private readonly fieldTypes = new Map<string, GType>();

  /** `t` with each `json` in it replaced by one type (mostly `string`). */
  private concrete(t: GType, plain: boolean): GType {
    // (No record: a record's `json` field holding that record would never end.)
    if (t.k === "json") return plain || this.r() < 0.7 ? G.string : this.pick([G.int, G.bool, G.array(G.string), G.array(G.number), G.array(G.array(G.bool))]);
    if (t.k === "array") return G.array(this.concrete(t.el, plain));
    return t;
  }

  private array(el: GType, depth: number, leaf: boolean, exact: boolean): string {
    const sub = (u: GType) => this.expr(u, depth + 1, exact);
    if (leaf || this.r() < 0.35) {
      const n = this.r() < 0.15 || depth > 8 ? 0 : this.int(1, 3);
      // The elements of a literal must join: `json` in them is one type for all.
      const element = this.concrete(el, exact || leaf);
      return `[${Array.from({ length: n }, () => sub(element)).join(", ")}]`;
    }
    const binder = this.names.take("x");
    const withBinder = (type: GType, body: () => string): string => {
      this.scope.push([{ name: binder, type, assignable: false }]);
      const text = body();
      this.scope.pop();
      return text;
    };
    const options = this.r() < 0.3 ? ` (concurrency: ${this.int(1, 4)})` : "";
    const reducers = this.declared.callables.filter(
      (c) => c.params.length === 1 && sameType(c.params[0]!.type, G.array(el)) && c.returns !== undefined && sameType(c.returns, el),
    );
    return this.pick([
      () => {
        const from = this.anyType();
        const source = sub(G.array(from));
        return `(map ${binder} in ${source}${options} => ${withBinder(from, () => sub(el))})`;
      },
      () => {
        const source = sub(G.array(el));
        return `(filter ${binder} in ${source}${options} => ${withBinder(el, () => sub(G.bool))})`;
      },
      () => `concat(${sub(G.array(el))}, ${sub(G.array(el))})`,
      () => `flatten(${sub(G.array(G.array(el)))})`,
      () => (el.k === "string" ? `split(${sub(G.string)}, max_chars: ${this.int(1, 50)})` : `[${sub(el)}]`),
      () => {
        // `sort` by the elements or by a field of them, else a list of one.
        const key = this.keyField(el, ORDERED);
        if (!ORDERED.has(el.k) && key === undefined) return `[${sub(el)}]`;
        const by = key === undefined ? "" : `, by: ${key}`;
        const descending = this.r() < 0.5 ? `, descending: ${sub(G.bool)}` : "";
        return `sort(${sub(G.array(el))}${by}${descending})`;
      },
      () => {
        // `reduce` gives an element; wrap it in a list.
        const reducer = reducers[0];
        if (reducer === undefined) return `[${sub(el)}]`;
        const empty = this.r() < 0.5 ? `, empty: ${sub(el)}` : "";
        return `[reduce ${sub(G.array(el))} with ${reducer.name} (batch: ${this.int(2, 4)}${empty})]`;
      },
    ])();
  }
}
