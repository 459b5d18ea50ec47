// Flow bodies: scopes, statements, and the control-flow analysis that finds a
// flow that can end without `return`, a `break` outside `repeat` and
// unreachable statements.
import type { Block, FlowDecl, IfStmt, LetStmt, Stmt } from "../../grammar/ast.ts";
import { D, diag } from "../diagnostics/table.ts";
import type { Expr as IrExpr, FlowDef, Stmt as IrStmt, Type } from "../plan/ir.ts";
import { withDoc } from "./declarations.ts";
import { Env, type Local } from "./env.ts";
import { mentionsEmptyList, NONE_LEARNED, silentState, type LearnedTypes } from "./flow-learn.ts";
import { ExprChecker } from "./expr.ts";
import { symbolKey, type ModuleInfo, type ProgramState } from "./program.ts";
import { containsError, containsNever, containsObject, isAssignable, T, typeToString, widen } from "./types.ts";
import { containsCall } from "../plan/ir.ts";
import { H, help } from "../diagnostics/hints.ts";

/** How a statement (or a sequence) can end: by going on to the next one, or by `break`. */
interface Completion {
  readonly normal: boolean;
  readonly breaks: boolean;
}

type MutableLet = { -readonly [K in keyof Extract<IrStmt, { kind: "let" }>]: Extract<IrStmt, { kind: "let" }>[K] };

export function checkFlow(state: ProgramState, info: ModuleInfo, decl: FlowDecl): FlowDef {
  // `let xs = []` takes its type from its first assignment; a silent first pass learns it (flow-learn.ts).
  const learned = mentionsEmptyList(decl.body) ? new FlowChecker(silentState(state), info, decl, NONE_LEARNED).learn() : NONE_LEARNED;
  return new FlowChecker(state, info, decl, learned).run();
}

class FlowChecker {
  private readonly exprs: ExprChecker;
  private readonly returns: Type;
  private repeatDepth = 0;
  /** Names assigned anywhere in the body: their `let`s are widened (`"a"` becomes `string`). */
  private readonly assigned = new Set<string>();
  /** The IR `let` of each local, to set `mutable` when an assignment is seen and its `type` at the end. */
  private readonly lets = new Map<Local, MutableLet>();
  /** The `let` statement of each local. */
  private readonly letNodes = new Map<Local, LetStmt>();

  constructor(
    private readonly state: ProgramState,
    private readonly info: ModuleInfo,
    private readonly decl: FlowDecl,
    /** What a first pass learned: these `let`s have their final type from the start. */
    private readonly learned: LearnedTypes,
  ) {
    const key = symbolKey(info.file, decl.name.name);
    this.exprs = new ExprChecker(state, info, { allowCalls: true, owner: key });
    const resolved = state.callables.get(key);
    this.signature = resolved !== undefined && resolved.decl === decl ? resolved.signature : { params: [], returns: T.error };
    this.returns = this.signature.returns;
  }

  private readonly signature: FlowDef["signature"];
  /** The statement after each one in its block (to explain a `return` alone on its line). */
  private readonly nextStatement = new Map<Stmt, Stmt>();

  /** Checks the body (for a first pass) and returns the type each `let` of a `never` type learned. */
  learn(): LearnedTypes {
    this.run();
    const learned = new Map<LetStmt, Type>();
    for (const [local, stmt] of this.lets) {
      const node = this.letNodes.get(local);
      // A type learned from a wrong value (an `error` in it) is not kept: the second pass reports that value.
      if (node !== undefined && containsNever(stmt.value.type) && !containsNever(local.type) && !containsError(local.type)) learned.set(node, local.type);
    }
    return learned;
  }

  run(): FlowDef {
    collectAssigned(this.decl.body, this.assigned);
    const env = new Env();
    this.signature.params.forEach((p, i) => {
      const ident = this.decl.params[i]?.name;
      if (ident !== undefined && env.lookup(p.name) === undefined) this.exprs.declareLocal(ident, env, p.type, "param", false);
    });
    const { stmts, completion } = this.block(this.decl.body, env);
    // A variable's type is final once the whole body is checked (`let xs = []` learns it from an assignment).
    for (const [local, stmt] of this.lets) stmt.type = local.type;
    if (completion.normal && this.returns.kind !== "void" && this.returns.kind !== "error") {
      const body = this.decl.body.span;
      const closing = { file: body.file, start: { offset: body.end.offset - 1, line: body.end.line, column: body.end.column - 1 }, end: body.end };
      this.state.report(
        diag(D.MissingReturn, this.decl.name.span, [this.decl.name.name, typeToString(this.returns)], {
          related: [{ message: "the flow can reach its end here", span: closing }],
        }),
      );
    }
    return withDoc(
      { kind: "flow", name: this.decl.name.name, signature: this.signature, body: stmts, span: this.decl.span },
      this.decl.doc?.text,
    );
  }

