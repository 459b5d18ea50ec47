// The output buffer of the formatter and the comments that still have to be
// placed. Comments are placed by position: before an item go the comments
// that start before it (on their own lines), after it the one that starts on
// the line where it ends (kept at the end of that line). Blank lines between
// items are kept, at most one.
import type { Comment, Span } from "../../../grammar/ast.ts";

export const INDENT = "  ";
export const WIDTH = 100;

export class Printer {
  private readonly out: string[] = [];
  private readonly comments: readonly Comment[];
  private next = 0;
  /** Source line where the last printed item or comment ended; 0 at the start of a block. */
  private lastLine = 0;
  depth = 0;
  private join: string | undefined;

  /** Set after a stray `///` line, so that it never ends up directly above a declaration (which would claim it as its doc). */
  private blankBeforeNext = false;

  constructor(
    comments: readonly Comment[],
    private readonly source: string,
  ) {
    this.comments = [...comments].sort((a, b) => a.span.start.offset - b.span.start.offset);
  }

  get indent(): string {
    return INDENT.repeat(this.depth);
  }

  /** Appends lines (already containing their own inner line breaks), each indented. */
  line(text: string): void {
    const parts = text.split("\n");
    if (this.join !== undefined && this.out.length > 0) {
      this.out[this.out.length - 1] += `${this.join}${parts.shift()!.trimStart()}`;
      this.join = undefined;
    }
    for (const part of parts) this.out.push(part === "" ? "" : `${this.indent}${part}`);
  }

  /** Appends text to the last line. */
  append(text: string): void {
    this.out[this.out.length - 1] += text;
  }

  /** The next `line` continues the last line after `separator` (`} else` + ` {`). */
  joinNextLine(separator: string): void {
    this.join = separator;
  }

  blank(): void {
    if (this.out.length > 0 && this.out[this.out.length - 1] !== "") this.out.push("");
  }

  /** Starts a block: no blank line before its first item. */
  openBlock(): void {
    this.lastLine = 0;
    this.blankBeforeNext = false;
    this.depth += 1;
  }

  /** Ends a block: places the comments left before `end` (the closing brace), then dedents. */
  closeBlock(end: number): void {
    this.leading(end);
    this.depth -= 1;
  }

  /** True when a comment not yet placed starts inside `span`. */
  hasCommentIn(span: Span): boolean {
    return this.comments.slice(this.next).some((c) => c.span.start.offset >= span.start.offset && c.span.start.offset < span.end.offset);
  }

  /** Places the comments that start before `offset`, each on its own line. */
  leading(offset: number): void {
    while (this.next < this.comments.length && this.comments[this.next]!.span.start.offset < offset) {
      const c = this.comments[this.next++]!;
      this.gap(c.span.start.line);
      this.line(c.text.trimEnd());
      this.lastLine = c.span.end.line;
      this.blankBeforeNext = /^\/\/\/(?!\/)/.test(c.text);
    }
  }

  /** A blank line when the source had one before `line` (inside blocks). */
  gap(line: number): void {
    if (this.blankBeforeNext || (this.lastLine > 0 && line > this.lastLine + 1)) this.blank();
    this.blankBeforeNext = false;
  }

  /**
   * One item: its leading comments (`hoistUntil` also pulls up comments inside
   * the item that no nested item will place), a kept blank line, the item, and
   * a comment that follows it on its last line.
   */
  item(span: Span, print: () => void, hoistUntil: number = span.start.offset): void {
    this.leading(Math.max(span.start.offset, hoistUntil));
    this.gap(span.start.line);
    print();
    this.trailing(span);
  }

  /** A comment after the item on its last line, with only separators (`,` `;`) between them. */
  trailing(span: Span): void {
    const c = this.comments[this.next];
    const between = c ? this.source.slice(span.end.offset, c.span.start.offset) : "";
    if (c && c.span.start.offset >= span.end.offset && /^[ \t,;]*$/.test(between)) {
      this.next++;
      this.out[this.out.length - 1] += ` ${c.text.trimEnd()}`;
    }
    this.lastLine = Math.max(this.lastLine, span.end.line);
  }

  /** Forgets the source line, so the next item decides its own spacing (after a forced blank line). */
  resetGap(): void {
    this.lastLine = 0;
  }

  finish(): string {
    this.leading(Number.POSITIVE_INFINITY);
    while (this.out.length > 0 && this.out[this.out.length - 1] === "") this.out.pop();
    return this.out.length === 0 ? "" : `${this.out.join("\n")}\n`;
  }
}
