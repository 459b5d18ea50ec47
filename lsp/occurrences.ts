// Every name in one module and what it refers to, from its syntax tree (for
// the exact span of each name) and the checked plan (for what the checker
// resolved: module scopes, record types of expressions, parameter types).
// No second checker: scopes of locals are the language's block scopes, and
// types come from the plan.
import type * as Ast from "../grammar/ast.ts";
import type { Span, Type, CallableDef } from "../compiler/plan/ir.ts";
import type { Expr as PlanExpr } from "../compiler/plan/ir.ts";
import { expressionsBySpan, spanKey, type ProgramLookup } from "./program-lookup.ts";
import { occurrence, type Occurrence, type SymbolRef } from "./symbols.ts";
import { templateSegments } from "./templates.ts";

export const BUILTINS: ReadonlySet<string> = new Set(["split", "flatten", "len", "join", "concat"]);
const PRIMITIVE_TYPES: ReadonlySet<string> = new Set(["string", "int", "number", "bool", "json", "void"]);

interface Local {
  readonly symbol: SymbolRef;
  readonly type?: Type;
}

/** Occurrences in source order. */
export function moduleOccurrences(ast: Ast.Module, source: string, lookup: ProgramLookup): Occurrence[] {
  return new Walker(ast.span.file, source, lookup).module(ast);
}

class Walker {
  private readonly out: Occurrence[] = [];
  private readonly scope: Map<string, string>;
  private readonly exprs: Map<string, PlanExpr>;
  private locals: Map<string, Local>[] = [];

  constructor(
    private readonly file: string,
    private readonly source: string,
    private readonly lookup: ProgramLookup,
  ) {
    this.scope = lookup.scope(file);
    this.exprs = expressionsBySpan(lookup.module(file));
  }

  module(ast: Ast.Module): Occurrence[] {
    const planImports = this.lookup.module(this.file)?.imports ?? [];
    for (const imp of ast.imports) {
      const target = planImports.find((i) => i.specifier === imp.from.value)?.module;
      if (target === undefined) continue;
      this.add(imp.from.span, { kind: "module", file: target, name: "" }, false);
      for (const n of imp.names) this.add(n.span, { kind: "decl", file: target, name: n.name }, false);
    }
    for (const d of ast.decls) this.decl(d);
    return this.out.sort((a, b) => a.span.start.offset - b.span.start.offset);
  }

  private add(span: Span, symbol: SymbolRef, definition: boolean, type?: Type): void {
    this.out.push(occurrence(span, symbol, definition, type));
  }

  private decl(d: Ast.Decl): void {
    this.add(d.name.span, { kind: "decl", file: this.file, name: d.name.name }, true);
    const planned = this.lookup.decl(this.file, d.name.name);
    switch (d.kind) {
      case "TypeDecl": {
        const fields = planned?.kind === "record" ? planned.fields : [];
        for (const f of d.fields) {
          const type = fields.find((x) => x.name === f.name.name)?.type;
          this.add(f.name.span, { kind: "field", file: this.file, name: `${d.name.name}.${f.name.name}` }, true, type);
          this.typeExpr(f.type);
        }
        return;
      }
      case "EnumDecl":
        for (const m of d.members) this.add(m.name.span, { kind: "member", file: this.file, name: `${d.name.name}.${m.name.name}` }, true);
        return;
      case "ModelDecl":
        return;
      case "WorkerDecl":
      case "ToolDecl":
      case "FlowDecl":
        this.callable(d, planned?.kind === "worker" || planned?.kind === "tool" || planned?.kind === "flow" ? planned : undefined);
    }
  }

  private callable(d: Ast.WorkerDecl | Ast.ToolDecl | Ast.FlowDecl, planned: CallableDef | undefined): void {
    const params = new Map<string, Local>();
    for (const p of d.params) {
      const symbol: SymbolRef = { kind: "param", file: this.file, name: `${d.name.name}.${p.name.name}` };
      const type = planned?.signature.params.find((x) => x.name === p.name.name)?.type;
      this.add(p.name.span, symbol, true, type);
      if (!params.has(p.name.name)) params.set(p.name.name, { symbol, ...(type !== undefined ? { type } : {}) });
      this.typeExpr(p.type);
    }
    this.typeExpr(d.returns);
    this.locals = [params];
    if (d.kind === "ToolDecl") {
      if (planned?.kind === "tool") this.add(d.from.span, { kind: "implementation", file: planned.implementation, name: d.name.name }, false);
    } else if (d.kind === "WorkerDecl") {
      for (const s of d.settings) this.setting(s, params);
    } else {
      this.block(d.body);
    }
    this.locals = [];
  }

  private setting(s: Ast.Setting, params: Map<string, Local>): void {
    const v = s.value;
    if (s.name.name === "model" && v.kind === "Name") this.moduleName(v.name);
    else if (s.name.name === "uses" && v.kind === "Array") {
      for (const e of v.elements) if (e.kind === "Name") this.moduleName(e.name);
    } else if (s.name.name === "instructions" && v.kind === "String") {
      for (const t of v.templates) this.template(t, params);
    } else if (s.name.name === "context") this.expr(v);
  }

