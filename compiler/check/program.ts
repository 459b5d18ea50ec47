// Shared state of one check: the loaded modules, their namespaces (one per
// module: types, enums, models and callables share it), the resolved
// declarations, and the diagnostic sink.
import type {
  Decl,
  EnumDecl,
  FlowDecl,
  ImportDecl,
  ModelDecl,
  Module,
  Span,
  ToolDecl,
  TypeDecl,
  TypeExpr,
  WorkerDecl,
} from "../../grammar/ast.ts";
import type { Diagnostic } from "../diagnostics/types.ts";
import { D, diag } from "../diagnostics/table.ts";
import type { FieldDef, Signature, Type } from "../plan/ir.ts";
import { didYouMean } from "./names.ts";
import { PRIMITIVES, T, typeToString as typeText, type RecordLookup } from "./types.ts";

export type SymbolKind = "record" | "enum" | "model" | "worker" | "tool" | "flow";

/** A module-level declaration. `module` is the absolute path of the file that declares it. */
export interface DeclSymbol {
  readonly kind: SymbolKind;
  readonly name: string;
  readonly module: string;
  readonly decl: Decl;
  readonly nameSpan: Span;
}

/** A name visible at module level: declared there or imported. */
export interface ScopeEntry {
  readonly symbol: DeclSymbol;
  /** The declaration's name, or the imported name in the `import` line. */
  readonly span: Span;
  readonly imported: boolean;
}

export interface ModuleImport {
  readonly decl: ImportDecl;
  readonly specifier: string;
  /** Absolute path, when the specifier is a valid relative `.flow` path. */
  readonly target?: string;
  /** True when the target file was found and parsed. */
  readonly loaded: boolean;
}

export interface ModuleInfo {
  /** Absolute path. */
  readonly file: string;
  readonly ast: Module;
  /** Syntax errors make every semantic diagnostic in this file noise: they are dropped. */
  readonly broken: boolean;
  readonly imports: ModuleImport[];
  /** Own declarations by name (the first one wins). */
  readonly declared: Map<string, DeclSymbol>;
  /** Declarations and imports by local name. */
  readonly scope: Map<string, ScopeEntry>;
  /** Names imported from a missing or unparsable module: already reported, so their uses stay silent. */
  readonly poisoned: Set<string>;
}

export function symbolKey(module: string, name: string): string {
  return `${module}\u0000${name}`;
}

export function kindLabel(kind: SymbolKind): string {
  switch (kind) {
    case "record":
      return "record type";
    case "enum":
      return "enum";
    case "model":
    case "worker":
    case "tool":
    case "flow":
      return kind;
  }
}

/** `an enum`, `a worker`, ... for messages. */
export function kindWithArticle(kind: SymbolKind): string {
  const label = kindLabel(kind);
  return /^[aeiou]/.test(label) ? `an ${label}` : `a ${label}`;
}

export function declKind(decl: Decl): SymbolKind {
  switch (decl.kind) {
    case "TypeDecl":
      return "record";
    case "EnumDecl":
      return "enum";
    case "ModelDecl":
      return "model";
    case "WorkerDecl":
      return "worker";
    case "ToolDecl":
      return "tool";
    case "FlowDecl":
      return "flow";
  }
}

export interface ResolvedRecord {
  readonly decl: TypeDecl;
  readonly fields: FieldDef[];
}
export interface ResolvedEnum {
  readonly decl: EnumDecl;
  readonly members: string[];
}
export interface ResolvedCallable {
  readonly decl: WorkerDecl | ToolDecl | FlowDecl;
  readonly kind: "worker" | "tool" | "flow";
  readonly signature: Signature;
}

/** Where a worker, tool or flow may call another: a `uses` entry or a call in a flow. */
export interface CallEdge {
  readonly from: string;
  readonly to: string;
  readonly via: "uses" | "call";
  readonly span: Span;
}

export class ProgramState {
  /** The folder paths in messages are shown relative to (as the renderer shows file names). */
  constructor(readonly cwd: string = process.cwd()) {}

