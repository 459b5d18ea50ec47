// Flow bodies: statements one for one, expressions with minimal parentheses.
// Calls become `await ctx.call(callable, { param: value })`; map/filter with a
// call inside go through the scheduler (`ctx.map`/`ctx.filter`), pure ones stay
// plain array methods; `reduce` is `ctx.reduce` with the combining callable.
import type { CodeBlockWriter } from "ts-morph";
import type { CallableRef, Expr, FlowDef, Stmt, Type } from "../plan/ir.ts";
import { containsCall, isListBuiltin } from "../plan/ir.ts";
import type { ModuleScope } from "./imports.ts";
import { literal, memberAccess, numberLiteral, propertyKey, stringLiteral } from "./literals.ts";
import { camelCase, safeLocal } from "./names.ts";
import { declaredType, holdsText, Narrowing, widenedLiteral } from "./flow-literals.ts";
import { listBuiltin } from "./list-builtins.ts";
import { comparesByValue, objectType, tsType, widens } from "./types.ts";
import { assertNever } from "../../grammar/exhaustive.ts";

/** JavaScript operator precedence, enough of it to parenthesise correctly. */
const PREC = {
  primary: 20,
  postfix: 17, // member access, calls
  unary: 14, // ! - await
  multiplicative: 12,
  additive: 11,
  relational: 9,
  equality: 8,
  and: 4,
  or: 3,
  /** `??`: below `||` so that it is always parenthesised next to `&&`/`||` (JavaScript forbids mixing them bare). */
  coalesce: 2.5,
  arrow: 2,
} as const;

interface Code {
  readonly text: string;
  readonly prec: number;
}

const BINARY: Record<string, { js: string; prec: number }> = {
  "==": { js: "===", prec: PREC.equality },
  "!=": { js: "!==", prec: PREC.equality },
  "<": { js: "<", prec: PREC.relational },
  "<=": { js: "<=", prec: PREC.relational },
  ">": { js: ">", prec: PREC.relational },
  ">=": { js: ">=", prec: PREC.relational },
  and: { js: "&&", prec: PREC.and },
  or: { js: "||", prec: PREC.or },
  "+": { js: "+", prec: PREC.additive },
  "-": { js: "-", prec: PREC.additive },
  "*": { js: "*", prec: PREC.multiplicative },
  "/": { js: "/", prec: PREC.multiplicative },
};

/** The `ctx` parameter name; never given to a `.flow` variable. */
const CTX = "ctx";

/**
 * Local names of one function. A `.flow` name keeps its spelling unless that
 * would shadow a module-level name, `ctx`, or a variable of an enclosing scope
 * (which also rules out reading a shadowed name in its own initializer).
 */
export class LocalScope {
  private readonly vars = new Map<string, string>();
  private readonly taken = new Set<string>();

  constructor(
    private readonly module: ModuleScope,
    private readonly parent?: LocalScope,
  ) {}

  child(): LocalScope {
    return new LocalScope(this.module, this);
  }

  private isTaken(name: string): boolean {
    if (name === CTX || safeLocal(name) !== name || this.taken.has(name)) return true;
    return this.parent ? this.parent.isTaken(name) : this.module.names.isDeclared(name);
  }

  /** A fresh identifier for the `.flow` variable `name` in this scope. */
  declare(name: string): string {
    const candidate = this.fresh(name);
    this.vars.set(name, candidate);
    return candidate;
  }

  /**
   * A fresh identifier for a helper of the generated code (`round`, `batch`):
   * taken in this scope, but not a `.flow` name, so a `.flow` variable `round`
   * read in a `repeat` still finds its own identifier.
   */
  fresh(name: string): string {
    let candidate = safeLocal(name);
    for (let n = 2; this.isTaken(candidate); n++) candidate = `${name}_${n}`;
    this.taken.add(candidate);
    return candidate;
  }

