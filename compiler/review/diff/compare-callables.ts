// Workers, tools and flows present on both sides: their signatures (breaking),
// what steers the model and what it may call (dangerous), docs (safe).
import { diffLines } from "diff";
import type { CallableDef, CallableRef, ModelRef, Signature, ToolDef, WorkerDef } from "../../plan/ir.ts";
import { printExpr, printType } from "../print-plan.ts";
import type { PlanSide } from "./plan-side.ts";
import type { Change } from "./types.ts";

export type Emit = (change: Omit<Change, "subject" | "subjectKind">) => void;

export function compareSignature(before: Signature, after: Signature, emit: Emit): void {
  const text = (s: Signature) => s.params.map((p) => `${p.name}: ${printType(p.type)}`);
  const b = text(before);
  const a = text(after);
  if (b.join(", ") !== a.join(", ")) {
    const afterNames = new Set(after.params.map((p) => p.name));
    const beforeNames = new Set(before.params.map((p) => p.name));
    const removed = before.params.filter((p) => !afterNames.has(p.name));
    const added = after.params.filter((p) => !beforeNames.has(p.name));
    // A parameter removed and one added of the same type at the same position: a rename.
    const renames = removed.filter((p) => {
      const twin = after.params[before.params.indexOf(p)];
      return twin && added.includes(twin) && printType(twin.type) === printType(p.type);
    });
    const renamedTo = new Set(renames.map((p) => after.params[before.params.indexOf(p)]!.name));
    const details = [
      ...renames.map((p) => `\`${p.name}\` renamed to \`${after.params[before.params.indexOf(p)]!.name}\``),
      ...removed.filter((p) => !renames.includes(p)).map((p) => `\`${p.name}\` removed`),
      ...added.filter((p) => !renamedTo.has(p.name)).map((p) => `\`${p.name}\` added`),
      ...after.params
        .filter((p) => beforeNames.has(p.name))
        .filter((p) => printType(p.type) !== printType(before.params.find((q) => q.name === p.name)!.type))
        .map((p) => `\`${p.name}\` type changed`),
    ];
    const reason = details.length > 0 ? details.join(", ") : "parameters reordered";
    emit({ class: "breaking", rule: "params-changed", reason: `parameters changed: ${reason}`, before: `(${b.join(", ")})`, after: `(${a.join(", ")})` });
  }
  if (printType(before.returns) !== printType(after.returns)) {
    emit({ class: "breaking", rule: "returns-changed", reason: "result type changed", before: printType(before.returns), after: printType(after.returns) });
  }
}

function modelText(m: ModelRef | undefined): string {
  if (!m) return "(default model)";
  return m.kind === "declared" ? `${m.name} (${m.id})` : m.id;
}

/** A unified diff of two texts, without the file header. */
export function lineDiff(before: string, after: string): string {
  const withNewline = (t: string) => (t.endsWith("\n") ? t : `${t}\n`);
  return diffLines(withNewline(before), withNewline(after))
    .flatMap((part) => {
      const mark = part.added ? "+" : part.removed ? "-" : " ";
      return part.value.replace(/\n$/, "").split("\n").map((line) => `${mark} ${line}`.trimEnd());
    })
    .join("\n");
}

function refText(r: CallableRef, s: PlanSide): string {
  return `${s.keyOf(r.module)}#${r.name}`;
}

export function compareWorker(before: WorkerDef, after: WorkerDef, sides: readonly [PlanSide, PlanSide], emit: Emit): void {
  const [base, head] = sides;
  if (modelText(before.model) !== modelText(after.model)) {
    emit({ class: "dangerous", rule: "model-changed", reason: "model changed", before: modelText(before.model), after: modelText(after.model) });
  }
  if (before.instructions.text !== after.instructions.text) {
    emit({ class: "dangerous", rule: "instructions-changed", reason: "instructions changed", diff: lineDiff(before.instructions.text, after.instructions.text) });
  }
  const context = (w: WorkerDef) => (w.context ? printExpr(w.context) : "(the input as JSON)");
  if (context(before) !== context(after)) {
    emit({ class: "dangerous", rule: "context-changed", reason: "context (what the model reads) changed", before: context(before), after: context(after) });
  }
  const beforeUses = new Map(before.uses.map((u) => [refText(u, base), u]));
  const afterUses = new Map(after.uses.map((u) => [refText(u, head), u]));
  for (const [key, u] of afterUses) if (!beforeUses.has(key)) emit({ class: "dangerous", rule: "uses-added", reason: `may now call \`${u.name}\` (${u.kind}) through \`uses\``, after: u.name });
  for (const [key, u] of beforeUses) if (!afterUses.has(key)) emit({ class: "dangerous", rule: "uses-removed", reason: `can no longer call \`${u.name}\` through \`uses\``, before: u.name });
  const answer = (w: WorkerDef) => (w.code ? "code" : "text");
  if (answer(before) !== answer(after)) {
    emit({ class: "dangerous", rule: "kind-changed", reason: `now answers with ${answer(after)} (was ${answer(before)}); call sites stay the same`, before: answer(before), after: answer(after) });
  }
  const limits: [string, number | undefined, number | undefined][] = [
    ["max_turns", before.maxTurns, after.maxTurns],
    ["max_depth", before.maxDepth, after.maxDepth],
    ["max_sub_calls", before.code?.maxSubCalls, after.code?.maxSubCalls],
    ["batch_concurrency", before.code?.batchConcurrency, after.code?.batchConcurrency],
  ];
  for (const [name, b, a] of limits) {
    if (b !== a) emit({ class: "dangerous", rule: "limit-changed", reason: `\`${name}\` changed`, before: b === undefined ? "(default)" : String(b), after: a === undefined ? "(default)" : String(a) });
  }
  const settings: [string, number | undefined, number | undefined][] = [
    ["temperature", before.temperature, after.temperature],
    ["retries", before.retries, after.retries],
  ];
  for (const [name, b, a] of settings) {
    if (b !== a) emit({ class: "dangerous", rule: "model-settings-changed", reason: `\`${name}\` changed`, before: b === undefined ? "(default)" : String(b), after: a === undefined ? "(default)" : String(a) });
  }
}

export function compareTool(before: ToolDef, after: ToolDef, emit: Emit): void {
  if (!before.needsApproval && after.needsApproval) emit({ class: "dangerous", rule: "approval-added", reason: "now `needs approval` (runs stop to ask, or are denied when not interactive)" });
  if (before.needsApproval && !after.needsApproval) emit({ class: "dangerous", rule: "approval-removed", reason: "no longer `needs approval`: it runs without asking" });
  if (before.from !== after.from) emit({ class: "dangerous", rule: "implementation-changed", reason: "implementation file changed", before: before.from, after: after.from });
}

export function compareDoc(before: CallableDef, after: CallableDef, emit: Emit): void {
  if ((before.doc ?? "") !== (after.doc ?? "")) emit({ class: "safe", rule: "doc-changed", reason: "doc comment changed", before: before.doc, after: after.doc });
}
