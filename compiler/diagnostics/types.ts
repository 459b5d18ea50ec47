import type { Span } from "../../grammar/ast.ts";

export type Severity = "error" | "warning";

/** One problem found in a `.flow` file: collected, never thrown. */
export interface Diagnostic {
  /** Stable code from the table (`FLW203`). */
  readonly code: string;
  readonly severity: Severity;
  /** The problem, in one sentence without a trailing period. */
  readonly message: string;
  /** The smallest span that shows the problem; the caret goes under it. */
  readonly span: Span;
  /** The fix, rendered as `help: ...`. */
  readonly hint?: string;
  /** Other places that explain the problem (the first declaration of a duplicate, ...). */
  readonly related?: readonly { readonly message: string; readonly span: Span }[];
}