  lookup(name: string): string {
    const found = this.vars.get(name) ?? this.parent?.lookup(name);
    if (found === undefined)
      throw new Error(`flowc emit: unknown variable \`${name}\` (the checker should have rejected it)`);
    return found;
  }
}

export class ExprWriter {
  constructor(private readonly module: ModuleScope) {
    this.narrowing = new Narrowing(module);
  }

  /** What TypeScript may have narrowed to a literal type by now in this function (flow-literals.ts). */
  readonly narrowing: Narrowing;

  private wrap(code: Code, min: number): string {
    return code.prec < min ? `(${code.text})` : code.text;
  }

  /**
   * An operand of `===`: a reference of a type with one value (`"b"`, an enum
   * of one member) is written `(x as T)`, which TypeScript does not narrow, so
   * that the branch where it differs is not code where `x` is `never` (which
   * the checker accepts, and TypeScript's `never + never` does not).
   */
  private unnarrowed(e: Expr, scope: LocalScope, min: number): string {
    if (!this.narrowing.isSingleValueReference(e, scope)) return this.text(e, scope, min);
    return `(${this.text(e, scope)} as ${this.typeText(e.type)})`;
  }

  typeText(type: Type): string {
    return tsType(type, this.module);
  }

  callee(ref: CallableRef): string {
    return this.module.ref(ref.name, ref.module);
  }

  /** The expression as text, parenthesised as needed where it is used at precedence `min`. */
  text(e: Expr, scope: LocalScope, min: number = PREC.arrow): string {
    return this.wrap(this.expr(e, scope), min);
  }

  /**
   * The expression as text where TypeScript gives it no contextual type (the
   * receiver of `.map`, an argument that a generic function infers from): an
   * array or object literal whose type TypeScript would infer otherwise than
   * the plan (`["a", "b"]` as `string[]`, `{ verdict: "pass" }` as
   * `{ verdict: string }` where the plan has a record) is written
   * `(... satisfies T)` with the plan's type, which keeps it.
   */
  typed(e: Expr, scope: LocalScope, min: number = PREC.arrow): string {
    const literal = (e.kind === "array" && e.elements.length > 0) || e.kind === "object"; // `[]` is `never[]` already
    if (!literal || !(widens(e.type) || holdsText(e))) return this.text(e, scope, min);
    return `(${this.text(e, scope)} satisfies ${this.typeText(e.type)})`;
  }

  expr(e: Expr, scope: LocalScope): Code {
    switch (e.kind) {
      case "literal":
        return { text: literal(e.value), prec: typeof e.value === "number" && e.value < 0 ? PREC.unary : PREC.primary };
      case "array":
        return { text: `[${e.elements.map((x) => this.text(x, scope)).join(", ")}]`, prec: PREC.primary };
      case "object":
        return { text: this.objectLiteral(e.entries, scope), prec: PREC.primary };
      case "var":
        return { text: scope.lookup(e.name), prec: PREC.primary };
      case "member":
        return { text: memberAccess(this.typed(e.object, scope, PREC.postfix), e.property), prec: PREC.postfix };
      case "enum-member":
        return { text: stringLiteral(e.member), prec: PREC.primary };
      case "call":
        return { text: `await ${this.callText(e, scope)}`, prec: PREC.unary };
      case "builtin":
        return { text: this.builtin(e, scope), prec: PREC.postfix };
      case "binary":
        return this.binary(e, scope);
      case "unary": {
        const operand = this.text(e.operand, scope, PREC.unary);
        if (e.op === "not") return { text: `!${operand}`, prec: PREC.unary };
        return { text: operand.startsWith("-") ? `-(${operand})` : `-${operand}`, prec: PREC.unary };
      }
      case "map":
      case "filter":
        return this.mapOrFilter(e, scope);
      case "reduce":
        return this.reduce(e, scope);
    }
    return assertNever(e);
  }