  readonly modules = new Map<string, ModuleInfo>();
  /** Dependencies before dependents. */
  order: string[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly records = new Map<string, ResolvedRecord>();
  readonly enums = new Map<string, ResolvedEnum>();
  readonly callables = new Map<string, ResolvedCallable>();
  readonly models = new Map<string, ModelDecl>();
  /** Workers with `max_depth`, by symbol key. */
  readonly depthLimited = new Set<string>();
  readonly edges: CallEdge[] = [];
  /**
   * The spans of the nodes being checked, outermost first: each phase pushes
   * a node's span before checking it and pops it after, so when a bug in
   * flowc throws, the last one is where it happened (FLW900 points there).
   */
  readonly trail: Span[] = [];

  /** Adds a diagnostic unless it points into a file with syntax errors (only syntax and loading problems are shown there). */
  report(d: Diagnostic, always = false): void {
    if (!always && this.modules.get(d.span.file)?.broken === true) return;
    this.diagnostics.push(d);
  }

  readonly recordLookup: RecordLookup = (t) => this.records.get(symbolKey(t.module, t.name))?.fields;

  recordFields(t: Extract<Type, { kind: "record" }>): readonly FieldDef[] | undefined {
    return this.records.get(symbolKey(t.module, t.name))?.fields;
  }

  lookup(module: ModuleInfo, name: string): DeclSymbol | undefined {
    return module.scope.get(name)?.symbol;
  }

  namesOf(module: ModuleInfo, kinds: readonly SymbolKind[]): string[] {
    const out: string[] = [];
    for (const [name, entry] of module.scope) if (kinds.includes(entry.symbol.kind)) out.push(name);
    return out;
  }

  /** Resolves a written type; reports unknown names and `void` where it is not allowed. */
  resolveType(module: ModuleInfo, te: TypeExpr, allowVoid: boolean): Type {
    this.trail.push(te.span);
    const type = this.resolveTypeOf(module, te, allowVoid);
    this.trail.pop();
    return type;
  }

  private resolveTypeOf(module: ModuleInfo, te: TypeExpr, allowVoid: boolean): Type {
    switch (te.kind) {
      case "NamedType": {
        const name = te.name.name;
        const primitive = PRIMITIVES.get(name);
        if (primitive !== undefined) {
          if (primitive.kind === "void" && !allowVoid) {
            this.report(diag(D.VoidNotAllowed, te.span));
            return T.error;
          }
          return primitive;
        }
        const sym = this.lookup(module, name);
        if (sym === undefined) {
          if (module.poisoned.has(name)) return T.error;
          const candidates = [...PRIMITIVES.keys(), ...this.namesOf(module, ["record", "enum"])];
          this.report(diag(D.UnknownType, te.name.span, [name], { hint: didYouMean(name, candidates) }));
          return T.error;
        }
        if (sym.kind === "record") return { kind: "record", name: sym.name, module: sym.module };
        if (sym.kind === "enum") return { kind: "enum", name: sym.name, module: sym.module };
        this.report(
          diag(D.NotAType, te.name.span, [name, kindWithArticle(sym.kind)], {
            hint: "types are `string`, `int`, `number`, `bool`, `json`, records, enums, `T[]` and literal unions",
          }),
        );
        return T.error;
      }
      case "ArrayType": {
        const element = this.resolveType(module, te.element, false);
        return T.array(element);
      }
      case "LiteralUnion": {
        const values: string[] = [];
        const seen = new Map<string, Span>();
        for (const m of te.members) {
          const first = seen.get(m.value);
          if (first !== undefined) {
            this.report(
              diag(D.DuplicateName, m.span, ["literal", m.value], { related: [{ message: "first listed here", span: first }] }),
            );
            continue;
          }
          seen.set(m.value, m.span);
          values.push(m.value);
        }
        return T.literals(values);
      }
    }
  }
}

export function formatSignature(sig: Signature): string {
  return `(${sig.params.map((p) => `${p.name}: ${typeText(p.type)}`).join(", ")}) -> ${typeText(sig.returns)}`;
}

