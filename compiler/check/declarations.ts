// Module-level names: declarations, imports, the types of records, enums and
// signatures, and the checks that need nothing but declarations (models,
// tools, reserved and generated names).
import { statSync } from "node:fs";
import path from "node:path";
import type { Expr, ModelDecl, Param, Span, ToolDecl } from "../../grammar/ast.ts";
import { D, diag } from "../diagnostics/table.ts";
import type { FieldDef, ModelDef, ParamDef, RecordDef, EnumDef, SettingValue, Signature, ToolDef } from "../plan/ir.ts";
import { didYouMean, keyReason, listNames, pascalCase, reservedReason, toolNameReason } from "./names.ts";
import {
  declKind,
  kindWithArticle,
  symbolKey,
  type DeclSymbol,
  type ModuleInfo,
  type ProgramState,
} from "./program.ts";
import { checkToolConfinement } from "./tool-confinement.ts";
import { T } from "./types.ts";
import { assertNever } from "../../grammar/exhaustive.ts";
import { H, help } from "../diagnostics/hints.ts";

/** Phase 1: every module's own declarations (duplicates reported, the first one wins). */
export function collectDeclarations(state: ProgramState): void {
  for (const file of state.order) {
    const info = state.modules.get(file)!;
    for (const decl of info.ast.decls) {
      const name = decl.name.name;
      const reason = reservedReason(name) ?? (decl.kind === "ToolDecl" ? toolNameReason(name) : undefined);
      if (reason !== undefined) state.report(diag(D.ReservedName, decl.name.span, [name, reason]));
      const first = info.declared.get(name);
      if (first !== undefined) {
        state.report(
          diag(D.DuplicateDeclaration, decl.name.span, [name], {
            related: [{ message: `first declared here as ${kindWithArticle(first.kind)}`, span: first.nameSpan }],
          }),
        );
        continue;
      }
      const symbol: DeclSymbol = { kind: declKind(decl), name, module: file, decl, nameSpan: decl.name.span };
      info.declared.set(name, symbol);
      info.scope.set(name, { symbol, span: decl.name.span, imported: false });
    }
  }
}

/** Phase 2: imported names join each module's scope. */
export function resolveImports(state: ProgramState): void {
  for (const file of state.order) {
    const info = state.modules.get(file)!;
    for (const imp of info.imports) {
      const target = imp.loaded && imp.target !== undefined ? state.modules.get(imp.target) : undefined;
      for (const ident of imp.decl.names) {
        const name = ident.name;
        const existing = info.scope.get(name);
        if (existing !== undefined) {
          state.report(
            existing.imported
              ? diag(D.DuplicateName, ident.span, ["import", name], { related: [{ message: "first imported here", span: existing.span }] })
              : diag(D.DuplicateDeclaration, existing.span, [name], { related: [{ message: "also imported here", span: ident.span }] }),
          );
          continue;
        }
        if (target === undefined) {
          info.poisoned.add(name); // the missing module was reported; its names stay unknown silently
          continue;
        }
        const symbol = target.declared.get(name);
        if (symbol === undefined) {
          if (target.broken) {
            info.poisoned.add(name);
            continue;
          }
          const viaImport = target.scope.get(name);
          const hint =
            viaImport !== undefined
              ? `\`${name}\` is only imported there; import it from the module that declares it`
              : (didYouMean(name, target.declared.keys()) ??
                (target.declared.size > 0 ? `it declares ${listNames([...target.declared.keys()])}` : "it declares nothing"));
          state.report(diag(D.UnknownImport, ident.span, [name, JSON.stringify(imp.specifier)], { hint }));
          continue;
        }
        info.scope.set(name, { symbol, span: ident.span, imported: true });
      }
    }
  }
}

function checkParams(state: ProgramState, info: ModuleInfo, params: readonly Param[]): ParamDef[] {
  const out: ParamDef[] = [];
  const seen = new Map<string, Span>();
  for (const p of params) {
    const name = p.name.name;
    const reason = reservedReason(name);
    if (reason !== undefined) state.report(diag(D.ReservedName, p.name.span, [name, reason]));
    const first = seen.get(name);
    if (first !== undefined) {
      state.report(diag(D.DuplicateName, p.name.span, ["parameter", name], { related: [{ message: "first declared here", span: first }] }));
    } else seen.set(name, p.name.span);
    out.push({ name, type: state.resolveType(info, p.type, false), span: p.name.span });
  }
  return out;
}