  /** `ctx.call(f, { a, b: 1 })` (without `await`). */
  callText(e: Extract<Expr, { kind: "call" }>, scope: LocalScope): string {
    const entries = e.args.map((a) => ({ key: a.param, value: a.value }));
    return `${CTX}.call(${this.callee(e.callee)}, ${this.objectLiteral(entries, scope)})`;
  }

  private objectLiteral(entries: readonly { key: string; value: Expr }[], scope: LocalScope): string {
    if (entries.length === 0) return "{}";
    const members = entries.map(({ key, value }) => {
      const text = this.text(value, scope);
      const k = propertyKey(key);
      return k === text && k !== "__proto__" ? k : `${k}: ${text}`;
    });
    return `{ ${members.join(", ")} }`;
  }

  private builtin(e: Extract<Expr, { kind: "builtin" }>, scope: LocalScope): string {
    if (isListBuiltin(e.name)) return listBuiltin(this, this.module.runtime(e.name), e, scope);
    // The generic ones (`concat<T>`, `flatten<T>`) get the element type the checker gave their result,
    // which also types their arguments (TypeScript's own inference may pick another, or none); the
    // others' parameters have fixed types.
    const generic = (e.name === "concat" || e.name === "flatten") && e.type.kind === "array" ? `<${this.typeText(e.type.element)}>` : "";
    const args = e.args.map((a) => this.text(a, scope));
    if (e.options.length > 0) {
      const options = e.options.map((o) => ({ key: camelCase(o.name), value: o.value }));
      args.push(this.objectLiteral(options, scope));
    }
    return `${this.module.runtime(e.name)}${generic}(${args.join(", ")})`;
  }

  private binary(e: Extract<Expr, { kind: "binary" }>, scope: LocalScope): Code {
    if ((e.op === "==" || e.op === "!=") && !(comparesByValue(e.left.type) || comparesByValue(e.right.type))) {
      const call = `${this.module.runtime("deepEqual")}(${this.text(e.left, scope)}, ${this.text(e.right, scope)})`;
      return e.op === "==" ? { text: call, prec: PREC.postfix } : { text: `!${call}`, prec: PREC.unary };
    }
    const narrowing = this.narrowing;
    if ((e.op === "==" || e.op === "!=") && narrowing.mayBeLiteral(e.left, scope) && narrowing.mayBeLiteral(e.right, scope)) {
      // TypeScript gives literals (and `and`/`or`/`not` of them, and references it narrowed to them) literal
      // types, and refuses to compare two it sees cannot be equal (`"a" === "b"`, `(true || x) === false`):
      // the left side is compared as a value of its type in the plan.
      const left = `(${this.text(e.left, scope, PREC.postfix)} as ${this.typeText(widenedLiteral(e.left.type))})`;
      const text = `${left} ${BINARY[e.op]!.js} ${this.unnarrowed(e.right, scope, PREC.equality + 1)}`;
      narrowing.narrow(e, scope);
      return { text, prec: PREC.equality };
    }
    if (e.op === "==" || e.op === "!=") {
      const text = `${this.unnarrowed(e.left, scope, PREC.equality)} ${BINARY[e.op]!.js} ${this.unnarrowed(e.right, scope, PREC.equality + 1)}`;
      narrowing.narrow(e, scope);
      return { text, prec: PREC.equality };
    }
    if (e.op === "??") {
      // Operands tighter than `&&`: a bare `a ?? b || c` is a syntax error in JavaScript.
      const text = `${this.text(e.left, scope, PREC.and + 1)} ?? ${this.text(e.right, scope, PREC.and + 1)}`;
      return { text, prec: PREC.coalesce };
    }
    const op = BINARY[e.op]!;
    // Left-associative: the right operand needs a strictly higher precedence.
    const left = this.text(e.left, scope, op.prec);
    // The right of `&&`/`||` is read knowing the left, and what follows an `===` knows it too.
    if (e.op === "and" || e.op === "or") narrowing.narrow(e.left, scope);
    const text = `${left} ${op.js} ${this.text(e.right, scope, op.prec + 1)}`;
    if (e.op === "/" && e.type.kind === "int") return { text: `Math.trunc(${text})`, prec: PREC.postfix };
    return { text, prec: op.prec };
  }

