// Expressions: infers the type of every expression and builds its IR. Used for
// flow bodies (calls allowed) and for a worker's `context:` (no calls).
import type { Arg, CallExpr, Expr, Ident, MemberExpr, Span } from "../../grammar/ast.ts";
import { D, diag } from "../diagnostics/table.ts";
import type { BuiltinName, CallableRef, Expr as IrExpr, Type } from "../plan/ir.ts";
import { countProblem, numberLiteral } from "./declarations.ts";
import { Env, type Local } from "./env.ts";
import { BUILTIN_NAMES, didYouMean, listNames, reservedReason } from "./names.ts";
import { formatSignature, kindWithArticle, symbolKey, type ModuleInfo, type ProgramState } from "./program.ts";
import { isAssignable, isNumeric, isStringLike, joinTypes, T, typeToString } from "./types.ts";

export interface ExprMode {
  /** False in a worker's `context:`, where a call is an error. */
  readonly allowCalls: boolean;
  /** The callable whose body this is (for the call graph), when it is a flow. */
  readonly owner?: string;
}

interface ParamSpec {
  readonly name: string;
  readonly type: Type;
  readonly optional: boolean;
}

interface Matched {
  readonly param: ParamSpec;
  readonly arg: Arg;
}

const BUILTIN_SIGNATURES: Readonly<Record<BuiltinName, string>> = {
  split: "split(text: string, max_chars: int, overlap?: int) -> string[]",
  flatten: "flatten(xss: T[][]) -> T[]",
  len: "len(xs: T[] | string) -> int",
  join: "join(xs: string[], sep: string) -> string",
  concat: "concat(xs: T[], ys: T[]) -> T[]",
};

/** Parameters of the built-ins; `T` placeholders are `error` here and inferred by hand. */
const BUILTIN_PARAMS: Readonly<Record<BuiltinName, readonly ParamSpec[]>> = {
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

/** Names other languages have, and what `.flow` has instead. */
const OTHER_LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  null: "there is no `null` in a flow: values are always present (only an optional field may be absent)",
  nil: "there is no `nil` in a flow: values are always present (only an optional field may be absent)",
  None: "there is no `None` in a flow: values are always present (only an optional field may be absent)",
  undefined: "there is no `undefined` in a flow: values are always present (only an optional field may be absent)",
  True: "write `true`",
  False: "write `false`",
};

/** The options of `map`/`filter` (`concurrency`) and `reduce` (`batch`). */
const MAP_OPTIONS: ReadonlySet<string> = new Set(["concurrency", "batch"]);

/** Parameters of `split` that the IR keeps as named options. */
const BUILTIN_OPTIONS: ReadonlySet<string> = new Set(["max_chars", "overlap"]);

export class ExprChecker {
  constructor(
    readonly state: ProgramState,
    readonly info: ModuleInfo,
    readonly mode: ExprMode,
  ) {}

  private report(d: ReturnType<typeof diag>): void {
    this.state.report(d);
  }

  // ------------------------------------------------------------ entry points

  /**
   * An expression whose value is used: `void` is an error here, and so is an
   * optional field that may be absent (unless `allowAbsent`: `==`, `!=`, an
   * optional field of an object literal, a worker's `context`).
   */
  value(e: Expr, env: Env, expected?: Type, allowAbsent = false): IrExpr {
    const ir = this.expr(e, env, expected);
    if (ir.type.kind === "void") {
      this.report(diag(D.VoidValue, e.span, [voidSource(ir)]));
      return { ...ir, type: T.error };
    }
    if (!allowAbsent) this.present(ir);
    return ir;
  }

  /** Reports a read of an optional field in a place that needs a value. */
  private present(ir: IrExpr): void {
    const absent = this.maybeAbsent.get(ir);
    if (absent === undefined || !this.mode.allowCalls) return;
    this.report(
      diag(D.OptionalFieldValue, absent.span, [absent.path, absent.field, absent.record], {
        hint: "compare it with `==` or `!=`, copy it into an optional field, or make the field required",
      }),
    );
  }

  /** Expressions that read an optional field, with what to say about them. */
  private readonly maybeAbsent = new WeakMap<IrExpr, { path: string; field: string; record: string; span: Span }>();

  /** `value` plus an assignability check against `expected`, reported on the expression. */
  expect(e: Expr, env: Env, expected: Type, hint?: string, allowAbsent = false): IrExpr {
    const ir = this.value(e, env, expected, allowAbsent);
    this.assignable(ir.type, expected, e.span, hint);
    return ir;
  }