  private block(block: Block, env: Env): { stmts: IrStmt[]; completion: Completion } {
    const stmts: IrStmt[] = [];
    let normal = true;
    let breaks = false;
    let reportedUnreachable = false;
    let stoppedBy = "";
    block.statements.forEach((s, index) => {
      const previous = block.statements[index - 1];
      if (!normal && !reportedUnreachable) {
        const hint = returnOnItsOwn(previous, s) ? help(H.ReturnOnOneLine, []) : undefined;
        this.state.report(diag(D.UnreachableCode, s.span, [stoppedBy], hint === undefined ? {} : { hint }));
        reportedUnreachable = true;
      }
      const following = block.statements[index + 1];
      if (following !== undefined) this.nextStatement.set(s, following);
      const { stmt, completion } = this.stmt(s, env);
      stmts.push(stmt);
      if (normal) {
        breaks ||= completion.breaks;
        if (!completion.normal) {
          normal = false;
          stoppedBy = s.kind === "Break" ? "break" : s.kind === "Return" ? "return" : s.kind === "If" ? "if" : "repeat";
        }
      }
    });
    return { stmts, completion: { normal, breaks } };
  }

  private stmt(s: Stmt, env: Env): { stmt: IrStmt; completion: Completion } {
    this.state.trail.push(s.span);
    const checked = this.stmtOf(s, env);
    this.state.trail.pop();
    return checked;
  }

  private stmtOf(s: Stmt, env: Env): { stmt: IrStmt; completion: Completion } {
    const go: Completion = { normal: true, breaks: false };
    switch (s.kind) {
      case "Let": {
        const value = this.exprs.value(s.value, env);
        const name = s.name.name;
        // (What the first pass learned applies while the value still has no element type: in this pass
        // it may have one, from a `let` that learned its own.)
        const learned = containsNever(value.type) ? this.learned.get(s) : undefined;
        const type = learned ?? (this.assigned.has(name) ? widen(value.type) : value.type);
        const local = this.exprs.declareLocal(s.name, env, type, "let");
        const stmt: MutableLet = { kind: "let", name, value, type, mutable: false, span: s.span };
        this.lets.set(local, stmt);
        this.letNodes.set(local, s);
        return { stmt, completion: go };
      }
      case "Assign": {
        const name = s.target.name;
        const local = env.lookup(name);
        if (local === undefined) {
          const sym = this.state.lookup(this.info, name);
          this.state.report(
            diag(D.UnknownName, s.target.span, [name], {
              hint: sym !== undefined ? `\`${name}\` is a declaration, not a variable; declare one with \`let\`` : `declare it first: \`let ${name} = ...\``,
            }),
          );
          const value = this.exprs.value(s.value, env);
          return { stmt: { kind: "assign", name, value, span: s.span }, completion: go };
        }
        if (local.binding === "param") {
          this.state.report(diag(D.AssignToParameter, s.target.span, [name]));
          const value = this.exprs.value(s.value, env);
          return { stmt: { kind: "assign", name, value, span: s.span }, completion: go };
        }
        // `never` expects nothing: `let xs = []` then `xs = [1]` learns `int[]` rather than rejecting the `1`.
        const value = this.exprs.value(s.value, env, containsNever(local.type) ? undefined : local.type);
        if (containsNever(local.type) && !containsNever(value.type) && value.type.kind !== "error") {
          // `let xs = []` learns its element type here.
          if (this.exprs.assignable(local.type, value.type, s.value.span)) local.type = widen(value.type);
        } else if (
          containsObject(local.type) &&
          !containsObject(value.type) &&
          value.type.kind !== "error" &&
          isAssignable(this.lets.get(local)?.value.type ?? local.type, value.type, this.state.recordLookup) &&
          isAssignable(value.type, local.type, this.state.recordLookup)
        ) {
          // `let p = { x: 1.5, y: 2.0 }` then `p = make_point()`: `p` is a
          // `Point` from the start, and so is the literal it starts with.
          // Only when the first value fits the record and the record fits the
          // variable's type: reads of `p` before this assignment were checked
          // with that type (an `int` field read as `int` must not turn out a
          // `number`).
          local.type = value.type;
          const first = this.lets.get(local);
          if (first !== undefined) first.value = retype(first.value, value.type);
        } else {
          const upgrade = containsObject(local.type) && isAssignable(local.type, value.type, this.state.recordLookup);
          this.exprs.assignable(
            value.type,
            local.type,
            s.value.span,
            `\`${name}\` was declared as \`${typeToString(local.type)}\`` +
              (upgrade ? `; give its first value the field types of \`${typeToString(value.type)}\` (\`1.0\` is a \`number\`, \`1\` an \`int\`)` : ""),
          );
        }
        const letStmt = this.lets.get(local);
        if (letStmt !== undefined) letStmt.mutable = true;
        return { stmt: { kind: "assign", name, value, span: s.span }, completion: go };
      }
      case "ExprStmt": {
        const expr = this.exprs.expr(s.expr, env);
        if (!containsCall(expr) && expr.type.kind !== "error") this.state.report(diag(D.ExpressionStatement, s.expr.span));
        return { stmt: { kind: "expr", expr, span: s.span }, completion: go };
      }
      case "Return": {
        const stop: Completion = { normal: false, breaks: false };
        if (s.value === undefined) {
          if (this.returns.kind !== "void" && this.returns.kind !== "error") {
            const next = this.nextStatement.get(s);
            const hint = next !== undefined && returnOnItsOwn(s, next) ? help(H.ReturnOnOneLine, []) : undefined;
            this.state.report(diag(D.MissingReturnValue, s.span, [typeToString(this.returns)], hint === undefined ? {} : { hint }));
          }
          return { stmt: { kind: "return", span: s.span }, completion: stop };
        }
        if (this.returns.kind === "void") {
          this.state.report(diag(D.ReturnValueInVoid, s.value.span, [this.decl.name.name]));
          const value = this.exprs.expr(s.value, env);
          return { stmt: { kind: "return", value, span: s.span }, completion: stop };
        }
        const value = this.exprs.expect(
          s.value,
          env,
          this.returns,
          `flow \`${this.decl.name.name}\` is declared to return \`${typeToString(this.returns)}\``,
        );
        return { stmt: { kind: "return", value, span: s.span }, completion: stop };
      }
      case "If":
        return this.ifStmt(s, env);
      case "Repeat": {
        const options = this.exprs.options(s.options, ["max"], "repeat");
        const max = options.get("max");
        if (max === undefined && !s.options.some((o) => o.name === undefined || o.name.name === "max")) {
          const start = s.span.start;
          const keyword = { file: s.span.file, start, end: { offset: start.offset + 6, line: start.line, column: start.column + 6 } };
          this.state.report(diag(D.MissingOption, keyword, ["repeat", "max"]));
        }
        this.repeatDepth++;
        const body = this.block(s.body, env.child());
        this.repeatDepth--;
        // The loop ends after `max` rounds unless every round returns.
        const normal = body.completion.normal || body.completion.breaks;
        return { stmt: { kind: "repeat", max: max ?? 1, body: body.stmts, span: s.span }, completion: { normal, breaks: false } };
      }
      case "Break":
        if (this.repeatDepth === 0) this.state.report(diag(D.BreakOutsideRepeat, s.span));
        return { stmt: { kind: "break", span: s.span }, completion: { normal: false, breaks: this.repeatDepth > 0 } };
    }
  }

