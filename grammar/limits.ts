// What flowc accepts at most, so that hostile input ends in a diagnostic
// instead of a stack overflow or an exhausted heap (docs/language.md, "Limits").
// Every later phase (checker, emitter, formatter, prettier on the generated
// code) walks the syntax tree recursively: the front end guarantees these
// bounds, and the phases after it rely on them.

/**
 * Levels of nesting in one declaration: every node of the syntax tree is one
 * level (a statement, an expression, an operand of `+`, a `[]` of a type).
 * A chain `a + b + c` is nested one level per operator. Measured: every phase
 * of `flowc build` takes 250 levels with the default stack of Node 20.
 */
export const MAX_NESTING = 100;

/**
 * Rules the recursive-descent parser may have open at once. A level of
 * nesting costs the parser at most 6 rules (`map x in xs => ...`), so this
 * never preempts MAX_NESTING for reasonable input; chevrotain overflows the
 * default stack at about 1,600.
 */
export const MAX_PARSER_DEPTH = 640;

/**
 * The size of a `.flow` file, checked before it is read. Lexing costs about
 * 230 bytes of heap per token and a file holds at most a token per byte, so
 * this bounds the lexer at about 500 MB.
 */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Tokens in one file, checked before parsing: the syntax tree and the plan
 * take about 1.3 KB of heap per token (an array of a million numbers needs
 * 1.3 GB), so this keeps one file under about 350 MB.
 */
export const MAX_TOKENS = 250_000;

/** The `help:` of a declaration nested deeper than MAX_NESTING. */
export const NESTING_HINT = "split it up: give inner parts a name with `let`, or move them into a declaration of their own";

/** The `help:` of a file over MAX_FILE_BYTES or MAX_TOKENS. */
export const TOO_LARGE_HINT = 'split it into modules that import each other: `import { Name } from "./part.flow"`';

/** 250000 -> "250,000". */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