  assignable(found: Type, expected: Type, span: Span, hint?: string): boolean {
    if (isAssignable(found, expected, this.state.recordLookup)) return true;
    const why = this.mismatchDetail(found, expected) ?? mismatchHint(found, expected);
    const help = why !== undefined ? (hint !== undefined ? `${why}; ${hint}` : why) : hint;
    this.report(diag(D.TypeMismatch, span, [typeToString(expected), typeToString(found)], { hint: help }));
    return false;
  }

  /**
   * Why an object type does not fit a record (also inside arrays): the
   * missing fields (as FLW312 says them), the unknown ones (as FLW206) or the
   * first field of the wrong type. Undefined for other mismatches.
   */
  mismatchDetail(found: Type, expected: Type): string | undefined {
    if (found.kind === "array" && expected.kind === "array") return this.mismatchDetail(found.element, expected.element);
    if (found.kind !== "object" || expected.kind !== "record") return undefined;
    const fields = this.state.recordFields(expected);
    if (fields === undefined) return undefined;
    const missing = fields.filter((f) => !f.optional && !found.fields.some((g) => g.name === f.name));
    if (missing.length > 0) return `missing ${fieldList(missing.map((f) => f.name))} for \`${expected.name}\``;
    const extra = found.fields.filter((g) => !fields.some((f) => f.name === g.name));
    if (extra.length > 0) {
      const names = extra.map((g) => `\`${g.name}\``).join(", ");
      return `\`${expected.name}\` has no field${extra.length > 1 ? "s" : ""} ${names}`;
    }
    for (const f of fields) {
      const g = found.fields.find((x) => x.name === f.name);
      if (g !== undefined && !isAssignable(g.type, f.type, this.state.recordLookup)) {
        return `field \`${f.name}\` of \`${expected.name}\` is \`${typeToString(f.type)}\`, found \`${typeToString(g.type)}\``;
      }
    }
    return undefined;
  }

  /** Any expression, `void` allowed (a bare call statement). */
  expr(e: Expr, env: Env, expected?: Type): IrExpr {
    switch (e.kind) {
      case "String":
        for (const t of e.templates) this.report(diag(D.TemplateNotExpanded, t.span, [t.path.join(".")]));
        return { kind: "literal", value: e.value, type: T.literals([e.value]), span: e.span };
      case "Number":
        return { kind: "literal", value: e.value, type: e.integer ? T.int : T.number, span: e.span };
      case "Bool":
        return { kind: "literal", value: e.value, type: T.bool, span: e.span };
      case "Array":
        return this.array(e, env, expected);
      case "Object":
        return this.object(e, env, expected);
      case "Name":
        return this.name(e.name, env);
      case "Member":
        return this.member(e, env);
      case "Call":
        return this.call(e, env);
      case "Binary":
        return this.binary(e, env);
      case "Unary": {
        const operand = this.value(e.operand, env);
        let type: Type = T.error;
        if (operand.type.kind !== "error") {
          if (e.op === "not" && operand.type.kind === "bool") type = T.bool;
          else if (e.op === "-" && isNumeric(operand.type)) type = operand.type;
          else
            this.report(
              diag(D.UnaryOperatorMismatch, e.span, [e.op, typeToString(operand.type)], {
                hint: e.op === "not" ? "`not` takes a `bool`" : "`-` takes a number",
              }),
            );
        }
        return { kind: "unary", op: e.op, operand, type, span: e.span };
      }
      case "Map":
      case "Filter":
        return this.mapOrFilter(e, env, expected);
      case "Reduce":
        return this.reduce(e, env);
    }
  }

  // ------------------------------------------------------------ literals

  private array(e: Extract<Expr, { kind: "Array" }>, env: Env, expected?: Type): IrExpr {
    if (expected !== undefined && expected.kind === "array") {
      const elements = e.elements.map((x) => this.expect(x, env, expected.element));
      return { kind: "array", elements, type: expected, span: e.span };
    }
    const elements: IrExpr[] = [];
    let element: Type = T.never;
    for (const x of e.elements) {
      // `[p, { x: 1, y: 2 }]` with `p: Point`: the literal is a `Point` too.
      const ir = this.value(x, env, element.kind === "record" ? element : undefined);
      elements.push(ir);
      const joined = joinTypes(element, ir.type, this.state.recordLookup);
      if (joined === undefined) {
        this.report(diag(D.ArrayElementMismatch, x.span, [typeToString(element), typeToString(ir.type)]));
        element = T.error;
      } else element = joined;
    }
    return { kind: "array", elements, type: T.array(element), span: e.span };
  }