  private ifStmt(s: IfStmt, env: Env): { stmt: IrStmt; completion: Completion } {
    const condition = this.exprs.value(s.condition, env);
    if (condition.type.kind !== "bool" && condition.type.kind !== "error") {
      this.state.report(diag(D.ConditionNotBool, s.condition.span, ["an `if` condition", typeToString(condition.type)]));
    }
    const then = this.block(s.then, env.child());
    let elseStmts: IrStmt[] | undefined;
    let elseCompletion: Completion = { normal: true, breaks: false };
    if (s.else !== undefined) {
      if (s.else.kind === "If") {
        const nested = this.ifStmt(s.else, env);
        elseStmts = [nested.stmt];
        elseCompletion = nested.completion;
      } else {
        const b = this.block(s.else, env.child());
        elseStmts = b.stmts;
        elseCompletion = b.completion;
      }
    }
    const stmt: IrStmt =
      elseStmts === undefined
        ? { kind: "if", condition, then: then.stmts, span: s.span }
        : { kind: "if", condition, then: then.stmts, else: elseStmts, span: s.span };
    return {
      stmt,
      completion: {
        normal: then.completion.normal || elseCompletion.normal,
        breaks: then.completion.breaks || elseCompletion.breaks,
      },
    };
  }
}

function collectAssigned(block: Block, out: Set<string>): void {
  for (const s of block.statements) {
    if (s.kind === "Assign") out.add(s.target.name);
    else if (s.kind === "Repeat") collectAssigned(s.body, out);
    else if (s.kind === "If") {
      collectAssigned(s.then, out);
      let e = s.else;
      while (e !== undefined) {
        if (e.kind === "Block") {
          collectAssigned(e, out);
          break;
        }
        collectAssigned(e.then, out);
        e = e.else;
      }
    }
  }
}

/** An array or object literal given the (record) type its context wants; other expressions keep theirs. */
function retype(e: IrExpr, type: Type): IrExpr {
  if (e.kind === "object" && type.kind === "record") return { ...e, type };
  if (e.kind === "array" && type.kind === "array") return { ...e, elements: e.elements.map((x) => retype(x, type.element)), type };
  return e;
}

/** `return` with no value, and the next statement on a following line (the value the author meant?). */
function returnOnItsOwn(previous: Stmt | undefined, next: Stmt): boolean {
  return previous?.kind === "Return" && previous.value === undefined && next.kind === "ExprStmt" && next.span.start.line > previous.span.end.line;
}
