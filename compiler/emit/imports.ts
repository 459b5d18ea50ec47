// The module-level names of one generated file: its own declarations, what it
// imports from `@flowc/runtime`, from other generated modules and from tool
// files. Every module-level identifier is settled here before any code is
// written, so flow bodies can pick local names that never shadow one of them.
import path from "node:path";
import type { PlanModule } from "../plan/ir.ts";
import { stringLiteral } from "./literals.ts";
import { identFromText, NameAllocator, pascalCase, safeIdent } from "./names.ts";
import { importSpecifierPath, type ImportExtension } from "./paths.ts";
import type { NamedType, SchemaNames } from "./types.ts";

/** The runtime package generated code imports: an app depends on it (docs/app.md). */
export const RUNTIME_MODULE = "@flowc/runtime";

const RUNTIME_VALUES = [
  "concat",
  "count",
  "deepEqual",
  "defineCodeWorker",
  "defineFlow",
  "defineModel",
  "defineTool",
  "defineWorker",
  "flatten",
  "join",
  "len",
  "max",
  "min",
  "runFlow",
  "sort",
  "split",
  "sum",
  "z",
] as const;
const RUNTIME_TYPES = ["CodeWorker", "Flow", "FlowContext", "Json", "RunOptions", "Tool", "Worker"] as const;
export type RuntimeValue = (typeof RUNTIME_VALUES)[number];
export type RuntimeType = (typeof RUNTIME_TYPES)[number];

/** The generated helper names of one flow. */
export interface FlowNames {
  readonly input: string;
  readonly plan: string;
  readonly run: string;
}

interface ImportedName {
  readonly exported: string;
  readonly local: string;
  used: boolean;
}

export class ModuleScope implements SchemaNames {
  readonly names = new NameAllocator();
  private readonly runtimeLocal = new Map<string, { local: string; used: boolean; type: boolean }>();
  /** Generated modules by absolute `.flow` path, in first-registration order. */
  private readonly generated = new Map<string, Map<string, ImportedName>>();
  /** Tool files by absolute path: their namespace alias. */
  private readonly tools = new Map<string, { alias: string; used: boolean }>();
  private readonly flows = new Map<string, FlowNames>();
  /** Local declarations whose module-level value already exists at this point of the file. */
  private readonly initializedDecls = new Set<string>();

  constructor(
    readonly module: PlanModule,
    /** Absolute path of the generated file. */
    readonly outFile: string,
    /** Absolute path of the generated file for another `.flow` module. */
    private readonly outPathOf: (flowFile: string) => string,
    private readonly importExtension: ImportExtension = ".js",
  ) {
    for (const decl of module.decls) this.names.reserve(safeIdent(decl.name));
    for (const imp of module.imports) {
      for (const name of imp.names) this.importedName(name, imp.module);
    }
    for (const name of RUNTIME_VALUES)
      this.runtimeLocal.set(name, { local: this.names.allocate(name), used: false, type: false });
    for (const name of RUNTIME_TYPES)
      this.runtimeLocal.set(name, { local: this.names.allocate(name), used: false, type: true });
    for (const decl of module.decls) {
      // A `needs approval` tool loads its file when a call is approved (callables.ts): no import line for it.
      if (decl.kind === "tool" && !decl.needsApproval && !this.tools.has(decl.implementation)) {
        const base = path.basename(decl.implementation).replace(/\.[^.]*$/, "");
        this.tools.set(decl.implementation, { alias: this.names.allocate(`tool_${identFromText(base)}`), used: false });
      }
    }
    for (const decl of module.decls) {
      if (decl.kind !== "flow") continue;
      const pascal = pascalCase(decl.name) || "Flow";
      this.flows.set(decl.name, {
        input: this.names.allocate(`${pascal}Input`),
        plan: this.names.allocate(`${decl.name}_plan`),
        run: this.names.allocate(`run${pascal}`),
      });
    }
  }

  get file(): string {
    return this.module.file;
  }

  private importedName(name: string, module: string): ImportedName {
    let names = this.generated.get(module);
    if (!names) this.generated.set(module, (names = new Map()));
    const exported = safeIdent(name);
    let entry = names.get(exported);
    if (!entry) {
      // Names the `.flow` file imports were reserved first; others (types reached
      // through an imported callable) get a fresh alias if their name is taken.
      let local = exported;
      if (this.names.has(exported)) local = this.names.allocate(exported);
      else this.names.reserve(exported);
      entry = { exported, local, used: false };
      names.set(exported, entry);
    }
    return entry;
  }

  /** The identifier of a declaration (record, enum, model, worker, tool, flow) in this file. */
  ref(name: string, module: string): string {
    if (module === this.file) return safeIdent(name);
    const entry = this.importedName(name, module);
    entry.used = true;
    return entry.local;
  }

  runtime(name: RuntimeValue | RuntimeType): string {
    const entry = this.runtimeLocal.get(name)!;
    entry.used = true;
    return entry.local;
  }

  toolModule(implementation: string): string {
    const entry = this.tools.get(implementation)!;
    entry.used = true;
    return entry.alias;
  }

  flowNames(flow: string): FlowNames {
    return this.flows.get(flow)!;
  }

  markInitialized(name: string): void {
    this.initializedDecls.add(name);
  }

  isInitialized(name: string): boolean {
    return this.initializedDecls.has(name);
  }

  // SchemaNames
  typeName(ref: NamedType): string {
    return this.ref(ref.name, ref.module);
  }
  json(): string {
    return this.runtime("Json");
  }
  z(): string {
    return this.runtime("z");
  }
  initialized(ref: NamedType): boolean {
    return ref.module !== this.file || this.initializedDecls.has(ref.name);
  }

  /** `./types.js`, `../tools/market.js`: always relative, forward slashes, with the configured extension. */
  specifierTo(target: string): string {
    const relative = path.relative(path.dirname(this.outFile), target).split(path.sep).join("/");
    const specifier = importSpecifierPath(relative, this.importExtension);
    return specifier.startsWith("../") ? specifier : `./${specifier}`;
  }

  /** The import lines, in a fixed order: runtime values, runtime types, generated modules, tool files. */
  importLines(): string[] {
    const lines: string[] = [];
    const clause = (names: readonly { exported: string; local: string }[]) =>
      names.map((n) => (n.local === n.exported ? n.exported : `${n.exported} as ${n.local}`)).join(", ");
    const runtime = [...this.runtimeLocal].filter(([, e]) => e.used).map(([exported, e]) => ({ exported, ...e }));
    const values = runtime.filter((e) => !e.type);
    const types = runtime.filter((e) => e.type);
    const from = (target: string) => stringLiteral(target);
    if (values.length > 0) lines.push(`import { ${clause(values)} } from ${from(RUNTIME_MODULE)};`);
    if (types.length > 0) lines.push(`import type { ${clause(types)} } from ${from(RUNTIME_MODULE)};`);
    for (const [module, names] of this.generated) {
      const used = [...names.values()].filter((n) => n.used);
      if (used.length > 0)
        lines.push(`import { ${clause(used)} } from ${from(this.specifierTo(this.outPathOf(module)))};`);
    }
    for (const [implementation, tool] of this.tools) {
      if (tool.used) lines.push(`import * as ${tool.alias} from ${from(this.specifierTo(implementation))};`);
    }
    return lines;
  }
}