/** Phase 3: field types, enum members and signatures of every declaration. */
export function resolveDeclarations(state: ProgramState): void {
  for (const file of state.order) {
    const info = state.modules.get(file)!;
    for (const decl of info.ast.decls) {
      const own = info.declared.get(decl.name.name);
      const key = symbolKey(file, decl.name.name);
      const isFirst = own !== undefined && own.decl === decl;
      state.trail.push(decl.span);
      switch (decl.kind) {
        case "TypeDecl": {
          const fields: FieldDef[] = [];
          const seen = new Map<string, Span>();
          for (const f of decl.fields) {
            const first = seen.get(f.name.name);
            if (first !== undefined) {
              state.report(
                diag(D.DuplicateName, f.name.span, ["field", f.name.name], { related: [{ message: "first declared here", span: first }] }),
              );
              continue;
            }
            seen.set(f.name.name, f.name.span);
            const unusable = keyReason(f.name.name, f.optional);
            if (unusable !== undefined) {
              const hint = keyReason(f.name.name) === undefined ? "make the field required, or choose another name" : undefined;
              state.report(diag(D.ReservedName, f.name.span, [f.name.name, unusable], { hint }));
            }
            const field: { -readonly [K in keyof FieldDef]: FieldDef[K] } = {
              name: f.name.name,
              type: state.resolveType(info, f.type, false),
              optional: f.optional,
              span: f.span,
            };
            if (f.doc !== undefined) field.doc = f.doc.text;
            fields.push(field);
          }
          if (isFirst) state.records.set(key, { decl, fields });
          break;
        }
        case "EnumDecl": {
          const members: string[] = [];
          const seen = new Map<string, Span>();
          for (const m of decl.members) {
            const first = seen.get(m.name.name);
            if (first !== undefined) {
              state.report(
                diag(D.DuplicateName, m.name.span, ["enum member", m.name.name], { related: [{ message: "first declared here", span: first }] }),
              );
              continue;
            }
            seen.set(m.name.name, m.name.span);
            members.push(m.name.name);
          }
          if (decl.members.length === 0) state.report(diag(D.EmptyEnum, decl.name.span, [decl.name.name]));
          if (isFirst) state.enums.set(key, { decl, members });
          break;
        }
        case "ModelDecl":
          if (isFirst) state.models.set(key, decl);
          break;
        case "WorkerDecl":
        case "ToolDecl":
        case "FlowDecl": {
          const signature: Signature = {
            params: checkParams(state, info, decl.params),
            returns: state.resolveType(info, decl.returns, true),
          };
          if (isFirst) {
            const kind = decl.kind === "WorkerDecl" ? "worker" : decl.kind === "ToolDecl" ? "tool" : "flow";
            state.callables.set(key, { decl, kind, signature });
          }
          break;
        }
      }
      state.trail.pop();
    }
  }
}

export function recordDef(state: ProgramState, file: string, decl: import("../../grammar/ast.ts").TypeDecl): RecordDef {
  const resolved = state.records.get(symbolKey(file, decl.name.name));
  const fields = resolved !== undefined && resolved.decl === decl ? resolved.fields : [];
  return withDoc({ kind: "record", name: decl.name.name, fields, span: decl.span }, decl.doc?.text);
}

export function enumDef(decl: import("../../grammar/ast.ts").EnumDecl): EnumDef {
  const seen = new Set<string>();
  const members: { name: string; doc?: string }[] = [];
  for (const m of decl.members) {
    if (seen.has(m.name.name)) continue;
    seen.add(m.name.name);
    members.push(withDoc({ name: m.name.name }, m.doc?.text));
  }
  return withDoc({ kind: "enum", name: decl.name.name, members, span: decl.span }, decl.doc?.text);
}

export function withDoc<O extends object>(o: O, doc: string | undefined): O & { doc?: string } {
  return doc === undefined ? o : { ...o, doc };
}

/** A number literal, negative ones (`-1`, parsed as unary minus) included, or undefined. */
export function numberLiteral(e: Expr): { readonly value: number; readonly integer: boolean } | undefined {
  if (e.kind === "Number") return { value: e.value, integer: e.integer };
  if (e.kind === "Unary" && e.op === "-" && e.operand.kind === "Number") return { value: -e.operand.value, integer: e.operand.integer };
  return undefined;
}

/**
 * What to say about a setting or option that must be a whole number of at
 * least `min`: the domain (with "literal" only when something else than a
 * number was written) and a hint.
 */
export function countProblem(name: string, e: Expr, min: 0 | 1, example: number): { what: string; hint: string } {
  const n = numberLiteral(e);
  const domain = min === 0 ? "a non-negative integer" : "a positive integer";
  if (n === undefined) return { what: `${domain} literal`, hint: help(H.WholeNumber, [name, example]) };
  if (!n.integer || !Number.isSafeInteger(n.value)) return { what: domain, hint: help(H.WholeNumber, [name, example]) };
  return { what: domain, hint: help(min === 0 ? H.ZeroOrMore : H.OneOrMore, [name, example]) };
}

/** A literal setting value (`0.2`, `-1`, `"x"`, `true`), or undefined. */
export function literalValue(e: Expr): SettingValue | undefined {
  switch (e.kind) {
    case "String":
      return e.value;
    case "Number":
      return e.value;
    case "Bool":
      return e.value;
    case "Unary":
      return e.op === "-" && e.operand.kind === "Number" ? -e.operand.value : undefined;
    case "Array":
    case "Object":
    case "Name":
    case "Member":
    case "Call":
    case "Binary":
    case "Map":
    case "Filter":
    case "Reduce":
      return undefined;
  }
  return assertNever(e);
}

