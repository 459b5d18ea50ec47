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
      this.byLine.set(source.position(comment.startOffset).line, comment);
    }
  }

  /** Claims the doc of the node starting at `offset`, if there is one. */
  claim(offset: number | undefined): Doc | undefined {
    if (offset === undefined || this.byLine.size === 0) return undefined;
    const run: IToken[] = [];
    for (let line = this.source.position(offset).line - 1; ; line--) {
      const comment = this.byLine.get(line);
      if (!comment || this.claimed.has(comment)) break;
      run.unshift(comment);
    }
    if (run.length === 0) return undefined;
    for (const comment of run) this.claimed.add(comment);
    const first = run[0]!;
    const last = run[run.length - 1]!;
    return {
      kind: "Doc",
      text: run.map((comment) => comment.image.slice(3).replace(/^ /, "").trimEnd()).join("\n"),
      span: this.source.span(first.startOffset, last.startOffset + last.image.length),
    };
  }

  /** Every comment that is not a claimed doc, in source order. */
  unclaimed(): Comment[] {
    return this.comments
      .filter((comment) => !this.claimed.has(comment))
      .map((comment) => ({
        kind: "Comment",
        text: comment.image,
        span: this.source.span(comment.startOffset, comment.startOffset + comment.image.length),
      }));
  }
}
