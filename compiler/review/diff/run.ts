// Resolve BASE and HEAD, check both, compare: what `flowc diff` does, minus printing.
import { check, type CheckResult } from "../../index.ts";
import { diffPlans, makeSides } from "./index.ts";
import { resolveInput } from "./inputs.ts";
import type { DiffReport } from "./types.ts";

export { InputError } from "./inputs.ts";

export type DiffOutcome =
  | { readonly ok: true; readonly report: DiffReport }
  /** A side does not check: its diagnostics, by label. */
  | { readonly ok: false; readonly failed: readonly { readonly label: string; readonly checked: CheckResult }[] };

export interface DiffOptions {
  readonly cwd?: string;
  /** Names shown for the two sides (default: the specs as given). */
  readonly labels?: readonly [string, string];
}

export function diffSpecs(baseSpec: string, headSpec: string, options: DiffOptions = {}): DiffOutcome {
  const cwd = options.cwd ?? process.cwd();
  const base = resolveInput(baseSpec, cwd);
  try {
    const head = resolveInput(headSpec, cwd);
    try {
      const baseChecked = check(base.entries);
      const headChecked = check(head.entries);
      const failed = [
        { label: base.label, checked: baseChecked },
        { label: head.label, checked: headChecked },
      ].filter((s) => !s.checked.ok);
      if (failed.length > 0) return { ok: false, failed };
      const [baseLabel, headLabel] = options.labels ?? [base.label, head.label];
      const sides = makeSides(
        { label: baseLabel, root: base.root, entries: base.entries, checked: baseChecked },
        { label: headLabel, root: head.root, entries: head.entries, checked: headChecked },
      );
      return { ok: true, report: diffPlans(...sides) };
    } finally {
      head.dispose();
    }
  } finally {
    base.dispose();
  }
}
