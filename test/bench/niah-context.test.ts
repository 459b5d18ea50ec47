// The niah.context target of the benchmarks (bench/lib/niah.ts checkContext):
// it must fail for a chunker whose largest context grows with the document,
// and hold for one that bounds its chunks, or it would prove nothing.
import { describe, expect, it } from "vitest";
import { checkContext, chunkInPieces, chunkLines, haystack, type ContextAtSize } from "../../bench/lib/niah.ts";

const SIZES = [2_000, 8_000, 20_000];
const docs = SIZES.map((lines) => ({ lines, text: haystack(lines, 1).text }));
const tokens = (chars: number): number => Math.ceil(chars / 4);

function contexts(chunker: (text: string) => string[]): ContextAtSize[] {
  return docs.map((d) => {
    const chunks = chunker(d.text);
    return { lines: d.lines, tokens: tokens(d.text.length), calls: chunks.length, maxContext: tokens(Math.max(...chunks.map((c) => c.length))) };
  });
}

describe("checkContext", () => {
  it("fails for the whole document in one context", () => {
    const r = checkContext(contexts((t) => [t]));
    expect(r.ok).toBe(false);
    expect(r.growth).toBeGreaterThan(5);
  });

  it("fails for a chunker that cuts every document into the same number of pieces", () => {
    expect(checkContext(contexts((t) => chunkInPieces(t, 10))).ok).toBe(false);
  });

  it("fails for a chunker whose chunks grow slowly (with the square root of the document)", () => {
    expect(checkContext(contexts((t) => chunkLines(t, Math.ceil(Math.sqrt(t.length) * 40)))).ok).toBe(false);
  });

  it("holds for a chunker with a fixed bound", () => {
    const r = checkContext(contexts((t) => chunkLines(t, 10_000)));
    expect(r.ok).toBe(true);
    expect(r.growth).toBeLessThanOrEqual(1.01);
  });

  it("does not judge document sizes too close to tell", () => {
    expect(() => checkContext(contexts((t) => [t]).slice(0, 1))).toThrow(/two document sizes/);
    const close = [
      { lines: 1, tokens: 1000, calls: 1, maxContext: 1000 },
      { lines: 2, tokens: 2000, calls: 1, maxContext: 2000 },
    ];
    expect(() => checkContext(close)).toThrow(/≥ 4×/);
  });
});
