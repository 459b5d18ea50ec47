// Safe literals. Every text that comes from a `.flow` file (strings,
// instructions, doc comments, model ids, paths, setting values) reaches the
// generated code only through these functions: as a string literal whose value
// is exactly the source text, or as comment text that cannot end the comment.

/**
 * Characters written as `\uXXXX` inside string literals even though JSON allows
 * them raw: line/paragraph separators (old parsers end the line there), C1
 * controls, and invisible format characters such as bidi overrides (so a review
 * of the generated code sees exactly what the string holds). The zero-width
 * joiners U+200C/U+200D stay: emoji sequences and several scripts need them.
 */
const INVISIBLE = /[\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/** A surrogate without its pair cannot be written to a UTF-8 file (comments show it escaped). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function unicodeEscape(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** A double-quoted TypeScript string literal whose value is exactly `value`. */
export function stringLiteral(value: string): string {
  // JSON.stringify escapes `"`, `\`, C0 controls and lone surrogates.
  return JSON.stringify(value).replace(INVISIBLE, unicodeEscape);
}

/** A number literal; negative numbers come out as `-3` (callers parenthesise). */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`flowc emit: cannot write the number ${value} as a literal`);
  return Object.is(value, -0) ? "-0" : String(value);
}

export function literal(value: string | number | boolean): string {
  if (typeof value === "string") return stringLiteral(value);
  if (typeof value === "number") return numberLiteral(value);
  return value ? "true" : "false";
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An object-literal key: bare when it is an identifier; `__proto__` stays an own property. */
export function propertyKey(name: string): string {
  if (name === "__proto__") return `[${stringLiteral(name)}]`;
  return IDENTIFIER.test(name) ? name : stringLiteral(name);
}

/** A property name in a type (`{ name: T }`, interface members). */
export function typePropertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : stringLiteral(name);
}

/** `obj.name`, or `obj["na-me"]` when the name is not an identifier. */
export function memberAccess(object: string, name: string): string {
  return IDENTIFIER.test(name) ? `${object}.${name}` : `${object}[${stringLiteral(name)}]`;
}

const LINE_TERMINATORS = /\r\n|[\r\n\u0085\u2028\u2029]/g;

/**
 * Text for a block (JSDoc) comment: `*\/` cannot close it, every line break is
 * a plain `\n`, invisible characters are shown as `\uXXXX` (the exact text is
 * kept in the `doc:`/`.describe()` string literal; the comment is for readers).
 */
export function commentText(text: string): string {
  return text
    .replace(LINE_TERMINATORS, "\n")
    .replace(/\*\//g, "*\\/")
    .replace(INVISIBLE, unicodeEscape)
    .replace(LONE_SURROGATE, unicodeEscape)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, unicodeEscape);
}

/** Text for a `//` comment: one line, whatever it holds. */
export function lineCommentText(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u0085\u2028\u2029]/g, unicodeEscape)
    .replace(INVISIBLE, unicodeEscape)
    .replace(LONE_SURROGATE, unicodeEscape);
}
