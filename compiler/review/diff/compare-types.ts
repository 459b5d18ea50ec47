// Records, enums and models. A record or enum that a callable takes or returns
// (directly or through fields) is part of an interface: removing, renaming or
// retyping its fields breaks callers; a new required field breaks inputs.
import type { EnumDef, ModelDef, RecordDef, Type } from "../../plan/ir.ts";
import { printType } from "../print-plan.ts";
import type { KeyedDecl, PlanSide } from "./plan-side.ts";
import { declarations } from "./plan-side.ts";
import type { Change } from "./types.ts";

export interface TypeUsage {
  /** Type ids reachable from callables' parameters. */
  readonly inputs: ReadonlySet<string>;
  /** Type ids reachable from callables' results. */
  readonly outputs: ReadonlySet<string>;
}

export function typeUsage(s: PlanSide): TypeUsage {
  const decls = declarations(s);
  const reach = (t: Type, into: Set<string>): void => {
    if (t.kind === "array") return reach(t.element, into);
    if (t.kind !== "record" && t.kind !== "enum") return;
    const id = `${s.keyOf(t.module)}#${t.name}`;
    if (into.has(id)) return;
    into.add(id);
    const d = decls.get(id)?.decl;
    if (d?.kind === "record") d.fields.forEach((f) => reach(f.type, into));
  };
  const inputs = new Set<string>();
  const outputs = new Set<string>();
  for (const { decl } of decls.values()) {
    if (decl.kind !== "worker" && decl.kind !== "tool" && decl.kind !== "flow") continue;
    decl.signature.params.forEach((p) => reach(p.type, inputs));
    reach(decl.signature.returns, outputs);
  }
  return { inputs, outputs };
}

type Emit = (change: Omit<Change, "subject" | "subjectKind">) => void;

function where(id: string, usage: TypeUsage): string | undefined {
  const input = usage.inputs.has(id);
  const output = usage.outputs.has(id);
  if (input && output) return "callables take and return it";
  if (input) return "a callable takes it";
  if (output) return "a callable returns it";
  return undefined;
}

export function compareRecord(id: string, before: RecordDef, after: RecordDef, usage: TypeUsage, emit: Emit): void {
  const used = where(id, usage);
  const interfaceClass = used ? "breaking" : "safe";
  const note = used ? ` (${used})` : " (no callable uses it)";
  const beforeFields = new Map(before.fields.map((f) => [f.name, f]));
  const afterFields = new Map(after.fields.map((f) => [f.name, f]));
  const removed = before.fields.filter((f) => !afterFields.has(f.name));
  const added = after.fields.filter((f) => !beforeFields.has(f.name));
  for (const f of removed) {
    const twin = added.find((a) => printType(a.type) === printType(f.type) && a.optional === f.optional);
    if (twin) {
      added.splice(added.indexOf(twin), 1);
      emit({ class: interfaceClass, rule: "field-renamed", reason: `field \`${f.name}\` renamed to \`${twin.name}\`${note}`, before: f.name, after: twin.name });
    } else {
      emit({ class: interfaceClass, rule: "field-removed", reason: `field \`${f.name}\` removed${note}`, before: `${f.name}${f.optional ? "?" : ""}: ${printType(f.type)}` });
    }
  }
  for (const f of added) {
    const breaksInput = !f.optional && usage.inputs.has(id);
    const text = `${f.name}${f.optional ? "?" : ""}: ${printType(f.type)}`;
    if (breaksInput) emit({ class: "breaking", rule: "field-required", reason: `new required field \`${text}\` (a callable takes it)`, after: text });
    else emit({ class: "safe", rule: "field-added", reason: `${f.optional ? "optional" : "output"} field \`${text}\` added`, after: text });
  }
  for (const f of after.fields) {
    const old = beforeFields.get(f.name);
    if (!old) continue;
    if (printType(old.type) !== printType(f.type)) {
      emit({ class: interfaceClass, rule: "field-type-changed", reason: `field \`${f.name}\` type changed${note}`, before: printType(old.type), after: printType(f.type) });
    }
    if (old.optional && !f.optional) {
      const breaks = usage.inputs.has(id);
      emit({ class: breaks ? "breaking" : "safe", rule: breaks ? "field-required" : "field-added", reason: `field \`${f.name}\` is now required${breaks ? " (a callable takes it)" : ""}`, before: `${f.name}?`, after: f.name });
    }
    if (!old.optional && f.optional) {
      const breaks = usage.outputs.has(id);
      emit({ class: breaks ? "breaking" : "safe", rule: breaks ? "field-type-changed" : "field-added", reason: `field \`${f.name}\` is now optional${breaks ? " (a callable returns it: readers may not get it)" : ""}`, before: f.name, after: `${f.name}?` });
    }
    if ((old.doc ?? "") !== (f.doc ?? "")) emit({ class: "safe", rule: "doc-changed", reason: `doc comment of field \`${f.name}\` changed`, before: old.doc, after: f.doc });
  }
  if ((before.doc ?? "") !== (after.doc ?? "")) emit({ class: "safe", rule: "doc-changed", reason: "doc comment changed", before: before.doc, after: after.doc });
}

export function compareEnum(id: string, before: EnumDef, after: EnumDef, usage: TypeUsage, emit: Emit): void {
  const used = where(id, usage);
  const afterNames = new Set(after.members.map((m) => m.name));
  const beforeNames = new Set(before.members.map((m) => m.name));
  for (const m of before.members) {
    if (!afterNames.has(m.name)) emit({ class: used ? "breaking" : "safe", rule: "enum-member-removed", reason: `member \`${m.name}\` removed${used ? ` (${used})` : ""}`, before: m.name });
  }
  for (const m of after.members) {
    if (!beforeNames.has(m.name)) emit({ class: "safe", rule: "enum-member-added", reason: `member \`${m.name}\` added`, after: m.name });
  }
  const docs = (e: EnumDef) => JSON.stringify([e.doc ?? "", ...e.members.map((m) => m.doc ?? "")]);
  if (docs(before) !== docs(after)) emit({ class: "safe", rule: "doc-changed", reason: "doc comments changed" });
}

export function compareModel(before: ModelDef, after: ModelDef, emit: Emit): void {
  if (before.id !== after.id) emit({ class: "dangerous", rule: "model-changed", reason: "model id changed (every worker using it changes model)", before: before.id, after: after.id });
  const settings = (m: ModelDef) => m.settings.map((s) => `${s.name}: ${JSON.stringify(s.value)}`).join(", ");
  if (settings(before) !== settings(after)) emit({ class: "dangerous", rule: "model-settings-changed", reason: "model settings changed", before: settings(before) || "(none)", after: settings(after) || "(none)" });
  if ((before.doc ?? "") !== (after.doc ?? "")) emit({ class: "safe", rule: "doc-changed", reason: "doc comment changed", before: before.doc, after: after.doc });
}

export function compareTypeDecl(id: string, before: KeyedDecl, after: KeyedDecl, usage: TypeUsage, emit: Emit): void {
  const b = before.decl;
  const a = after.decl;
  if (b.kind === "record" && a.kind === "record") return compareRecord(id, b, a, usage, emit);
  if (b.kind === "enum" && a.kind === "enum") return compareEnum(id, b, a, usage, emit);
  if (b.kind === "model" && a.kind === "model") return compareModel(b, a, emit);
  const used = where(id, usage);
  emit({ class: used ? "breaking" : "safe", rule: "field-type-changed", reason: `now a ${a.kind} (was a ${b.kind})${used ? ` (${used})` : ""}`, before: b.kind, after: a.kind });
}