  /** `{{deck.name}}`: the parameter, then a field of each record along the path. */
  private template(t: Ast.TemplateRef, params: Map<string, Local>): void {
    const segments = templateSegments(this.source, t);
    let current: Local | undefined = params.get(t.path[0] ?? "");
    if (current === undefined || segments[0] === undefined) return;
    this.add(segments[0], current.symbol, false, current.type);
    for (let i = 1; i < segments.length; i++) {
      const field = this.field(current?.type, t.path[i]!);
      if (field === undefined) return;
      this.add(segments[i]!, field.symbol, false, field.type);
      current = field;
    }
  }

  /** The field `name` of a record type, as a symbol with its type. */
  private field(type: Type | undefined, name: string): Local | undefined {
    if (type?.kind !== "record") return undefined;
    const record = this.lookup.decl(type.module, type.name);
    const f = record?.kind === "record" ? record.fields.find((x) => x.name === name) : undefined;
    if (f === undefined) return undefined;
    return { symbol: { kind: "field", file: type.module, name: `${type.name}.${name}` }, type: f.type };
  }

  private typeExpr(t: Ast.TypeExpr): void {
    if (t.kind === "ArrayType") this.typeExpr(t.element);
    else if (t.kind === "NamedType" && !PRIMITIVE_TYPES.has(t.name.name)) this.moduleName(t.name);
  }

  /** A name resolved in the module's scope: its own declarations and its imports. */
  private moduleName(id: Ast.Ident): string | undefined {
    const file = this.scope.get(id.name);
    if (file !== undefined) this.add(id.span, { kind: "decl", file, name: id.name }, false);
    return file;
  }

  private block(b: Ast.Block): void {
    this.locals.push(new Map());
    for (const s of b.statements) this.statement(s);
    this.locals.pop();
  }

  private statement(s: Ast.Stmt): void {
    switch (s.kind) {
      case "Let": {
        this.expr(s.value);
        const symbol: SymbolRef = { kind: "let", file: this.file, name: s.name.name, at: s.name.span.start.offset };
        const type = this.exprs.get(spanKey(s.value.span))?.type;
        this.add(s.name.span, symbol, true, type);
        this.locals.at(-1)!.set(s.name.name, { symbol, ...(type !== undefined ? { type } : {}) });
        return;
      }
      case "Assign": {
        const local = this.local(s.target.name);
        if (local !== undefined) this.add(s.target.span, local.symbol, false, local.type);
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
  }

  private local(name: string): Local | undefined {
    for (let i = this.locals.length - 1; i >= 0; i--) {
      const found = this.locals[i]!.get(name);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private expr(e: Ast.Expr): void {
    switch (e.kind) {
      case "String":
      case "Number":
      case "Bool":
        return;
      case "Array":
        return e.elements.forEach((x) => this.expr(x));
      case "Object": {
        const planned = this.exprs.get(spanKey(e.span));
        for (const entry of e.entries) {
          const field = this.field(planned?.type, entry.key.name);
          if (field !== undefined) this.add(entry.key.span, field.symbol, false, field.type);
          this.expr(entry.value);
        }
        return;
      }
      case "Name": {
        const local = this.local(e.name.name);
        if (local !== undefined) this.add(e.name.span, local.symbol, false, this.exprs.get(spanKey(e.span))?.type ?? local.type);
        else this.moduleName(e.name);
        return;
      }
      case "Member": {
        this.expr(e.object);
        const planned = this.exprs.get(spanKey(e.span));
        if (planned?.kind === "member") {
          const field = this.field(planned.object.type, e.property.name);
          if (field !== undefined) this.add(e.property.span, field.symbol, false, planned.type);
        } else if (planned?.kind === "enum-member") {
          const symbol: SymbolRef = { kind: "member", file: planned.module, name: `${planned.enumName}.${planned.member}` };
          this.add(e.property.span, symbol, false, planned.type);
        }
        return;
      }
      case "Call": {
        const callee = e.callee.name;
        const file = BUILTINS.has(callee) ? undefined : this.scope.get(callee);
        if (BUILTINS.has(callee)) this.add(e.callee.span, { kind: "builtin", file: "", name: callee }, false);
        else this.moduleName(e.callee);
        for (const a of e.args) {
          if (a.name !== undefined && file !== undefined) this.add(a.name.span, { kind: "param", file, name: `${callee}.${a.name.name}` }, false);
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
        const source = this.exprs.get(spanKey(e.source.span))?.type;
        const type = source?.kind === "array" ? source.element : undefined;
        const symbol: SymbolRef = { kind: "binder", file: this.file, name: e.binder.name, at: e.binder.span.start.offset };
        this.add(e.binder.span, symbol, true, type);
        this.locals.push(new Map([[e.binder.name, { symbol, ...(type !== undefined ? { type } : {}) }]]));
        this.expr(e.body);
        this.locals.pop();
        return;
      }
      case "Reduce":
        this.expr(e.source);
        for (const o of e.options) this.expr(o.value);
        this.moduleName(e.fn);
        return;
    }
  }
}
