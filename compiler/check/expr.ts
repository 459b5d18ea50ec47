// Expressions: infers the type of every expression and builds its IR. Used for
// flow bodies (calls allowed) and for a worker's `context:` (no calls).
// The entry module: the checks of each kind of expression live in the expr-*.ts files.
import type { Arg, Expr, Ident, Span } from "../../grammar/ast.ts";
import { D, diag } from "../diagnostics/table.ts";
import type { Expr as IrExpr, Type } from "../plan/ir.ts";
import type { Env, Local } from "./env.ts";
import { checkCall } from "./expr-calls.ts";
import { checkMapOrFilter, checkOptions, checkReduce, declareLocal } from "./expr-collections.ts";
import { mismatchDetail, mismatchHint } from "./expr-hints.ts";
import { checkArray, checkObject } from "./expr-literals.ts";
import { checkMember, checkName } from "./expr-names.ts";
import { checkBinary, checkUnary } from "./expr-operators.ts";
import type { ModuleInfo, ProgramState } from "./program.ts";
import { isAssignable, T, typeToString } from "./types.ts";

export interface ExprMode {
  /** False in a worker's `context:`, where a call is an error. */
  readonly allowCalls: boolean;
  /** The callable whose body this is (for the call graph), when it is a flow. */
  readonly owner?: string;
}

export class ExprChecker {
  constructor(
    readonly state: ProgramState,
    readonly info: ModuleInfo,
    readonly mode: ExprMode,
  ) {}

  report(d: ReturnType<typeof diag>): void {
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
  present(ir: IrExpr): void {
    const absent = this.maybeAbsent.get(ir);
    if (absent === undefined || !this.mode.allowCalls) return;
    this.report(
      diag(D.OptionalFieldValue, absent.span, [absent.path, absent.field, absent.record], {
        hint: `write \`${absent.path} ?? default\` for a value when it is absent, compare it with \`==\`/\`!=\`, or make the field required`,
      }),
    );
  }

  /** Expressions that read an optional field, with what to say about them. */
  readonly maybeAbsent = new WeakMap<IrExpr, { path: string; field: string; record: string; span: Span }>();

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
    return mismatchDetail(this, found, expected);
  }

  /** Any expression, `void` allowed (a bare call statement). */
  expr(e: Expr, env: Env, expected?: Type): IrExpr {
    this.state.trail.push(e.span);
    const ir = this.exprOf(e, env, expected);
    this.state.trail.pop();
    return ir;
  }

  private exprOf(e: Expr, env: Env, expected: Type | undefined): IrExpr {
    switch (e.kind) {
      case "String":
        for (const t of e.templates) this.report(diag(D.TemplateNotExpanded, t.span, [t.path.join(".")]));
        return { kind: "literal", value: e.value, type: T.literals([e.value]), span: e.span };
      case "Number":
        return { kind: "literal", value: e.value, type: e.integer ? T.int : T.number, span: e.span };
      case "Bool":
        return { kind: "literal", value: e.value, type: T.bool, span: e.span };
      case "Array":
        return checkArray(this, e, env, expected);
      case "Object":
        return checkObject(this, e, env, expected);
      case "Name":
        return checkName(this, e.name, env);
      case "Member":
        return checkMember(this, e, env);
      case "Call":
        return checkCall(this, e, env);
      case "Binary":
        return checkBinary(this, e, env);
      case "Unary":
        return checkUnary(this, e, env);
      case "Map":
      case "Filter":
        return checkMapOrFilter(this, e, env, expected);
      case "Reduce":
        return checkReduce(this, e, env);
    }
  }

  /** Checks `(name: N)` options: known names, no duplicates, positive integer literals. */
  options(args: readonly Arg[], allowed: readonly string[], construct: string): Map<string, number> {
    return checkOptions(this, args, allowed, construct);
  }

  /** Declares a binder (map/filter): reserved words and shadowing are errors. */
  declareLocal(ident: Ident, env: Env, type: Type, binding: Local["binding"], checkReserved = true): Local {
    return declareLocal(this, ident, env, type, binding, checkReserved);
  }
}

/** Names the callable whose `void` result is being used. */
function voidSource(e: IrExpr): string {
  switch (e.kind) {
    case "call":
      return e.callee.name;
    case "map":
      return voidSource(e.body);
    case "literal":
    case "array":
    case "object":
    case "var":
    case "member":
    case "enum-member":
    case "builtin":
    case "binary":
    case "unary":
    case "filter":
    case "reduce":
      return "this expression";
  }
}
