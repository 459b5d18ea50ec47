// String literals: escapes, `"""` dedent and `{{path}}` templates. Work is
// done on the file text with absolute offsets, so template spans point at
// the braces as written, whatever escapes or indentation came before them.
import type { TemplateRef } from "./ast.ts";
import type { SyntaxProblem } from "./problems.ts";
import type { SourceText } from "./source.ts";

export interface DecodedString {
  readonly value: string;
  readonly triple: boolean;
  readonly templates: readonly TemplateRef[];
  readonly problems: readonly SyntaxProblem[];
}

/** Decodes the string token at [start, end) of `source`. */
export function decodeString(source: SourceText, start: number, end: number): DecodedString {
  return source.text.startsWith('"""', start) ? decodeTriple(source, start, end) : decodeQuoted(source, start, end);
}

class Decoder {
  readonly parts: string[] = [];
  readonly templates: TemplateRef[] = [];
  readonly problems: SyntaxProblem[] = [];

  constructor(readonly source: SourceText) {}

  /** Appends text[from, to) verbatim, picking up the `{{path}}` templates in it. */
  appendRaw(from: number, to: number): void {
    const segment = this.source.text.slice(from, to);
    for (let at = segment.indexOf("{{"); at !== -1;) {
      const after = this.template(from + at, to) ?? from + at + 1;
      at = segment.indexOf("{{", after - from);
    }
    this.parts.push(segment);
  }

  /** Reads a template at `at` (which starts with `{{`); returns where it ends, or undefined when it is plain text. */
  template(at: number, limit: number): number | undefined {
    const text = this.source.text;
    let i = skipBlanks(text, at + 2, limit);
    if (!isNameStart(text.charCodeAt(i)) || i >= limit) return undefined;
    const path: string[] = [];
    for (;;) {
      const nameEnd = skipName(text, i, limit);
      path.push(text.slice(i, nameEnd));
      i = nameEnd;
      if (text[i] !== ".") break;
      if (!isNameStart(text.charCodeAt(i + 1)) || i + 1 >= limit) {
        return this.badTemplate(at, i + 1, "expected a name after `.` in template");
      }
      i++;
    }
    i = skipBlanks(text, i, limit);
    if (!text.startsWith("}}", i) || i + 2 > limit) {
      return this.badTemplate(at, Math.min(i + 1, limit), "expected `}}` to close the template");
    }
    this.templates.push({ path, span: this.source.span(at, i + 2) });
    return i + 2;
  }

  badTemplate(from: number, to: number, message: string): number {
    const found = to > from ? this.source.text.slice(from, to) : "";
    this.problems.push({
      kind: "invalid-template",
      message: `${message}; template paths look like \`{{deck.name}}\``,
      span: this.source.span(from, to),
      expected: "a path such as `{{deck.name}}`",
      found: `\`${found}\``,
    });
    return to;
  }

  result(triple: boolean): DecodedString {
    return { value: this.parts.join(""), triple, templates: this.templates, problems: this.problems };
  }
}

const NO_PROBLEMS: readonly SyntaxProblem[] = [];

function decodeQuoted(source: SourceText, start: number, end: number): DecodedString {
  const text = source.text;
  // Most strings are closed and hold no escape or template: their value is
  // their text, without a decoder's worth of allocations.
  if (end - start >= 2 && text.charCodeAt(end - 1) === 34 /* " */) {
    const value = text.slice(start + 1, end - 1);
    if (!value.includes("\\") && !value.includes("{{")) {
      return { value, triple: false, templates: [], problems: NO_PROBLEMS };
    }
  }
  const decoder = new Decoder(source);
  let terminated = false;
  let runStart = start + 1;
  let i = start + 1;
  while (i < end) {
    const c = text[i];
    if (c === '"') {
      terminated = true;
      break;
    }
    if (c !== "\\") {
      i++;
      continue;
    }
    decoder.appendRaw(runStart, i);
    i = decodeEscape(decoder, i, end);
    runStart = i;
  }
  decoder.appendRaw(runStart, Math.min(i, end));
  if (!terminated) {
    decoder.problems.push({
      kind: "unterminated-string",
      message: 'unterminated string: missing the closing `"` on this line',
      span: source.span(start, end),
      expected: '`"`',
      found: "the end of the line",
    });
  }
  return decoder.result(false);
}

/**
 * `'text'`: not a string in `.flow`, but read as one (its text as written,
 * no escapes) so that one problem is reported instead of a cascade.
 */
export function decodeSingleQuoted(source: SourceText, start: number, end: number): DecodedString {
  const decoder = new Decoder(source);
  decoder.appendRaw(start + 1, end - 1);
  const inner = source.text.slice(start + 1, end - 1);
  decoder.problems.push({
    kind: "single-quoted-string",
    message: "strings are written in double quotes",
    span: source.span(start, end),
    expected: "a string",
    found: `\`'\``,
    hint: inner.includes('"') ? "write it in `\"...\"`, with `\\\"` for each `\"` inside" : `write \`${JSON.stringify(inner)}\``,
  });
  return decoder.result(false);
}

const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ["n", "\n"],
  ["t", "\t"],
  ["r", "\r"],
  ['"', '"'],
  ["\\", "\\"],
]);