  private mapOrFilter(e: Extract<Expr, { kind: "map" | "filter" }>, scope: LocalScope): Code {
    const inner = scope.child();
    // The binder is declared with the checker's type, like every binding.
    const binder = `${inner.declare(e.binder)}: ${this.typeText(e.binderType)}`;
    const method = e.kind === "map" ? "map" : "filter";
    // A body whose type TypeScript would infer otherwise than the plan gets the plan's (`"a"` or an enum
    // member would be a `string`, a record's literal an object type); calls, variables and the like have
    // their declared types.
    const resultType = e.kind === "map" && !declaredType(e.body) && (holdsText(e.body) || widens(e.body.type)) ? this.typeText(e.body.type) : undefined;
    if (!containsCall(e.body)) {
      const source = this.typed(e.source, scope, PREC.postfix);
      const returns = resultType ? `: ${resultType}` : "";
      return {
        text: `${source}.${method}((${binder})${returns} => ${this.arrowBody(e.body, inner)})`,
        prec: PREC.postfix,
      };
    }
    const source = this.typed(e.source, scope);
    const options = e.concurrency === undefined ? "{}" : `{ concurrency: ${numberLiteral(e.concurrency)} }`;
    let callback: string;
    if (e.body.kind === "call" && !resultType && !e.body.args.some((a) => containsCall(a.value))) {
      // The body is one call (with no call inside, which needs `await`): hand its promise back directly.
      callback = `(${binder}, ${CTX}) => ${this.callText(e.body, inner)}`;
    } else {
      const returns = resultType ? `: Promise<${resultType}>` : "";
      callback = `async (${binder}, ${CTX})${returns} => ${this.arrowBody(e.body, inner)}`;
    }
    return { text: `await ${CTX}.${method}(${source}, ${options}, ${callback})`, prec: PREC.unary };
  }

  private reduce(e: Extract<Expr, { kind: "reduce" }>, scope: LocalScope): Code {
    const inner = scope.child();
    const batch = inner.fresh("batch");
    const entries = [...(e.batch === undefined ? [] : [`batch: ${numberLiteral(e.batch)}`]), ...(e.empty === undefined ? [] : [`empty: ${this.text(e.empty, scope)}`])];
    const options = entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
    const key = propertyKey(e.param);
    const arg = key === batch ? `{ ${batch} }` : `{ ${key}: ${batch} }`;
    const callback = `(${batch}, ${CTX}) => ${CTX}.call(${this.callee(e.fn)}, ${arg})`;
    // The element type is the plan's: inferred from the source alone it may be `never` (`reduce [] with f`).
    const element = this.typeText(e.type);
    return { text: `await ${CTX}.reduce<${element}>(${this.text(e.source, scope)}, ${options}, ${callback})`, prec: PREC.unary };
  }

  /** An arrow function body: an object literal needs parentheses there. */
  arrowBody(e: Expr, scope: LocalScope): string {
    const text = this.text(e, scope);
    return text.startsWith("{") ? `(${text})` : text;
  }
}

/** Writes a flow's body statements, one TypeScript statement per `.flow` statement. */
export function writeFlowBody(writer: CodeBlockWriter, flow: FlowDef, exprs: ExprWriter, scope: LocalScope): void {
  writeStatements(writer, flow.body, exprs, scope);
  // The checker knows a `repeat` whose body always returns never finishes; TypeScript
  // sees a `for` loop that may end, so say what cannot happen.
  if (flow.signature.returns.kind !== "void" && endReachable(flow.body)) {
    writer.writeLine(`throw new Error(${stringLiteral(`flow ${flow.name} ended without returning`)});`);
  }
}

