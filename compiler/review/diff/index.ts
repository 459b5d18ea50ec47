// `flowc diff`: compares two checked plans declaration by declaration and
// classifies every change as breaking, dangerous or safe, with a reason.
import type { CallableDef, Declaration } from "../../plan/ir.ts";
import { dominatedBy, render, size, substitute, type Poly } from "../bounds/formula.ts";
import { flowMermaid } from "../graph/index.ts";
import { compareDoc, compareSignature, compareTool, compareWorker, type Emit } from "./compare-callables.ts";
import { compareFlow } from "./compare-flows.ts";
import { compareTypeDecl, typeUsage, type TypeUsage } from "./compare-types.ts";
import { declarations, type KeyedDecl, type PlanSide } from "./plan-side.ts";
import { CHANGE_CLASSES, type Change, type DiffReport, type ShapeChange, type SubjectKind } from "./types.ts";

export { makeSides, type PlanSide, type SideInput } from "./plan-side.ts";
export { exitCodeOf, type Change, type DiffReport } from "./types.ts";

function isCallable(d: Declaration): d is CallableDef {
  return d.kind === "worker" || d.kind === "tool" || d.kind === "flow";
}

function subjectKind(d: Declaration): SubjectKind {
  return d.kind === "record" ? "type" : d.kind;
}

function mergeUsage(a: TypeUsage, b: TypeUsage): TypeUsage {
  return { inputs: new Set([...a.inputs, ...b.inputs]), outputs: new Set([...a.outputs, ...b.outputs]) };
}

export function diffPlans(base: PlanSide, head: PlanSide): DiffReport {
  const before = declarations(base);
  const after = declarations(head);
  const usage = mergeUsage(typeUsage(base), typeUsage(head));
  const ids = [...after.keys(), ...[...before.keys()].filter((id) => !after.has(id))];
  const names = new Map<string, Set<string>>();
  for (const id of ids) {
    const [moduleKey, name] = splitId(id);
    names.set(name, new Set([...(names.get(name) ?? []), moduleKey]));
  }
  const subjectOf = (id: string) => {
    const [moduleKey, name] = splitId(id);
    return names.get(name)!.size > 1 ? `${moduleKey} › ${name}` : name;
  };
  const changes: Change[] = [];
  const shapes: ShapeChange[] = [];
  const touchedModules = new Set<string>();
  for (const id of ids) {
    const b = before.get(id);
    const a = after.get(id);
    const decl = (a ?? b)!;
    const emit: Emit = (c) => {
      changes.push({ ...c, subject: subjectOf(id), subjectKind: subjectKind(decl.decl) });
      touchedModules.add(decl.moduleKey);
    };
    if (!b || !a) addedOrRemoved(b, a, emit);
    else if (compareBoth(id, b, a, [base, head], usage, emit)) {
      const pictureBefore = flowMermaid(base.checked.program, b.module.file, b.decl.name, base.bounds);
      const pictureAfter = flowMermaid(head.checked.program, a.module.file, a.decl.name, head.bounds);
      if (pictureBefore && pictureAfter) shapes.push({ subject: subjectOf(id), before: pictureBefore, after: pictureAfter });
    }
  }
  changes.push(...formattingChanges(base, head, touchedModules));
  const counts = Object.fromEntries(CHANGE_CLASSES.map((c) => [c, changes.filter((x) => x.class === c).length])) as DiffReport["counts"];
  return { base: base.label, head: head.label, counts, changes, shapes };
}

function splitId(id: string): [string, string] {
  const at = id.lastIndexOf("#");
  return [id.slice(0, at), id.slice(at + 1)];
}

function addedOrRemoved(b: KeyedDecl | undefined, a: KeyedDecl | undefined, emit: Emit): void {
  if (a) {
    if (isCallable(a.decl)) emit({ class: "safe", rule: "callable-added", reason: `new ${a.decl.kind}` });
    else emit({ class: "safe", rule: "type-added", reason: `new ${a.decl.kind === "record" ? "type" : a.decl.kind}` });
  } else if (b) {
    if (isCallable(b.decl)) emit({ class: "breaking", rule: "callable-removed", reason: `${b.decl.kind} removed (callers and generated entry points break)` });
    else emit({ class: "safe", rule: "type-removed", reason: `${b.decl.kind === "record" ? "type" : b.decl.kind} removed (no callable uses it any more)` });
  }
}

