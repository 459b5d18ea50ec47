// The few prettier rules the direct printer (direct.ts) must follow to write
// exactly what prettier would: line width, string quotes, JSDoc comments. Each
// is prettier 3's rule for our options (printWidth 100, double quotes), kept
// honest by test/emit/direct.test.ts, which compares the direct printer with
// ts-morph + prettier on every fixture, example and thousands of generated
// declarations.

export const PRINT_WIDTH = 100;

const ASCII = /^[\x20-\x7e]*$/;

/** Code point ranges whose width prettier takes as 1 (Latin, Greek, Cyrillic, Armenian; no combining marks). */
const NARROW: readonly (readonly [number, number])[] = [
  [0xa0, 0x2ff],
  [0x370, 0x482],
  [0x48a, 0x58f],
];
/** Ranges prettier takes as 2 (CJK, Hangul, fullwidth forms). */
const WIDE: readonly (readonly [number, number])[] = [
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xff01, 0xff60],
  [0xffe0, 0xffe6],
];

const inRanges = (c: number, ranges: readonly (readonly [number, number])[]): boolean =>
  ranges.some(([lo, hi]) => c >= lo && c <= hi);

/**
 * Whether a line fits prettier's print width (its getStringWidth: wide
 * characters count 2), or undefined when that cannot be told without
 * prettier's Unicode tables (emoji, marks, rare scripts near the limit): the
 * caller then leaves the declaration to prettier.
 */
export function fits(line: string): boolean | undefined {
  if (ASCII.test(line)) return line.length <= PRINT_WIDTH;
  let min = 0;
  let max = 0;
  for (const ch of line) {
    const c = ch.codePointAt(0)!;
    const width = c >= 0x20 && c < 0x7f ? 1 : inRanges(c, NARROW) ? 1 : inRanges(c, WIDE) ? 2 : undefined;
    min += width ?? 0;
    max += width ?? 2;
  }
  if (max <= PRINT_WIDTH) return true;
  return min > PRINT_WIDTH ? false : undefined;
}

const DOUBLE_QUOTED = /"(?:[^"\\\n]|\\.)*"/g;

/**
 * Every double-quoted string literal in `code` as prettier prints it: double
 * quotes unless the text holds more `"` than `'` (prettier's
 * getPreferredQuote), with quotes re-escaped (its makeString). `code` must hold
 * no template literals or comments (the caller checks).
 */
export function prettierStrings(code: string): string {
  // Only a literal holding `"` (escaped, in our double-quoted literals) can change its quotes.
  if (!code.includes('\\"')) return code;
  return code.replace(DOUBLE_QUOTED, (literal) => prettierString(literal.slice(1, -1)));
}

function prettierString(raw: string): string {
  const doubles = countOf(raw, '"');
  const singles = countOf(raw, "'");
  const quote = doubles > singles ? "'" : '"';
  const other = quote === '"' ? "'" : '"';
  const body = raw.replace(/\\(.)|(["'])/gsu, (match, escaped: string | undefined, bare: string | undefined) => {
    if (escaped === other) return escaped;
    if (bare === quote) return `\\${bare}`;
    if (bare) return bare;
    return /^[^\n\r"'0-7\\bfnrt-vx\u2028\u2029]$/.test(escaped!) ? escaped! : `\\${escaped}`;
  });
  return `${quote}${body}${quote}`;
}

function countOf(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

/**
 * A JSDoc comment as ts-morph writes it (`/** text *\/` on one line, else one
 * ` * ` line per line) after prettier re-indents it (each line trimmed at the
 * end). `text` has been through commentText (only `\n` line breaks).
 */
export function jsDocLines(text: string, indent: string): string[] {
  const lines = text.split("\n");
  if (lines.length <= 1) return [`${indent}/** ${text}${text.endsWith(" ") ? "" : " "}*/`];
  const body = lines[0] === "" ? lines.slice(1) : lines;
  return [`${indent}/**`, ...body.map((line) => `${indent} ${`* ${line}`.trimEnd()}`), `${indent} */`];
}
