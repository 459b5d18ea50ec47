// The pure built-ins of the language (`split`, `flatten`, `len`, `join`, `concat`,
// and the list built-ins `sum`, `min`, `max`, `sort`, `count`).

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

// ------------------------------------------------------------ list built-ins (sum, min, max, sort, count)
// Keys come from `by:` (a field path the generated code reads with an arrow
// function) or are the elements themselves. Every result is deterministic:
// ties keep list order, text compares by UTF-16 code units (not the locale).

/** What `by:` reads from an element; the checker allows numbers, text and, for `count`, `bool` and enums. */
export type ListKey = number | string | boolean;

export interface KeyOptions<T, K extends ListKey = ListKey> {
  readonly by?: (item: T) => K;
}

export interface PickOptions<T> extends KeyOptions<T> {
  /** The result for an empty list; without it an empty list is an error. */
  readonly empty?: T;
}

export interface SortOptions<T> extends KeyOptions<T> {
  readonly descending?: boolean;
}

/** `min`/`max` of an empty list without `empty:`. */
export class EmptyListError extends RangeError {
  constructor(name: string) {
    super(`${name} of an empty list: give the value for an empty list with \`empty:\` (${name}(xs, empty: ...))`);
    this.name = "EmptyListError";
  }
}

function keyOf<T, K extends ListKey>(options: KeyOptions<T, K>): (item: T) => K {
  return options.by ?? ((item: T) => item as unknown as K);
}

function compareKeys(a: ListKey, b: ListKey): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sum<T>(items: readonly T[], options: KeyOptions<T, number> = {}): number {
  const key = keyOf(options);
  let total = 0;
  for (const item of items) total += key(item);
  return total;
}

export function min<T>(items: readonly T[], options: PickOptions<T> = {}): T {
  return pick("min", items, options, -1);
}

export function max<T>(items: readonly T[], options: PickOptions<T> = {}): T {
  return pick("max", items, options, 1);
}

/** The first element whose key is the smallest (`sign` −1) or the largest (1). */
function pick<T>(name: string, items: readonly T[], options: PickOptions<T>, sign: 1 | -1): T {
  if (items.length === 0) {
    if ("empty" in options) return options.empty as T;
    throw new EmptyListError(name);
  }
  const key = keyOf(options);
  let best = items[0]!;
  let bestKey = key(best);
  for (let i = 1; i < items.length; i++) {
    const k = key(items[i]!);
    if (compareKeys(k, bestKey) * sign > 0) (best = items[i]!), (bestKey = k);
  }
  return best;
}

/** A sorted copy; stable, also descending (equal keys keep their order). */
export function sort<T>(items: readonly T[], options: SortOptions<T> = {}): T[] {
  const key = keyOf(options);
  const sign = options.descending === true ? -1 : 1;
  const keyed = items.map((item, index) => ({ item, index, key: key(item) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key) * sign || a.index - b.index);
  return keyed.map((x) => x.item);
}

/** How many elements have each key, in the order the keys first appear. */
export function count<T, K extends ListKey>(items: readonly T[], options: KeyOptions<T, K> = {}): { key: K; count: number }[] {
  const key = keyOf(options);
  const counts = new Map<K, { key: K; count: number }>();
  for (const item of items) {
    const k = key(item);
    const entry = counts.get(k);
    if (entry) entry.count++;
    else counts.set(k, { key: k, count: 1 });
  }
  return [...counts.values()];
}
