// Offsets to positions and spans. The lexer only tracks offsets (cheaper);
// lines and columns are computed here from one table of line starts.
import type { Position, Span } from "./ast.ts";

export class SourceText {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  /** Offsets outside the text are clamped, so a recovered (NaN) offset never throws. */
  position(offset: number): Position {
    const at = Number.isFinite(offset) ? Math.max(0, Math.min(offset, this.text.length)) : this.text.length;
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle]! <= at) low = middle;
      else high = middle - 1;
    }
    return { offset: at, line: low + 1, column: at - this.lineStarts[low]! + 1 };
  }

  /** The span of [start, end). */
  span(start: number, end: number): Span {
    return { file: this.file, start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  lineStart(offset: number): number {
    return this.lineStarts[this.position(offset).line - 1]!;
  }
}

/** A span from the start of `first` to the end of `last`. */
export function joinSpans(first: Span, last: Span): Span {
  return { file: first.file, start: first.start, end: last.end.offset >= first.start.offset ? last.end : first.start };
}
