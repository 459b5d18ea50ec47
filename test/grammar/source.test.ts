// SourceText looks lines up from the last one it found and reuses recent
// Position objects; neither may change what a position is, whatever order
// offsets are asked for in.
import { describe, expect, it } from "vitest";
import { SourceText } from "../../grammar/source.ts";

const text = "ab\ncd\r\n\nefgh\n";

/** Line and column by counting, the slow obvious way. */
function expected(offset: number) {
  const before = text.slice(0, offset);
  return { offset, line: before.split("\n").length, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
}

describe("SourceText", () => {
  it("finds the right position whatever the order offsets are asked in", () => {
    const source = new SourceText(text, "f.flow");
    // Forward, backward, repeated and far jumps exercise the line cursor and the reused positions.
    const order = [0, 1, 2, 3, 13, 0, 8, 8, 9, 4, 12, 5, 6, 7, 3, 13, 2, 10, 1, 11];
    for (const offset of order) {
      expect(source.position(offset)).toEqual(expected(offset));
      expect(source.line(offset)).toBe(expected(offset).line);
    }
    for (const [start, end] of [[9, 12], [0, 13], [4, 6], [12, 13], [1, 9], [3, 3], [13, 13], [0, 1]] as const) {
      expect(source.span(start, end)).toEqual({ file: "f.flow", start: expected(start), end: expected(end) });
    }
  });

  it("gives every line of a long text the right positions, forwards and backwards", () => {
    const long = Array.from({ length: 200 }, (_, i) => "x".repeat(i % 7)).join("\n");
    const source = new SourceText(long, "long.flow");
    const offsets = [...long.matchAll(/\n/g)].map((match) => match.index!);
    for (const offset of [...offsets, ...offsets.reverse()]) {
      const before = long.slice(0, offset);
      expect(source.position(offset)).toEqual({
        offset,
        line: before.split("\n").length,
        column: offset - (before.lastIndexOf("\n") + 1) + 1,
      });
    }
  });

  it("clamps offsets outside the text, and NaN to its end", () => {
    const source = new SourceText(text, "f.flow");
    expect(source.position(-5)).toEqual(expected(0));
    expect(source.position(99)).toEqual(expected(text.length));
    expect(source.position(Number.NaN)).toEqual(expected(text.length));
    expect(source.span(5, Number.NaN)).toEqual({ file: "f.flow", start: expected(5), end: expected(text.length) });
    expect(source.span(Number.NaN, 3)).toEqual({ file: "f.flow", start: expected(text.length), end: expected(text.length) });
    expect(source.span(6, 2)).toEqual({ file: "f.flow", start: expected(6), end: expected(6) });
  });
});
