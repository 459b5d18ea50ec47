// Every name in one module and what it refers to, from its syntax tree (for
// the exact span of each name) and the checked plan (for what the checker
// resolved: module scopes, record types of expressions, parameter types).
// No second checker: scopes of locals are the language's block scopes, and
// types come from the plan.
import type * as Ast from "../grammar/ast.ts";
import type { CallableDef, Expr as PlanExpr, Span, Type } from "../compiler/plan/ir.ts";
import { PRIMITIVE_TYPES } from "./keywords.ts";
import { BodyWalker, type NameContext } from "./occurrences-body.ts";
import { expressionsBySpan, type ProgramLookup } from "./program-lookup.ts";
import { occurrence, type Occurrence, type SymbolRef } from "./symbols.ts";
import { templateSegments } from "./templates.ts";
import { assertNever } from "../grammar/exhaustive.ts";

export { BUILTINS } from "./occurrences-body.ts";

const PRIMITIVES: ReadonlySet<string> = new Set(PRIMITIVE_TYPES);

export interface Local {
  readonly symbol: SymbolRef;
  readonly type?: Type;
}

/** Occurrences in source order. */
export function moduleOccurrences(ast: Ast.Module, source: string, lookup: ProgramLookup): Occurrence[] {
  return new Walker(ast.span.file, source, lookup).module(ast);
}

class Walker implements NameContext {
  private readonly out: Occurrence[] = [];
  readonly scope: Map<string, string>;
  readonly exprs: Map<string, PlanExpr>;

  constructor(
    readonly file: string,
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

  add(span: Span, symbol: SymbolRef, definition: boolean, type?: Type): void {
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
        return;
    }
    assertNever(d);
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
    if (d.kind === "ToolDecl") {
      if (planned?.kind === "tool") this.add(d.from.span, { kind: "implementation", file: planned.implementation, name: d.name.name }, false);
    } else if (d.kind === "WorkerDecl") {
      for (const s of d.settings) this.setting(s, params);
    } else {
      new BodyWalker(this, params).block(d.body);
    }
  }

  private setting(s: Ast.Setting, params: Map<string, Local>): void {
    const v = s.value;
    if (s.name.name === "model" && v.kind === "Name") this.moduleName(v.name);
    else if (s.name.name === "uses" && v.kind === "Array") {
      for (const e of v.elements) if (e.kind === "Name") this.moduleName(e.name);
    } else if (s.name.name === "instructions" && v.kind === "String") {
      for (const t of v.templates) this.template(t, params);
    } else if (s.name.name === "context") new BodyWalker(this, params).expr(v);
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
  field(type: Type | undefined, name: string): Local | undefined {
    if (type?.kind !== "record") return undefined;
    const record = this.lookup.decl(type.module, type.name);
    const f = record?.kind === "record" ? record.fields.find((x) => x.name === name) : undefined;
    if (f === undefined) return undefined;
    return { symbol: { kind: "field", file: type.module, name: `${type.name}.${name}` }, type: f.type };
  }

  private typeExpr(t: Ast.TypeExpr): void {
    if (t.kind === "ArrayType") this.typeExpr(t.element);
    else if (t.kind === "NamedType" && !PRIMITIVES.has(t.name.name)) this.moduleName(t.name);
  }

  /** A name resolved in the module's scope: its own declarations and its imports. */
  moduleName(id: Ast.Ident): string | undefined {
    const file = this.scope.get(id.name);
    if (file !== undefined) this.add(id.span, { kind: "decl", file, name: id.name }, false);
    return file;
  }
}
