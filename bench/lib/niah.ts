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