/** Whether TypeScript considers the end of these statements reachable. */
function endReachable(body: readonly Stmt[]): boolean {
  const last = body[body.length - 1];
  if (!last) return true;
  switch (last.kind) {
    case "return":
      return false;
    case "if":
      return !last.else || endReachable(last.then) || endReachable(last.else);
    case "let":
    case "assign":
    case "expr":
    case "repeat":
    case "break":
      return true;
  }
}

function writeStatements(writer: CodeBlockWriter, body: readonly Stmt[], exprs: ExprWriter, scope: LocalScope): void {
  for (const stmt of body) writeStatement(writer, stmt, exprs, scope);
}

function writeStatement(writer: CodeBlockWriter, stmt: Stmt, exprs: ExprWriter, scope: LocalScope): void {
  switch (stmt.kind) {
    case "let": {
      // Evaluate the initializer before the name exists (a `.flow` `let x = x + 1` reads the outer x).
      const value = exprs.text(stmt.value, scope);
      const literal = exprs.narrowing.mayBeLiteral(stmt.value, scope);
      const name = scope.declare(stmt.name);
      exprs.narrowing.given(name, stmt.type, literal);
      // Declared with the checker's type for the variable, never what TypeScript would infer from the value.
      writer.writeLine(`${stmt.mutable ? "let" : "const"} ${name}: ${exprs.typeText(stmt.type)} = ${value};`);
      return;
    }
    case "assign": {
      const name = scope.lookup(stmt.name);
      writer.writeLine(`${name} = ${exprs.text(stmt.value, scope)};`);
      // (A variable given a value of a union type has that type.)
      exprs.narrowing.given(name, stmt.value.type, exprs.narrowing.mayBeLiteral(stmt.value, scope));
      return;
    }
    case "expr":
      writer.writeLine(`${exprs.text(stmt.expr, scope)};`);
      return;
    case "return":
      writer.writeLine(stmt.value ? `return ${exprs.text(stmt.value, scope)};` : "return;");
      return;
    case "break":
      writer.writeLine("break;");
      return;
    case "repeat": {
      const inner = scope.child();
      const round = inner.fresh("round");
      const max = numberLiteral(stmt.max);
      writer.write(`for (let ${round} = 0; ${round} < ${max}; ${round}++) {`).newLine();
      writer.indent(() => writeStatements(writer, stmt.body, exprs, inner));
      writer.writeLine("}");
      return;
    }
    case "if": {
      writeIf(writer, stmt, exprs, scope);
      writer.newLine();
      return;
    }
  }
  return assertNever(stmt);
}

function writeIf(
  writer: CodeBlockWriter,
  stmt: Extract<Stmt, { kind: "if" }>,
  exprs: ExprWriter,
  scope: LocalScope,
): void {
  writer.write(`if (${exprs.text(stmt.condition, scope)}) {`).newLine();
  exprs.narrowing.narrow(stmt.condition, scope);
  writer.indent(() => writeStatements(writer, stmt.then, exprs, scope.child()));
  writer.write("}");
  const otherwise = stmt.else;
  if (!otherwise || otherwise.length === 0) return;
  if (otherwise.length === 1 && otherwise[0]!.kind === "if") {
    writer.write(" else ");
    writeIf(writer, otherwise[0], exprs, scope.child());
    return;
  }
  writer.write(" else {").newLine();
  writer.indent(() => writeStatements(writer, otherwise, exprs, scope.child()));
  writer.write("}");
}

/** `{ deck, topic: topic_ }`: destructuring a callable's input into local names. */
export function destructure(names: readonly { param: string; local: string }[]): string {
  const members = names.map(({ param, local }) => {
    const key = propertyKey(param);
    return key === local ? key : `${key}: ${local}`;
  });
  return `{ ${members.join(", ")} }`;
}

/** The input object type of a callable: `{ deck: Deck; topic: string }`. */
export function inputType(params: readonly { name: string; type: Type }[], module: ModuleScope): string {
  return objectType(params.map((p) => ({ name: p.name, type: tsType(p.type, module) })));
}

