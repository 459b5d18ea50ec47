// Reading a `.flow` file: its size is checked before it is read
// (MAX_FILE_BYTES), and its bytes are decoded as strict UTF-8, so an invalid
// byte is a located diagnostic rather than a U+FFFD that slips into a string.
import { readFileSync, statSync } from "node:fs";
import type { Span } from "../../grammar/ast.ts";
import { groupDigits, MAX_FILE_BYTES } from "../../grammar/limits.ts";
import { SourceText } from "../../grammar/source.ts";
import { D, diag } from "../diagnostics/table.ts";
import type { Diagnostic } from "../diagnostics/types.ts";

export type ReadSource =
  /** The text, and the problems that keep it from being parsed (then `text` is for code frames only). */
  | { readonly text: string; readonly problems: readonly Diagnostic[] }
  /** Why the file cannot be read at all ("no such file"). */
  | { readonly error: string };

const FATAL = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const LOSSY = new TextDecoder("utf-8", { ignoreBOM: true });
const NONE: readonly Diagnostic[] = [];

export function readSource(file: string): ReadSource {
  try {
    const stats = statSync(file);
    if (!stats.isFile()) return { error: "it is not a file" };
    if (stats.size > MAX_FILE_BYTES) return { text: "", problems: [tooLarge(file, stats.size)] };
    const bytes = readFileSync(file);
    // The file may have grown since it was measured.
    if (bytes.length > MAX_FILE_BYTES) return { text: "", problems: [tooLarge(file, bytes.length)] };
    return decode(bytes, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { error: "no such file" };
    if (code === "EACCES") return { error: "permission denied" };
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function tooLarge(file: string, bytes: number): Diagnostic {
  const size = `${groupDigits(bytes)} bytes, more than the ${groupDigits(MAX_FILE_BYTES)} that flowc reads from one file`;
  return diag(D.FileTooLarge, fileStartSpan(file), [size]);
}

/** Strict UTF-8; on invalid bytes, the text with U+FFFD in their place and a diagnostic at the first of them. */
export function decode(bytes: Uint8Array, file: string): ReadSource {
  try {
    return { text: FATAL.decode(bytes), problems: NONE };
  } catch {
    const text = LOSSY.decode(bytes);
    const invalid = invalidSequences(bytes);
    const first = invalid[0];
    if (first === undefined) return { text, problems: NONE }; // not reached: the strict decoder agrees with invalidSequences
    // The valid bytes before it decode to the same text either way, and the
    // invalid sequence to one U+FFFD: that is where it is in `text`.
    const offset = FATAL.decode(bytes.subarray(0, first.at)).length;
    const source = new SourceText(text, file);
    const shown = [...bytes.subarray(first.at, first.at + first.length)].map((b) => `0x${b.toString(16).toUpperCase().padStart(2, "0")}`);
    const what =
      shown.length === 1 ? `byte ${shown[0]} is not part of a UTF-8 character` : `bytes ${shown.join(" ")} are an incomplete UTF-8 character`;
    const hint = invalid.length === 1 ? undefined : `save the file as UTF-8; this is the first of ${groupDigits(invalid.length)} invalid byte sequences`;
    return { text, problems: [diag(D.InvalidUtf8, source.span(offset, offset + 1), [what], hint === undefined ? {} : { hint })] };
  }
}

/**
 * Every invalid sequence: its byte offset and length, a length being the
 * "maximal subpart" of the WHATWG decoder (what becomes one U+FFFD).
 */
export function invalidSequences(bytes: Uint8Array): { at: number; length: number }[] {
  const out: { at: number; length: number }[] = [];
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // How many continuation bytes follow, and the range of the first one.
    let needed = 0;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) needed = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      needed = 2;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      needed = 3;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    }
    let length = 1;
    while (length <= needed) {
      const c = bytes[i + length];
      if (c === undefined || c < low || c > high) break;
      low = 0x80;
      high = 0xbf;
      length++;
    }
    if (needed === 0 || length <= needed) out.push({ at: i, length });
    i += length;
  }
  return out;
}

export function fileStartSpan(file: string): Span {
  const start = { offset: 0, line: 1, column: 1 };
  return { file, start, end: start };
}
