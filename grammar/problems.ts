// What the front end reports instead of throwing. The checker turns these
// into FLW1xx diagnostics, one code per kind (compiler/check/loader.ts); `expected`/`found` fill the "unexpected {found},
// expected {expected}" template, `message` is the whole sentence.
import type { Span } from "./ast.ts";

export type SyntaxProblemKind =
  | "unexpected-token"
  | "missing-token"
  | "unterminated-string"
  | "invalid-character"
  /** An unknown or malformed `\` escape in a `"..."` string. */
  | "invalid-escape"
  /** `{{` followed by something that is not a `a.b.c` path closed by `}}`. */
  | "invalid-template"
  /** Two statements on one line without `;` between them. */
  | "missing-separator"
  /** `'text'`: strings are written in double quotes. */
  | "single-quoted-string"
  /** `xs[0]`: values cannot be indexed. */
  | "index-syntax"
  /** `f (x)` where `f(x)` was meant: a call's `(` must touch the name. */
  | "space-before-call"
  /** More nesting than MAX_NESTING (grammar/limits.ts) allows, in the parser or in the tree. */
  | "too-deeply-nested"
  /** More tokens than MAX_TOKENS (grammar/limits.ts): the file is not parsed. */
  | "too-large"
  /** A bug in the front end, caught so that it does not take the compiler down. */
  | "internal";

export interface SyntaxProblem {
  readonly kind: SyntaxProblemKind;
  /** Short, lower-case, no trailing period: "expected `)`, found `let`". */
  readonly message: string;
  readonly span: Span;
  /** What would have been accepted, in `.flow` terms ("a type such as `string` or `Deck`"). */
  readonly expected?: string;
  /** What was there ("`}`", "a string", "end of file"). */
  readonly found?: string;
  /** The `help:` line, when there is more to say than the message. */
  readonly hint?: string;
}