/** Decodes the escape at `at` (a backslash) into `decoder`; returns the offset after it. */
function decodeEscape(decoder: Decoder, at: number, end: number): number {
  const text = decoder.source.text;
  const letter = text[at + 1];
  if (letter === undefined || at + 1 >= end) return end; // a backslash that ends an unterminated string
  const simple = SIMPLE_ESCAPES.get(letter);
  if (simple !== undefined) {
    decoder.parts.push(simple);
    return at + 2;
  }
  if (letter === "u") {
    const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(text.slice(at + 2, Math.min(end, at + 11)));
    const plain = /^[0-9a-fA-F]{4}/.exec(text.slice(at + 2, Math.min(end, at + 6)));
    const code = braced ? parseInt(braced[1]!, 16) : plain ? parseInt(plain[0], 16) : NaN;
    const length = braced ? braced[0].length : 4;
    if (braced && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)) {
      decoder.parts.push(String.fromCodePoint(code));
      return at + 2 + length;
    }
    if (plain) {
      decoder.parts.push(String.fromCharCode(code)); // lone surrogates pair up as in JSON
      return at + 2 + length;
    }
    const extent = /^\{[^}"\s]*\}?|^[0-9a-fA-F]*/.exec(text.slice(at + 2, end))![0].length;
    return badEscape(
      decoder,
      at,
      at + 2 + extent,
      "invalid unicode escape",
      "`\\u{XXXX}` or `\\uXXXX` with hex digits",
    );
  }
  return badEscape(decoder, at, at + 2, "unknown escape", 'one of `\\n` `\\t` `\\r` `\\"` `\\\\` `\\u{XXXX}`');
}

function badEscape(decoder: Decoder, from: number, to: number, what: string, expected: string): number {
  const found = decoder.source.text.slice(from, to);
  decoder.parts.push(found);
  decoder.problems.push({
    kind: "invalid-escape",
    message: `${what} \`${found}\`; expected ${expected}`,
    span: decoder.source.span(from, to),
    expected,
    found: `\`${found}\``,
  });
  return to;
}

// `"""` strings are raw (no escapes). The value is what the text looks like
// on screen: the line break after the opening quotes, the whitespace-only
// line before the closing quotes and the common indentation are removed,
// blank lines become empty, CRLF becomes LF.
function decodeTriple(source: SourceText, start: number, end: number): DecodedString {
  const text = source.text;
  const decoder = new Decoder(source);
  const terminated = end - start >= 6 && text.startsWith('"""', end - 3);
  const lines = splitLines(text, start + 3, terminated ? end - 3 : end);
  if (lines.length === 1) {
    decoder.appendRaw(lines[0]!.start, lines[0]!.end); // `"""on one line"""` is taken as written
  } else {
    // Text right after the opening quotes stays as written and does not count for the indentation.
    const opening = isBlank(text, lines[0]!) ? undefined : lines[0]!;
    const body = lines.slice(1, isBlank(text, lines[lines.length - 1]!) ? -1 : undefined);
    const indent = commonIndent(
      text,
      body.filter((line) => !isBlank(text, line)),
    );
    const kept = opening ? [opening, ...body] : body;
    kept.forEach((line, index) => {
      if (index > 0) decoder.parts.push("\n");
      if (line === opening) decoder.appendRaw(line.start, line.end);
      else if (!isBlank(text, line)) decoder.appendRaw(line.start + indent, line.end);
    });
  }
  if (!terminated) {
    decoder.problems.push({
      kind: "unterminated-string",
      message: 'unterminated `"""` string: missing the closing `"""`',
      span: source.span(start, start + 3),
      expected: '`"""`',
      found: "end of file",
    });
  }
  return decoder.result(true);
}

interface Line {
  readonly start: number;
  /** Before the line break (and before a `\r` of a CRLF). */
  readonly end: number;
}

function splitLines(text: string, from: number, to: number): Line[] {
  const lines: Line[] = [];
  let start = from;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) {
    lines.push({ start, end: text[i - 1] === "\r" && i - 1 >= start ? i - 1 : i });
    start = i + 1;
  }
  lines.push({ start, end: to });
  return lines;
}

function isBlank(text: string, line: Line): boolean {
  for (let i = line.start; i < line.end; i++) if (text[i] !== " " && text[i] !== "\t") return false;
  return true;
}

/** Length of the longest whitespace prefix shared by all lines (compared character by character, so tabs and spaces do not mix). */
function commonIndent(text: string, lines: readonly Line[]): number {
  if (lines.length === 0) return 0;
  let length = Infinity;
  const first = lines[0]!;
  for (const line of lines) {
    let i = 0;
    while (i < length && line.start + i < line.end) {
      const c = text[line.start + i];
      if ((c !== " " && c !== "\t") || c !== text[first.start + i]) break;
      i++;
    }
    length = Math.min(length, i);
  }
  return length;
}

function skipBlanks(text: string, from: number, limit: number): number {
  let i = from;
  while (i < limit && (text[i] === " " || text[i] === "\t")) i++;
  return i;
}

function skipName(text: string, from: number, limit: number): number {
  let i = from;
  while (i < limit && isNamePart(text.charCodeAt(i))) i++;
  return i;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}