/** Compares one declaration present on both sides; true when a flow's shape changed. */
function compareBoth(id: string, b: KeyedDecl, a: KeyedDecl, sides: readonly [PlanSide, PlanSide], usage: TypeUsage, emit: Emit): boolean {
  if (!isCallable(b.decl) || !isCallable(a.decl)) {
    compareTypeDecl(id, b, a, usage, emit);
    return false;
  }
  const before = b.decl;
  const after = a.decl;
  let shapeChanged = false;
  if (before.kind !== after.kind) {
    emit({ class: "dangerous", rule: "kind-changed", reason: kindChange(before, after), before: before.kind, after: after.kind });
  }
  compareSignature(before.signature, after.signature, emit);
  if (before.kind === "worker" && after.kind === "worker") compareWorker(before, after, sides, emit);
  if (before.kind === "tool" && after.kind === "tool") compareTool(before, after, emit);
  if (before.kind === "flow" && after.kind === "flow") shapeChanged = compareFlow(before, after, sides, emit);
  compareBound(b, a, sides, emit);
  compareDoc(before, after, emit);
  return shapeChanged;
}

function compareBound(b: KeyedDecl, a: KeyedDecl, [base, head]: readonly [PlanSide, PlanSide], emit: Emit): void {
  if (!isCallable(b.decl) || !isCallable(a.decl)) return;
  const old = base.bounds.of({ kind: b.decl.kind, name: b.decl.name, module: b.module.file });
  const now = head.bounds.of({ kind: a.decl.kind, name: a.decl.name, module: a.module.file });
  // Parameters renamed in place: compare the formulas in the new names.
  const renamed = renameParams(old.worst.total, b.decl.signature.params, a.decl.signature.params);
  const wasUnbounded = old.worst.unbounded.length > 0;
  const isUnbounded = now.worst.unbounded.length > 0;
  if (old.text === now.text || (!wasUnbounded && !isUnbounded && render(renamed) === render(now.worst.total))) return;
  const grew = isUnbounded ? !wasUnbounded : !wasUnbounded && !dominatedBy(now.worst.total, renamed);
  if (grew) emit({ class: "dangerous", rule: "bound-grew", reason: "worst-case LLM calls grew", before: old.text, after: now.text });
  else emit({ class: "safe", rule: "bound-shrank", reason: isUnbounded ? "worst-case LLM calls changed (still unbounded)" : "worst-case LLM calls went down", before: old.text, after: now.text });
}

function renameParams(p: Poly, before: readonly { name: string }[], after: readonly { name: string }[]): Poly {
  if (before.length !== after.length) return p;
  const names = new Map(before.map((x, i) => [x.name, after[i]!.name]));
  return substitute(p, (atom) => size(atom.runtime ? atom.root : (names.get(atom.root) ?? atom.root), atom.path, atom.runtime, atom.origin));
}

/** Modules whose text changed while their plan did not: formatting or comments. */
function formattingChanges(base: PlanSide, head: PlanSide, touched: ReadonlySet<string>): Change[] {
  const texts = (s: PlanSide) =>
    new Map([...s.checked.sources].filter(([file]) => file.endsWith(".flow")).map(([file, text]) => [s.keyOf(file), text]));
  const before = texts(base);
  const changes: Change[] = [];
  for (const [key, text] of texts(head)) {
    const old = before.get(key);
    if (old === undefined || old === text || touched.has(key)) continue;
    changes.push({ class: "safe", rule: "formatting", subject: key, subjectKind: "module", reason: "formatting or comments only (the plan is the same)" });
  }
  return changes;
}

/** A code worker that became a tool was stabilized (`flowc stabilize`): its model calls are the tool's now, outside the plan's bounds. */
function kindChange(before: CallableDef, after: CallableDef): string {
  if (before.kind === "worker" && before.code && after.kind === "tool") {
    return "code worker became a tool (stabilized): its cells are TypeScript now; call sites stay the same, and the llm() calls the tool still makes are not counted in the bounds";
  }
  return `now a ${after.kind} (was a ${before.kind}); call sites stay the same`;
}