/** Settings of a `model` with a known meaning and the values they take. */
const MODEL_SETTINGS: ReadonlyMap<string, { readonly check: (v: SettingValue) => boolean; readonly what: string }> = new Map([
  ["temperature", { check: (v: SettingValue) => typeof v === "number" && v >= 0 && v <= 2, what: "a number from 0 to 2" }],
  ["top_p", { check: (v: SettingValue) => typeof v === "number" && v >= 0 && v <= 1, what: "a number from 0 to 1" }],
  ["max_tokens", { check: (v: SettingValue) => typeof v === "number" && Number.isInteger(v) && v > 0, what: "a positive integer" }],
  ["seed", { check: (v: SettingValue) => typeof v === "number" && Number.isInteger(v), what: "an integer" }],
]);

export function checkModel(state: ProgramState, decl: ModelDecl): ModelDef {
  const settings: { name: string; value: SettingValue }[] = [];
  const seen = new Map<string, Span>();
  for (const s of decl.settings) {
    const name = s.name.name;
    const first = seen.get(name);
    if (first !== undefined) {
      state.report(diag(D.DuplicateName, s.name.span, ["setting", name], { related: [{ message: "first set here", span: first }] }));
      continue;
    }
    seen.set(name, s.name.span);
    const value = literalValue(s.value);
    if (value === undefined) {
      state.report(
        diag(D.InvalidSettingValue, s.value.span, [name, "a literal (a string, a number or `true`/`false`)"], {
          hint: "model settings are passed to the provider as they are written",
        }),
      );
      continue;
    }
    const known = MODEL_SETTINGS.get(name);
    if (known !== undefined && !known.check(value)) {
      state.report(diag(D.InvalidSettingValue, s.value.span, [name, known.what]));
      continue;
    }
    settings.push({ name, value });
  }
  if (decl.id.value.trim() === "") {
    state.report(
      diag(D.InvalidSettingValue, decl.id.span, ["model", "a non-empty model id"], {
        message: "the model id must not be empty",
        hint: help(H.ProviderModelId, []),
      }),
    );
  }
  return withDoc({ kind: "model", name: decl.name.name, id: decl.id.value, settings, span: decl.span }, decl.doc?.text);
}

export function checkTool(state: ProgramState, info: ModuleInfo, decl: ToolDecl): ToolDef {
  const key = symbolKey(info.file, decl.name.name);
  const resolved = state.callables.get(key);
  const signature: Signature =
    resolved !== undefined && resolved.decl === decl ? resolved.signature : { params: [], returns: T.error };
  const from = decl.from.value;
  const implementation = path.resolve(path.dirname(info.file), from);
  if (!((from.startsWith("./") || from.startsWith("../")) && from.endsWith(".ts"))) {
    state.report(diag(D.InvalidToolPath, decl.from.span, [JSON.stringify(from)]));
  } else if (!isFile(implementation)) {
    state.report(
      diag(D.ToolFileNotFound, decl.from.span, [JSON.stringify(from)], {
        hint: `create it, exporting \`export function ${decl.name.name}(input, ctx) { ... }\``,
      }),
    );
  } else {
    checkToolConfinement(state, info, decl, implementation);
  }
  return withDoc(
    {
      kind: "tool",
      name: decl.name.name,
      signature,
      from,
      implementation,
      needsApproval: decl.needsApproval !== undefined,
      span: decl.span,
    },
    decl.doc?.text,
  );
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The emitter declares, per flow `f`, `f_plan`, `runF` and `FInput` beside the
 * user's names. Two of them meeting is reported on the later declaration.
 */
export function checkGeneratedNames(state: ProgramState, info: ModuleInfo): void {
  const taken = new Map<string, { flow?: string; span: Span }>();
  for (const [name, entry] of info.scope) taken.set(name, { span: entry.span });
  for (const decl of info.ast.decls) {
    if (decl.kind !== "FlowDecl" || info.declared.get(decl.name.name)?.decl !== decl) continue;
    const flow = decl.name.name;
    const pascal = pascalCase(flow);
    let collided = false;
    for (const generated of [`${flow}_plan`, `run${pascal}`, `${pascal}Input`]) {
      const other = taken.get(generated);
      if (other === undefined) {
        taken.set(generated, { flow, span: decl.name.span });
        continue;
      }
      if (collided) continue; // one report per flow
      collided = true;
      if (other.flow !== undefined) {
        state.report(
          diag(D.GeneratedNameCollision, decl.name.span, [generated, flow], {
            message: `flows \`${other.flow}\` and \`${flow}\` both make the generated code declare \`${generated}\``,
            hint: "rename one of the flows",
            related: [{ message: `flow \`${other.flow}\` is declared here`, span: other.span }],
          }),
        );
      } else {
        state.report(
          diag(D.GeneratedNameCollision, other.span, [generated, flow], {
            related: [{ message: `flow \`${flow}\` is declared here`, span: decl.name.span }],
          }),
        );
      }
    }
  }
}
