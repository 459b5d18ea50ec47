// The pure built-ins of the language (`split`, `flatten`, `len`, `join`, `concat`).

export interface SplitOptions {
  /** Maximum characters per chunk. */
  readonly maxChars: number;
  /** Characters repeated at the start of the next chunk; default 0. */
  readonly overlap?: number;
}

/**
 * Splits text into chunks of at most `maxChars`, each starting `overlap`
 * characters before the previous one ended. A cut prefers a paragraph, line
 * or word boundary in the last fifth of the window, so words stay whole.
 * Empty text gives no chunks.
 */
export function split(text: string, options: SplitOptions): string[] {
  const { maxChars } = options;
  const overlap = options.overlap ?? 0;
  if (!Number.isInteger(maxChars) || maxChars < 1) throw new RangeError(`split: max_chars must be a positive integer, got ${maxChars}`);
  if (!Number.isInteger(overlap) || overlap < 0 || overlap >= maxChars) {
    throw new RangeError(`split: overlap must be an integer from 0 to max_chars - 1, got ${overlap}`);
  }
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + maxChars, text.length);
    if (end < text.length) end = softBoundary(text, start, end, maxChars);
    chunks.push(text.slice(start, end));
    if (end >= text.length) break;
    // Always move forward, even when the overlap would cover the whole chunk.
    start = Math.max(end - overlap, start + 1);
  }
  return chunks;
}

function softBoundary(text: string, start: number, end: number, maxChars: number): number {
  const floor = Math.max(end - Math.floor(maxChars / 5), start + 1);
  // Search only the window's last fifth: lastIndexOf on the whole text would
  // scan back to the start of the document for every chunk (quadratic split).
  const tail = text.slice(floor, end);
  for (const separator of ["\n\n", "\n", " "]) {
    const at = tail.lastIndexOf(separator);
    if (at >= 0) return floor + at + separator.length;
  }
  return end;
}

export function flatten<T>(lists: readonly (readonly T[])[]): T[] {
  return lists.flat() as T[];
}

export function len(value: readonly unknown[] | string): number {
  return value.length;
}

export function join(items: readonly string[], separator = ""): string {
  return items.join(separator);
}

export function concat<T>(first: readonly T[], second: readonly T[]): T[] {
  return [...first, ...second];
}
