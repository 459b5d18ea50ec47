// What `flowc diff` finds: classified changes between two checked plans.

export type ChangeClass = "breaking" | "dangerous" | "safe";
export const CHANGE_CLASSES: readonly ChangeClass[] = ["breaking", "dangerous", "safe"];

/** Stable identifiers of the rules, one per kind of change (used in JSON and tests). */
export type ChangeRule =
  // breaking
  | "callable-removed"
  | "params-changed"
  | "returns-changed"
  | "field-removed"
  | "field-renamed"
  | "field-type-changed"
  | "field-required"
  | "enum-member-removed"
  // dangerous
  | "kind-changed"
  | "model-changed"
  | "model-settings-changed"
  | "instructions-changed"
  | "context-changed"
  | "uses-added"
  | "uses-removed"
  | "limit-changed"
  | "approval-added"
  | "approval-removed"
  | "implementation-changed"
  | "flow-shape-changed"
  | "flow-logic-changed"
  | "empty-removed"
  | "bound-grew"
  // safe
  | "callable-added"
  | "type-added"
  | "type-removed"
  | "field-added"
  | "enum-member-added"
  | "doc-changed"
  | "bound-shrank"
  | "empty-added"
  | "formatting";

export type SubjectKind = "flow" | "worker" | "tool" | "type" | "enum" | "model" | "module";

export interface Change {
  readonly class: ChangeClass;
  readonly rule: ChangeRule;
  /** What changed: a callable, a type or model, or a module (formatting). */
  readonly subject: string;
  readonly subjectKind: SubjectKind;
  /** One sentence, markdown inline code allowed. */
  readonly reason: string;
  readonly before?: string;
  readonly after?: string;
  /** A unified line diff (instructions). */
  readonly diff?: string;
}

/** Mermaid pictures of a flow before and after, when its shape changed. */
export interface ShapeChange {
  readonly subject: string;
  readonly before: string;
  readonly after: string;
}

export interface DiffReport {
  readonly base: string;
  readonly head: string;
  readonly counts: Readonly<Record<ChangeClass, number>>;
  readonly changes: readonly Change[];
  readonly shapes: readonly ShapeChange[];
}

/**
 * `flowc diff --exit-code`: 0 no changes, 3 changes, 4 breaking changes. Apart
 * from the CLI's own codes (1 error, 2 usage error), so a script cannot take a
 * mistyped option for "the plan changed".
 */
export function exitCodeOf(report: DiffReport): 0 | 3 | 4 {
  if (report.counts.breaking > 0) return 4;
  return report.changes.length > 0 ? 3 : 0;
}
