// One side of a diff: a checked program whose modules are named by their path
// relative to the side's root, so the two sides (different folders, a temp
// checkout of a git revision) can be matched module by module.
import path from "node:path";
import type { CheckResult } from "../../index.ts";
import type { Declaration, PlanModule, Program } from "../../plan/ir.ts";
import { CallBounds } from "../bounds/index.ts";

export interface PlanSide {
  /** As the user wrote it (`git:main`, `examples/`). */
  readonly label: string;
  readonly checked: CheckResult;
  /** Module file (absolute) → stable key (relative path with `/`). */
  readonly keyOf: (file: string) => string;
  readonly bounds: CallBounds;
}

export interface SideInput {
  readonly label: string;
  readonly root: string;
  readonly entries: readonly string[];
  readonly checked: CheckResult;
}

/**
 * Makes both sides. When each side is a single file, the two entry files are
 * the same module whatever their names (`base.flow` vs `head.flow`).
 */
export function makeSides(base: SideInput, head: SideInput): [PlanSide, PlanSide] {
  const relative = (input: SideInput) => (file: string) => path.relative(input.root, file).split(path.sep).join("/");
  const headKey = relative(head);
  const baseKey = relative(base);
  const singleFiles = base.entries.length === 1 && head.entries.length === 1;
  const baseEntry = base.entries[0];
  const aliasedBaseKey = (file: string) => (singleFiles && file === baseEntry ? headKey(head.entries[0]!) : baseKey(file));
  return [side(base, aliasedBaseKey), side(head, headKey)];
}

function side(input: SideInput, keyOf: (file: string) => string): PlanSide {
  return { label: input.label, checked: input.checked, keyOf, bounds: new CallBounds(input.checked.program) };
}

export interface KeyedDecl {
  /** `module-key#name`. */
  readonly id: string;
  readonly moduleKey: string;
  readonly module: PlanModule;
  readonly decl: Declaration;
}

/** Every declaration of a side by `module-key#name`, in program order. */
export function declarations(s: PlanSide): Map<string, KeyedDecl> {
  const out = new Map<string, KeyedDecl>();
  for (const m of s.checked.program.modules) {
    const moduleKey = s.keyOf(m.file);
    for (const decl of m.decls) out.set(`${moduleKey}#${decl.name}`, { id: `${moduleKey}#${decl.name}`, moduleKey, module: m, decl });
  }
  return out;
}

/**
 * A JSON text of a plan value without spans, with module paths replaced by
 * their keys: equal texts mean equal plans.
 */
export function canonical(value: unknown, s: PlanSide, options: { readonly ignoreLimits?: boolean; readonly ignoreEmpty?: boolean } = {}): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (key === "span") return undefined;
    // (`empty` is a key of `reduce` only: a built-in's options are `{ name, value }` entries.)
    if (options.ignoreEmpty && key === "empty") return undefined;
    if (options.ignoreLimits && (key === "concurrency" || key === "batch" || key === "max")) return undefined;
    if ((key === "module" || key === "file") && typeof v === "string") return s.keyOf(v);
    if (key === "implementation" && typeof v === "string") return undefined;
    // A call site never says what kind of callable it calls (a worker may become a tool).
    if ((key === "callee" || key === "fn") && typeof v === "object" && v !== null) {
      const ref = v as { name: string; module: string };
      return { name: ref.name, module: ref.module }; // `module` is keyed when the replacer visits it

    }
    return v;
  });
}

export function programOf(s: PlanSide): Program {
  return s.checked.program;
}
