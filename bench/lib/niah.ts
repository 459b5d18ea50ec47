// Needle-in-a-haystack documents: lines of random words from a seeded PRNG,
// with one line "The magic number is N" placed between 40 % and 60 % of the lines.
import { rng } from "./stats.ts";

const SYLLABLES = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "ve", "da", "go", "zu", "fe", "bi", "nor", "tel", "sam", "qui"];

function vocabulary(random: () => number, size: number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 1 + Math.floor(random() * 3);
    let w = "";
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

export interface Haystack {
  readonly text: string;
  readonly lines: number;
  readonly needleLine: number;
  readonly magic: number;
}

/** `lines` lines of 4 to 8 random words each (about 10 tokens a line at 4 characters a token). */
export function haystack(lines: number, seed: number): Haystack {
  const random = rng(seed * 7919 + 17);
  const vocab = vocabulary(random, 2000);
  const needleLine = Math.floor(lines * (0.4 + 0.2 * random()));
  const magic = 100_000 + Math.floor(random() * 900_000);
  const out = new Array<string>(lines);
  for (let i = 0; i < lines; i++) {
    if (i === needleLine) {
      out[i] = `The magic number is ${magic}`;
      continue;
    }
    const n = 4 + Math.floor(random() * 5);
    let line = vocab[Math.floor(random() * vocab.length)]!;
    for (let k = 1; k < n; k++) line += " " + vocab[Math.floor(random() * vocab.length)]!;
    out[i] = line;
  }
  return { text: out.join("\n") + "\n", lines, needleLine, magic };
}

/** Chunks of at most `maxChars`, cut after a newline: what a hand-written loop would do. */
export function chunkLines(text: string, maxChars: number): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + maxChars, text.length);
    if (end < text.length) {
      const nl = text.lastIndexOf("\n", end - 1);
      if (nl >= start) end = nl + 1;
    }
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

/** What one document size gave: its tokens, the calls made and the largest prompt of any one call (tokens). */
export interface ContextAtSize {
  readonly lines: number;
  readonly tokens: number;
  readonly maxContext: number;
  readonly calls: number;
}

export interface ContextCheck {
  /** True when the largest context did not grow with the document. */
  readonly ok: boolean;
  /** Largest context at the largest document ÷ at the smallest. */
  readonly growth: number;
  /** Largest document ÷ smallest (tokens): how much a context tied to the document would have grown. */
  readonly documentGrowth: number;
}

/**
 * The niah.context target: the largest context must not grow with the
 * document. Sizes are sorted by document size; it holds when the largest
 * context at the largest document is within 1 % of the one at the smallest,
 * and it needs at least two sizes with the largest document at least 4× the
 * smallest (else it could not tell a bounded chunker from a growing one).
 */
export function checkContext(bySize: readonly ContextAtSize[]): ContextCheck {
  const sorted = [...bySize].sort((a, b) => a.tokens - b.tokens);
  const smallest = sorted[0];
  const largest = sorted.at(-1);
  if (!smallest || !largest || sorted.length < 2) throw new Error("checkContext: needs at least two document sizes");
  const documentGrowth = largest.tokens / smallest.tokens;
  if (documentGrowth < 4) throw new Error(`checkContext: the largest document is only ${documentGrowth.toFixed(2)}× the smallest; it must be ≥ 4×`);
  const growth = largest.maxContext / smallest.maxContext;
  return { ok: growth <= 1.01, growth, documentGrowth };
}

/** A chunker for the self-check: `pieces` equal parts of any document, so its chunks grow with the document. */
export function chunkInPieces(text: string, pieces: number): string[] {
  const size = Math.ceil(text.length / pieces);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