  private object(e: Extract<Expr, { kind: "Object" }>, env: Env, expected?: Type): IrExpr {
    const record = expected?.kind === "record" ? expected : undefined;
    const fields = record !== undefined ? this.state.recordFields(record) : undefined;
    const entries: { key: string; value: IrExpr }[] = [];
    const seen = new Map<string, Span>();
    for (const entry of e.entries) {
      const key = entry.key.name;
      const first = seen.get(key);
      if (first !== undefined) {
        this.report(diag(D.DuplicateName, entry.key.span, ["field", key], { related: [{ message: "first given here", span: first }] }));
        this.value(entry.value, env);
        continue;
      }
      seen.set(key, entry.key.span);
      if (record !== undefined && fields !== undefined) {
        const field = fields.find((f) => f.name === key);
        if (field === undefined) {
          this.report(
            diag(D.UnknownField, entry.key.span, [record.name, key], {
              hint: didYouMean(key, fields.map((f) => f.name)) ?? fieldsHint(record.name, fields.map((f) => f.name)),
            }),
          );
          entries.push({ key, value: this.value(entry.value, env) });
          continue;
        }
        entries.push({ key, value: this.expect(entry.value, env, field.type, undefined, field.optional) });
      } else {
        entries.push({ key, value: this.value(entry.value, env) });
      }
    }
    if (record !== undefined && fields !== undefined) {
      const missing = fields.filter((f) => !f.optional && !seen.has(f.name));
      if (missing.length > 0) {
        const what = fieldList(missing.map((f) => f.name));
        this.report(
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

  // ------------------------------------------------------------ names

  private name(ident: Ident, env: Env): IrExpr {
    const name = ident.name;
    const local = env.lookup(name);
    if (local !== undefined) return { kind: "var", name, binding: local.binding, type: local.type, span: ident.span };
    const sym = this.state.lookup(this.info, name);
    if (sym !== undefined) {
      const hint =
        sym.kind === "worker" || sym.kind === "tool" || sym.kind === "flow"
          ? `call it: \`${name}(...)\``
          : sym.kind === "enum"
            ? `use one of its members, like \`${name}.${this.state.enums.get(symbolKey(sym.module, sym.name))?.members[0] ?? "member"}\``
            : undefined;
      this.report(diag(D.NotAValue, ident.span, [name, kindWithArticle(sym.kind)], { hint }));
    } else if (!this.info.poisoned.has(name)) {
      const hint =
        didYouMean(name, env.names()) ??
        OTHER_LANGUAGE_NAMES[name] ??
        (this.mode.allowCalls ? undefined : `\`context\` sees only the worker's parameters: ${listNames(env.names())}`);
      this.report(diag(D.UnknownName, ident.span, [name], { hint }));
    }
    return { kind: "var", name, binding: "let", type: T.error, span: ident.span };
  }

  private member(e: MemberExpr, env: Env): IrExpr {
    const property = e.property.name;
    // `Verdict.invest`: an enum name that no local hides.
    if (e.object.kind === "Name" && env.lookup(e.object.name.name) === undefined) {
      const sym = this.state.lookup(this.info, e.object.name.name);
      if (sym?.kind === "enum") {
        const members = this.state.enums.get(symbolKey(sym.module, sym.name))?.members ?? [];
        const type: Type = { kind: "enum", name: sym.name, module: sym.module };
        if (!members.includes(property)) {
          this.report(
            diag(D.UnknownEnumMember, e.property.span, [sym.name, property], {
              hint: didYouMean(property, members) ?? `its members are ${listNames(members)}`,
            }),
          );
          return { kind: "enum-member", enumName: sym.name, module: sym.module, member: property, type: T.error, span: e.span };
        }
        return { kind: "enum-member", enumName: sym.name, module: sym.module, member: property, type, span: e.span };
      }
    }
    const object = this.value(e.object, env);
    const t = object.type;
    let type: Type = T.error;
    if (t.kind === "record") {
      const fields = this.state.recordFields(t);
      const field = fields?.find((f) => f.name === property);
      if (fields !== undefined && field === undefined) {
        this.report(
          diag(D.UnknownField, e.property.span, [t.name, property], {
            hint: didYouMean(property, fields.map((f) => f.name)) ?? fieldsHint(t.name, fields.map((f) => f.name)),
          }),
        );
      } else if (field !== undefined) {
        type = field.type;
        if (field.optional) {
          const ir: IrExpr = { kind: "member", object, property, type, span: e.span };
          this.maybeAbsent.set(ir, { path: exprText(e), field: property, record: t.name, span: e.span });
          return ir;
        }
      }
    } else if (t.kind === "object") {
      const field = t.fields.find((f) => f.name === property);
      if (field === undefined) {
        this.report(
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
      this.report(diag(D.NoFields, e.property.span, [property, typeToString(t)], { hint }));
    }
    return { kind: "member", object, property, type, span: e.span };
  }

  // ------------------------------------------------------------ calls

  /** Matches arguments to parameters: positional first, then by name. Reports shape problems, not types. */
  private matchArgs(args: readonly Arg[], params: readonly ParamSpec[], callee: Ident, signature: string): { matched: (Matched | undefined)[]; stray: Arg[] } {
    const matched: (Matched | undefined)[] = params.map(() => undefined);
    const stray: Arg[] = [];
    const sigHint = `the signature is \`${signature}\``;
    let named = false;
    let position = 0;
    let tooMany = false;
    for (const arg of args) {
      if (arg.name === undefined) {
        if (named) {
          this.report(diag(D.PositionalAfterNamed, arg.span));
          stray.push(arg);
          continue;
        }
        if (position >= params.length) {
          if (!tooMany) {
            const count = params.length === 1 ? "1 argument" : `${params.length} arguments`;
            this.report(diag(D.TooManyArguments, arg.span, [callee.name, count], { hint: sigHint }));
          }
          tooMany = true;
          stray.push(arg);
          continue;
        }
        matched[position] = { param: params[position]!, arg };
        position++;
        continue;
      }
      named = true;
      const index = params.findIndex((p) => p.name === arg.name!.name);
      if (index < 0) {
        const suggestion = didYouMean(arg.name.name, params.map((p) => p.name));
        this.report(
          diag(D.UnknownArgument, arg.name.span, [callee.name, arg.name.name], {
            hint: suggestion === undefined ? sigHint : `${suggestion} (${sigHint})`,
          }),
        );
        stray.push(arg);
        continue;
      }
      const previous = matched[index];
      if (previous !== undefined) {
        this.report(
          diag(D.DuplicateArgument, arg.name.span, [arg.name.name], {
            related: [{ message: "first given here", span: previous.arg.name?.span ?? previous.arg.span }],
          }),
        );
        stray.push(arg);
        continue;
      }
      matched[index] = { param: params[index]!, arg };
    }
    // A misnamed or misplaced argument usually is the missing one: report it only.
    params.forEach((p, i) => {
      if (matched[i] === undefined && !p.optional && stray.length === 0) {
        this.report(diag(D.MissingArgument, callee.span, [p.name, callee.name], { hint: sigHint }));
      }
    });
    return { matched, stray };
  }

  private call(e: CallExpr, env: Env): IrExpr {
    const name = e.callee.name;
    // (A local that hides a declaration was reported where it is defined: call the declaration.)
    const local = env.lookup(name);
    if (local !== undefined && !BUILTIN_NAMES.has(name) && this.state.lookup(this.info, name) === undefined) return this.localCall(e, local, env);
    if (BUILTIN_NAMES.has(name)) return this.builtin(e, name as BuiltinName, env);
    const sym = this.state.lookup(this.info, name);
    const callable = sym !== undefined ? this.state.callables.get(symbolKey(sym.module, sym.name)) : undefined;
    if (sym === undefined || callable === undefined) {
      if (sym === undefined) {
        if (this.info.poisoned.has(name)) {
          for (const a of e.args) this.value(a.value, env);
          return { kind: "call", callee: { kind: "flow", name, module: this.info.file }, args: [], type: T.error, span: e.span };
        }
        const candidates = [...this.state.namesOf(this.info, ["worker", "tool", "flow"]), ...BUILTIN_NAMES];
        this.report(diag(D.UnknownName, e.callee.span, [name], { hint: didYouMean(name, candidates) }));
      } else {
        this.report(diag(D.NotCallable, e.callee.span, [name, kindWithArticle(sym.kind)]));
      }
      for (const a of e.args) this.value(a.value, env);
      return { kind: "call", callee: { kind: "flow", name, module: this.info.file }, args: [], type: T.error, span: e.span };
    }
    const callee: CallableRef = { kind: callable.kind, name: sym.name, module: sym.module };
    if (!this.mode.allowCalls) this.report(diag(D.ContextCall, e.callee.span, [name]));
    else if (this.mode.owner !== undefined) {
      this.state.edges.push({ from: this.mode.owner, to: symbolKey(sym.module, sym.name), via: "call", span: e.callee.span });
    }
    const signature = `${name}${formatSignature(callable.signature)}`;
    const params: ParamSpec[] = callable.signature.params.map((p) => ({ name: p.name, type: p.type, optional: false }));
    const { matched, stray } = this.matchArgs(e.args, params, e.callee, signature);
    const args: { param: string; value: IrExpr }[] = [];
    for (const m of matched) {
      if (m === undefined) continue;
      args.push({
        param: m.param.name,
        value: this.expect(m.arg.value, env, m.param.type, paramHint(m.param.name, signature)),
      });
    }
    for (const a of stray) this.value(a.value, env);
    return { kind: "call", callee, args, type: callable.signature.returns, span: e.span };
  }

  /**
   * `xs(concurrency: 4)` calls a local, which cannot be called. With only
   * options of `map`/`filter`/`reduce` inside, the options group was meant
   * and lost its space (the call-paren rule, tokens.ts).
   */
  private localCall(e: CallExpr, local: Local, env: Env): IrExpr {
    const name = e.callee.name;
    const what = local.binding === "param" ? "a parameter" : "a variable";
    if (isOptionsOnly(e.args)) {
      const written = optionsText(e.args);
      this.report(
        diag(D.NotCallable, e.span, [name, what], {
          message: `\`${name}(...)\` calls ${what}: options of \`map\`, \`filter\` and \`reduce\` need a space before \`(\``,
          hint: `write \`${name} (${written})\``,
        }),
      );
    } else {
      for (const a of e.args) this.value(a.value, env);
      this.report(diag(D.NotCallable, e.callee.span, [name, what]));
    }
    return { kind: "call", callee: { kind: "flow", name, module: this.info.file }, args: [], type: T.error, span: e.span };
  }

  /** `reduce xs(batch: 8) with f`: the options belong after the function. Reads `xs` on. */
  private misplacedOptions(source: CallExpr, fn: string, env: Env): IrExpr {
    const name = source.callee.name;
    this.report(
      diag(D.UnknownOption, source.span, [name, "reduce"], {
        message: "the options of `reduce` come after its function",
        hint: `write \`reduce ${name} with ${fn} (${optionsText(source.args)})\``,
      }),
    );
    return this.value({ kind: "Name", name: source.callee, span: source.callee.span }, env);
  }

  private builtin(e: CallExpr, name: BuiltinName, env: Env): IrExpr {
    const params = BUILTIN_PARAMS[name];
    const signature = BUILTIN_SIGNATURES[name];
    const { matched, stray } = this.matchArgs(e.args, params, e.callee, signature);
    const values: (IrExpr | undefined)[] = [];
    matched.forEach((m, i) => {
      if (m === undefined) {
        values.push(undefined);
        return;
      }
      if (m.param.type.kind !== "error") {
        values.push(this.expect(m.arg.value, env, m.param.type, paramHint(m.param.name, signature)));
        return;
      }
      // `concat(points, [{ x: 1, y: 2 }])`: the first list types the literals of the second.
      const first = values[0];
      const hint = name === "concat" && i === 1 && first?.type.kind === "array" && buildsObjects(m.arg.value) ? first.type : undefined;
      values.push(this.value(m.arg.value, env, hint));
    });
    for (const a of stray) this.value(a.value, env);
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
          this.report(diag(D.InvalidSettingValue, maxChars.span, ["max_chars", "a positive integer"]));
        } else if (overlap !== undefined && (!Number.isInteger(overlap.value) || overlap.value < 0)) {
          this.report(diag(D.InvalidSettingValue, overlap.span, ["overlap", "a non-negative integer"]));
        } else if (overlap !== undefined && maxChars !== undefined && overlap.value >= maxChars.value) {
          this.report(diag(D.InvalidSettingValue, overlap.span, ["overlap", "smaller than `max_chars`"], { hint: "chunks overlap by fewer characters than they hold" }));
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
            this.report(diag(D.TypeMismatch, firstSpan, ["T[]", typeToString(first.type)], { hint: `\`len\` takes an array or a string: ${hint}` }));
          }
        }
        break;
      case "flatten":
        if (first !== undefined && firstSpan !== undefined) {
          const t = first.type;
          if (t.kind === "array" && (t.element.kind === "array" || t.element.kind === "never" || t.element.kind === "error")) {
            type = t.element.kind === "array" ? t.element : T.array(t.element);
          } else if (t.kind !== "error") {
            this.report(diag(D.TypeMismatch, firstSpan, ["T[][]", typeToString(t)], { hint: `\`flatten\` takes an array of arrays: ${hint}` }));
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
            this.report(diag(D.TypeMismatch, span, ["T[]", typeToString(v.type)], { hint: `\`concat\` joins two arrays: ${hint}` }));
            ok = false;
          }
        }
        if (ok && first !== undefined && second !== undefined && secondSpan !== undefined) {
          const joined = joinTypes(first.type, second.type, this.state.recordLookup);
          if (joined === undefined) {
            this.report(
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

  // ------------------------------------------------------------ operators

  private binary(e: Extract<Expr, { kind: "Binary" }>, env: Env): IrExpr {
    const equality = e.op === "==" || e.op === "!=";
    const left = this.value(e.left, env, undefined, equality);
    const right = this.value(e.right, env, undefined, equality);
    const l = left.type;
    const r = right.type;
    const records = this.state.recordLookup;
    const bad = (hint: string): Type => {
      this.report(diag(D.OperatorMismatch, e.opSpan, [e.op, typeToString(l), typeToString(r)], { hint }));
      return T.error;
    };
    let type: Type;
    if (l.kind === "error" || r.kind === "error") {
      type = e.op === "==" || e.op === "!=" || e.op === "<" || e.op === "<=" || e.op === ">" || e.op === ">=" || e.op === "and" || e.op === "or" ? T.bool : T.error;
    } else {
      switch (e.op) {
        case "and":
        case "or":
          type = l.kind === "bool" && r.kind === "bool" ? T.bool : bad(`\`${e.op}\` combines two \`bool\` values`);
          break;
        case "==":
        case "!=":
          type =
            isAssignable(l, r, records) || isAssignable(r, l, records)
              ? T.bool
              : bad(equalityHint(l, r));
          break;
        case "<":
        case "<=":
        case ">":
        case ">=":
          type = isNumeric(l) && isNumeric(r) ? T.bool : bad("comparisons work on numbers (`int` or `number`)");
          break;
        case "+":
          if (isNumeric(l) && isNumeric(r)) type = l.kind === "int" && r.kind === "int" ? T.int : T.number;
          else if (isStringLike(l) && isStringLike(r)) type = T.string;
          else if ((isStringLike(l) && isNumeric(r)) || (isNumeric(l) && isStringLike(r))) {
            type = bad("`+` adds two numbers or joins two strings; numbers are not turned into text (a worker's `{{...}}` template can show them)");
          } else type = bad("`+` adds two numbers or joins two strings");
          break;
        case "-":
        case "*":
          type = isNumeric(l) && isNumeric(r) ? (l.kind === "int" && r.kind === "int" ? T.int : T.number) : bad(`\`${e.op}\` works on numbers`);
          break;
        case "/":
          // `int / int` truncates (the emitter writes `Math.trunc(a / b)`).
          type = isNumeric(l) && isNumeric(r) ? (l.kind === "int" && r.kind === "int" ? T.int : T.number) : bad("`/` works on numbers");
          break;
      }
    }
    return { kind: "binary", op: e.op, left, right, type, span: e.span };
  }

  // ------------------------------------------------------------ map, filter, reduce

  private elementOf(source: IrExpr, span: Span, what: string): Type {
    const t = source.type;
    if (t.kind === "array") return t.element;
    if (t.kind !== "error") {
      const hint = isStringLike(t)
        ? "split the text first: `split(text, max_chars: 8000)`"
        : t.kind === "record" || t.kind === "object"
          ? "wrap a single value in a list: `[x]`"
          : undefined;
      this.report(diag(D.NotAnArray, span, [what, typeToString(t)], { hint }));
    }
    return T.error;
  }

  /** Checks `(name: N)` options: known names, no duplicates, positive integer literals. */
  options(args: readonly Arg[], allowed: readonly string[], construct: string): Map<string, number> {
    const out = new Map<string, number>();
    const seen = new Map<string, Span>();
    for (const arg of args) {
      if (arg.name === undefined) {
        this.report(
          diag(D.UnnamedOption, arg.span, [], {
            hint: `name it: \`(${allowed[0] ?? "option"}: ${arg.value.kind === "Number" ? arg.value.value : "N"})\``,
          }),
        );
        continue;
      }
      const name = arg.name.name;
      if (!allowed.includes(name)) {
        this.report(
          diag(D.UnknownOption, arg.name.span, [name, construct], {
            hint: didYouMean(name, allowed) ?? (allowed.length === 0 ? `\`${construct}\` takes no options` : `\`${construct}\` takes ${listNames(allowed)}`),
          }),
        );
        continue;
      }
      const first = seen.get(name);
      if (first !== undefined) {
        this.report(diag(D.DuplicateName, arg.name.span, ["option", name], { related: [{ message: "first given here", span: first }] }));
        continue;
      }
      seen.set(name, arg.name.span);
      const v = arg.value;
      const n = numberLiteral(v);
      if (n !== undefined && n.integer && n.value > 0 && Number.isSafeInteger(n.value)) out.set(name, n.value);
      else {
        const problem = countProblem(name, v, 1, name === "max" ? 5 : name === "batch" ? 8 : 4);
        this.report(diag(D.InvalidSettingValue, v.span, [name, problem.what], { hint: problem.hint }));
      }
    }
    return out;
  }

  /** Declares a binder (map/filter): reserved words and shadowing are errors. */
  declareLocal(ident: Ident, env: Env, type: Type, binding: Local["binding"], checkReserved = true): Local {
    const name = ident.name;
    const reason = checkReserved ? reservedReason(name) : undefined;
    if (reason !== undefined) this.report(diag(D.ReservedName, ident.span, [name, reason]));
    else {
      const existing = env.lookup(name);
      const entry = this.info.scope.get(name);
      if (reservedReason(name) !== undefined) {
        // already reported where the parameter is declared
      } else if (existing !== undefined) {
        this.report(
          diag(D.ShadowedName, ident.span, [name], {
            related: [{ message: `\`${name}\` is defined here`, span: existing.span }],
            hint: `choose another name; \`${name}\` would hide the ${existing.binding === "param" ? "parameter" : existing.binding === "binder" ? "variable" : "`let`"} above`,
          }),
        );
      } else if (entry !== undefined) {
        this.report(
          diag(D.ShadowedName, ident.span, [name], {
            related: [{ message: `\`${name}\` is ${entry.imported ? "imported" : "declared"} here`, span: entry.span }],
            hint: `choose another name; \`${name}\` is ${kindWithArticle(entry.symbol.kind)} of this module`,
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
  private mapOrFilter(e: Extract<Expr, { kind: "Map" | "Filter" }>, env: Env, expected?: Type): IrExpr {
    const construct = e.kind === "Map" ? "map" : "filter";
    const expectedArray = expected?.kind === "array" ? expected : undefined;
    const source = this.value(e.source, env, e.kind === "Filter" ? expectedArray : undefined);
    const element = this.elementOf(source, e.source.span, construct);
    const options = this.options(e.options, ["concurrency"], construct);
    const inner = env.child();
    this.declareLocal(e.binder, inner, element, "binder");
    const concurrency = options.get("concurrency");
    if (e.kind === "Map") {
      const body = this.expr(e.body, inner, expectedArray?.element);
      this.present(body);
      const type: Type = body.type.kind === "void" ? T.void : source.type.kind === "error" ? T.error : T.array(body.type);
      return withConcurrency({ kind: "map", binder: e.binder.name, source, body, type, span: e.span }, concurrency);
    }
    const body = this.value(e.body, inner);
    if (body.type.kind !== "bool" && body.type.kind !== "error") {
      this.report(diag(D.ConditionNotBool, e.body.span, ["a `filter` condition", typeToString(body.type)]));
    }
    const type: Type = source.type.kind === "array" ? source.type : T.error;
    return withConcurrency({ kind: "filter", binder: e.binder.name, source, body, type, span: e.span }, concurrency);
  }

  private reduce(e: Extract<Expr, { kind: "Reduce" }>, env: Env): IrExpr {
    const name = e.fn.name;
    const sym = this.state.lookup(this.info, name);
    const callable = sym !== undefined ? this.state.callables.get(symbolKey(sym.module, sym.name)) : undefined;
    // The callable's parameter types the source, so `reduce map p in ps => { ... } with f`
    // builds the records `f` takes.
    // (Only for object literals: anything else is clearer reported as FLW315.)
    const first = callable?.signature.params[0];
    const misplaced = e.source.kind === "Call" && env.lookup(e.source.callee.name) !== undefined && isOptionsOnly(e.source.args);
    const source =
      misplaced && e.source.kind === "Call"
        ? this.misplacedOptions(e.source, e.fn.name, env)
        : this.value(e.source, env, first?.type.kind === "array" && buildsObjects(e.source) ? first.type : undefined);
    const element = this.elementOf(source, e.source.span, "reduce");
    const options = this.options(e.options, ["batch"], "reduce");
    const batch = options.get("batch");
    const fail = (): IrExpr =>
      withBatch({ kind: "reduce", source, fn: { kind: "flow", name, module: this.info.file }, param: "", type: T.error, span: e.span }, batch);
    if (sym === undefined || callable === undefined) {
      if (sym === undefined && this.info.poisoned.has(name)) {
        // imported from a module that could not be loaded: already reported
      } else if (sym === undefined && !BUILTIN_NAMES.has(name)) {
        const candidates = this.state.namesOf(this.info, ["worker", "tool", "flow"]);
        this.report(diag(D.UnknownName, e.fn.span, [name], { hint: didYouMean(name, candidates) }));
      } else {
        this.report(diag(D.NotCallable, e.fn.span, [name, sym === undefined ? "a built-in function" : kindWithArticle(sym.kind)]));
      }
      return fail();
    }
    const fn: CallableRef = { kind: callable.kind, name: sym.name, module: sym.module };
    if (!this.mode.allowCalls) this.report(diag(D.ContextCall, e.fn.span, [name]));
    else if (this.mode.owner !== undefined) {
      this.state.edges.push({ from: this.mode.owner, to: symbolKey(sym.module, sym.name), via: "call", span: e.fn.span });
    }
    const sig = callable.signature;
    const records = this.state.recordLookup;
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
      const why = param?.type.kind === "array" && sig.params.length === 1 ? this.mismatchDetail(T.array(t), param.type) : undefined;
      this.report(
        diag(D.ReduceSignature, e.fn.span, [typeToString(T.array(t)), typeToString(t), name, formatSignature(sig)], {
          hint:
            `\`reduce\` calls \`${name}\` on batches of elements and then on the batches' results, so it must take a single \`${typeToString(T.array(t))}\` parameter and return \`${typeToString(t)}\`` +
            (why === undefined ? "" : ` (${why})`),
        }),
      );
    }
    return withBatch({ kind: "reduce", source, fn, param: param?.name ?? "", type: fits && p !== undefined ? p : T.error, span: e.span }, batch);
  }
}

/** `(concurrency: 4)`, `(batch: 8)`: arguments that are all options of `map`/`filter`/`reduce`. */
function isOptionsOnly(args: readonly Arg[]): boolean {
  return args.length > 0 && args.every((a) => a.name !== undefined && MAP_OPTIONS.has(a.name.name));
}

function optionsText(args: readonly Arg[]): string {
  return args.map((a) => `${a.name?.name ?? "option"}: ${a.value.kind === "Number" ? a.value.value : "N"}`).join(", ");
}

/** True when the value is made of object literals, which take their type from the context. */
function buildsObjects(e: Expr): boolean {
  switch (e.kind) {
    case "Object":
      return true;
    case "Array":
      return e.elements.some(buildsObjects);
    case "Map":
      return buildsObjects(e.body);
    case "Filter":
      return buildsObjects(e.source);
    default:
      return false;
  }
}

/** `a.b.c` for a chain of names and fields, else `this value`. */
function exprText(e: Expr): string {
  if (e.kind === "Name") return e.name.name;
  if (e.kind === "Member") return `${exprText(e.object)}.${e.property.name}`;
  return "this value";
}

function withConcurrency<E extends IrExpr>(e: E, concurrency: number | undefined): E {
  return concurrency === undefined ? e : { ...e, concurrency };
}

function withBatch<E extends IrExpr>(e: E, batch: number | undefined): E {
  return batch === undefined ? e : { ...e, batch };
}

function equalityHint(l: Type, r: Type): string {
  if (l.kind === "enum" && r.kind === "literals") return mismatchHint(r, l) ?? "";
  if (r.kind === "enum" && l.kind === "literals") return mismatchHint(l, r) ?? "";
  if (l.kind === "literals" && r.kind === "literals") {
    const [small, big] = l.values.length <= r.values.length ? [l, r] : [r, l];
    return `${typeToString(small)} is not one of ${typeToString(big)}`;
  }
  return "both sides must have the same type";
}

/** "field `a`", "fields `a`, `b` and `c`". */
function fieldList(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  return quoted.length === 1 ? `field ${quoted[0]}` : `fields ${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

function paramHint(param: string, signature: string): string {
  return `for parameter \`${param}\` of \`${signature}\``;
}

function fieldsHint(record: string, fields: readonly string[]): string {
  return fields.length === 0 ? `\`${record}\` has no fields` : `the fields of \`${record}\` are ${listNames(fields)}`;
}

/** Names the callable whose `void` result is being used. */
function voidSource(e: IrExpr): string {
  switch (e.kind) {
    case "call":
      return e.callee.name;
    case "map":
      return voidSource(e.body);
    default:
      return "this expression";
  }
}

function mismatchHint(found: Type, expected: Type): string | undefined {
  if (expected.kind === "enum" && found.kind === "literals") return `write a member of the enum, like \`${expected.name}.${found.values[0] ?? "member"}\``;
  if (expected.kind === "literals" && found.kind === "string") return `only ${typeToString(expected)} are allowed here, and a computed \`string\` may be anything else`;
  if (expected.kind === "literals" && found.kind === "literals") return `the allowed values are ${typeToString(expected)}`;
  if (expected.kind === "int" && found.kind === "number") return "`int` takes whole numbers only";
  if (expected.kind === "array" && found.kind !== "array" && found.kind !== "error") return "wrap a single value in a list: `[x]`";
  if (expected.kind === "string" && found.kind === "array" && isStringLike(found.element)) {
    return "this is a list of strings; join it into one: `join(xs, \"\\n\")`";
  }
  if (expected.kind !== "array" && found.kind === "array" && isAssignable(found.element, expected, () => undefined)) {
    return "this is a list; `map` over it, or `reduce` it to one value";
  }
  return undefined;
}
