// Offsets to positions and spans. The lexer only tracks offsets (cheaper);
// lines and columns are computed here from one table of line starts.
//
// Building the AST asks for a few hundred spans per file, nearly in source
// order, so the line of an offset is looked up from the line of the previous
// span's start before falling back to a binary search. Positions are shared
// between spans (nothing mutates them): a node starts where its first token
// does and often ends where its last child does, so the last few positions
// made are tried first. That keeps about a quarter of the positions out of
// the heap that a whole project's ASTs hold; a Map of all of them shares
// few more and costs more than it saves.
import type { Position, Span } from "./ast.ts";

/** How many recent positions are kept for reuse (a power of two). */
const RECENT = 4;
const NO_POSITION: Position = { offset: -1, line: 0, column: 0 };

export class SourceText {
  private readonly lineStarts: number[] = [0];
  /** The 0-based line of the last span's start: the next one is usually on it or just after. */
  private cursor = 0;
  private readonly recent: Position[] = new Array<Position>(RECENT).fill(NO_POSITION);
  private nextRecent = 0;

  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  /** Offsets outside the text are clamped, so a recovered (NaN) offset never throws. */
  position(offset: number): Position {
    return this.positionNear(offset, this.cursor);
  }

  /** The span of [start, end). */
  span(start: number, end: number): Span {
    const first = this.positionNear(start, this.cursor);
    this.cursor = first.line - 1;
    const to = Math.max(start, end);
    const last = to === start ? first : this.positionNear(to, this.cursor);
    return { file: this.file, start: first, end: last };
  }

  /** The 1-based line of `offset` (clamped as in position()), without making a Position. */
  line(offset: number): number {
    return this.lineIndex(this.clamp(offset), this.cursor) + 1;
  }

  lineStart(offset: number): number {
    return this.lineStarts[this.line(offset) - 1]!;
  }

  private clamp(offset: number): number {
    return Number.isFinite(offset) ? Math.max(0, Math.min(offset, this.text.length)) : this.text.length;
  }

  /** The position of `offset`, searching from the 0-based line `hint`. */
  private positionNear(offset: number, hint: number): Position {
    const at = this.clamp(offset);
    for (let i = 0; i < RECENT; i++) if (this.recent[i]!.offset === at) return this.recent[i]!;
    const line = this.lineIndex(at, hint);
    const position: Position = { offset: at, line: line + 1, column: at - this.lineStarts[line]! + 1 };
    this.recent[this.nextRecent] = position;
    this.nextRecent = (this.nextRecent + 1) & (RECENT - 1);
    return position;
  }

  /** The 0-based line of `at`: `hint`, the line after it, or a binary search. */
  private lineIndex(at: number, hint: number): number {
    const starts = this.lineStarts;
    const last = starts.length - 1;
    let low = 0;
    let high = last;
    if (at >= starts[hint]!) {
      if (hint === last || at < starts[hint + 1]!) return hint;
      if (hint + 1 === last || at < starts[hint + 2]!) return hint + 1;
      low = hint + 2;
    } else {
      high = hint - 1;
    }
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= at) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

/** A span from the start of `first` to the end of `last`. */
export function joinSpans(first: Span, last: Span): Span {
  return { file: first.file, start: first.start, end: last.end.offset >= first.start.offset ? last.end : first.start };
}
