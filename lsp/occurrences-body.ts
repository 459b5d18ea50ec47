// The names in a flow's body (and a worker's `context`): `let`s and
// binders in the language's block scopes, parameters, fields read through
// a value's checked type, enum members, callees and their named arguments,
// object literal keys. Part of occurrences.ts, which walks declarations.
import type * as Ast from "../grammar/ast.ts";
import { BUILTIN_NAMES, LIST_BUILTIN_NAMES } from "../compiler/check/names.ts";
import type { Expr as PlanExpr, Span, Type } from "../compiler/plan/ir.ts";
import { spanKey } from "./program-lookup.ts";
import type { Local } from "./occurrences.ts";
import type { SymbolRef } from "./symbols.ts";
import { assertNever } from "../grammar/exhaustive.ts";

export const BUILTINS: ReadonlySet<string> = BUILTIN_NAMES;

/** What the body walker needs from the module walker. */
export interface NameContext {
  readonly file: string;
  /** Name -> declaring file, for the names the module sees. */
  readonly scope: ReadonlyMap<string, string>;
  /** The checked expressions of the module by span. */
  readonly exprs: ReadonlyMap<string, PlanExpr>;
  add(span: Span, symbol: SymbolRef, definition: boolean, type?: Type): void;
  field(type: Type | undefined, name: string): Local | undefined;
  moduleName(id: Ast.Ident): string | undefined;
}

export class BodyWalker {
  private readonly locals: Map<string, Local>[];

  constructor(
    private readonly ctx: NameContext,
    params: Map<string, Local>,
  ) {
    this.locals = [params];
  }

  block(b: Ast.Block): void {
    this.locals.push(new Map());
    for (const s of b.statements) this.statement(s);
    this.locals.pop();
  }

  private statement(s: Ast.Stmt): void {
    switch (s.kind) {
      case "Let": {
        this.expr(s.value);
        const symbol: SymbolRef = { kind: "let", file: this.ctx.file, name: s.name.name, at: s.name.span.start.offset };
        const type = this.ctx.exprs.get(spanKey(s.value.span))?.type;
        this.ctx.add(s.name.span, symbol, true, type);
        this.locals.at(-1)!.set(s.name.name, { symbol, ...(type !== undefined ? { type } : {}) });
        return;
      }
      case "Assign": {
        const local = this.local(s.target.name);
        if (local !== undefined) this.ctx.add(s.target.span, local.symbol, false, local.type);
        this.expr(s.value);
        return;
      }
      case "ExprStmt":
        return this.expr(s.expr);
      case "Return":
        if (s.value !== undefined) this.expr(s.value);
        return;
      case "If":
        this.expr(s.condition);
        this.block(s.then);
        if (s.else?.kind === "Block") this.block(s.else);
        else if (s.else !== undefined) this.statement(s.else);
        return;
      case "Repeat":
        for (const o of s.options) this.expr(o.value);
        this.block(s.body);
        return;
      case "Break":
        return;
    }
    assertNever(s);
  }

  private local(name: string): Local | undefined {
    for (let i = this.locals.length - 1; i >= 0; i--) {
      const found = this.locals[i]!.get(name);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  expr(e: Ast.Expr): void {
    switch (e.kind) {
      case "String":
      case "Number":
      case "Bool":
        return;
      case "Array":
        return e.elements.forEach((x) => this.expr(x));
      case "Object": {
        const planned = this.ctx.exprs.get(spanKey(e.span));
        for (const entry of e.entries) {
          const field = this.ctx.field(planned?.type, entry.key.name);
          if (field !== undefined) this.ctx.add(entry.key.span, field.symbol, false, field.type);
          this.expr(entry.value);
        }
        return;
      }
      case "Name": {
        const local = this.local(e.name.name);
        if (local !== undefined) this.ctx.add(e.name.span, local.symbol, false, this.ctx.exprs.get(spanKey(e.span))?.type ?? local.type);
        else this.ctx.moduleName(e.name);
        return;
      }
      case "Member": {
        this.expr(e.object);
        const planned = this.ctx.exprs.get(spanKey(e.span));
        if (planned?.kind === "member") {
          const field = this.ctx.field(planned.object.type, e.property.name);
          if (field !== undefined) this.ctx.add(e.property.span, field.symbol, false, planned.type);
        } else if (planned?.kind === "enum-member") {
          const symbol: SymbolRef = { kind: "member", file: planned.module, name: `${planned.enumName}.${planned.member}` };
          this.ctx.add(e.property.span, symbol, false, planned.type);
        }
        return;
      }
      case "Call": {
        const callee = e.callee.name;
        // (A declaration named like a list built-in hides it, as in the checker.)
        const builtin = BUILTINS.has(callee) && !(LIST_BUILTIN_NAMES.has(callee) && this.ctx.scope.has(callee));
        const file = builtin ? undefined : this.ctx.scope.get(callee);
        if (builtin) this.ctx.add(e.callee.span, { kind: "builtin", file: "", name: callee }, false);
        else this.ctx.moduleName(e.callee);
        for (const a of e.args) {
          // `by: score` of a list built-in names a field of the elements, not a variable.
          if (file === undefined && a.name?.name === "by") continue;
          if (a.name !== undefined && file !== undefined) this.ctx.add(a.name.span, { kind: "param", file, name: `${callee}.${a.name.name}` }, false);
          this.expr(a.value);
        }
        return;
      }
      case "Binary":
        this.expr(e.left);
        return this.expr(e.right);
      case "Unary":
        return this.expr(e.operand);
      case "Map":
      case "Filter": {
        this.expr(e.source);
        for (const o of e.options) this.expr(o.value);
        const source = this.ctx.exprs.get(spanKey(e.source.span))?.type;
        const type = source?.kind === "array" ? source.element : undefined;
        const symbol: SymbolRef = { kind: "binder", file: this.ctx.file, name: e.binder.name, at: e.binder.span.start.offset };
        this.ctx.add(e.binder.span, symbol, true, type);
        this.locals.push(new Map([[e.binder.name, { symbol, ...(type !== undefined ? { type } : {}) }]]));
        this.expr(e.body);
        this.locals.pop();
        return;
      }
      case "Reduce":
        this.expr(e.source);
        for (const o of e.options) this.expr(o.value);
        this.ctx.moduleName(e.fn);
        return;
    }
    assertNever(e);
  }
}
