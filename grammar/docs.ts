// Doc comments. A run of `///` lines, each alone on its line, directly above
// a declaration, field, enum member or parameter (no blank line between) is
// that node's doc. Builders claim docs in source order; whatever is never
// claimed (every `//`, trailing or misplaced `///`) stays a plain comment
// for the formatter.
import type { IToken } from "chevrotain";
import type { Comment, Doc } from "./ast.ts";
import type { SourceText } from "./source.ts";
import { DocComment } from "./tokens.ts";

export class DocComments {
  /** Doc comment tokens that stand alone on their line, by 1-based line. */
  private readonly byLine = new Map<number, IToken>();
  private readonly claimed = new Set<IToken>();

  constructor(
    private readonly source: SourceText,
    private readonly comments: readonly IToken[],
  ) {
    for (const comment of comments) {
      if (comment.tokenType !== DocComment) continue;
      const lineStart = source.lineStart(comment.startOffset);
      if (source.text.slice(lineStart, comment.startOffset).trim() !== "") continue;
      this.byLine.set(source.line(comment.startOffset), comment);
    }
  }

  /** Claims the doc of the node starting at `offset`, if there is one. */
  claim(offset: number | undefined): Doc | undefined {
    if (offset === undefined || this.byLine.size === 0) return undefined;
    // Most nodes have no doc: give up before allocating anything.
    const line = this.source.line(offset);
    if (!this.isUnclaimed(line - 1)) return undefined;
    let first = line - 1;
    while (this.isUnclaimed(first - 1)) first--;
    const lines: string[] = [];
    for (let at = first; at < line; at++) {
      const comment = this.byLine.get(at)!;
      this.claimed.add(comment);
      lines.push(comment.image.slice(3).replace(/^ /, "").trimEnd());
    }
    const start = this.byLine.get(first)!;
    const last = this.byLine.get(line - 1)!;
    return {
      kind: "Doc",
      text: lines.join("\n"),
      span: this.source.span(start.startOffset, last.startOffset + last.image.length),
    };
  }

  private isUnclaimed(line: number): boolean {
    const comment = this.byLine.get(line);
    return comment !== undefined && !this.claimed.has(comment);
  }

  /** Every comment that is not a claimed doc, in source order. */
  unclaimed(): Comment[] {
    const result: Comment[] = [];
    for (const comment of this.comments) {
      if (this.claimed.has(comment)) continue;
      result.push({
        kind: "Comment",
        text: comment.image,
        span: this.source.span(comment.startOffset, comment.startOffset + comment.image.length),
      });
    }
    return result;
  }
}
