// Reading a journal file line by line, without holding it: fixed-size chunks,
// each line handed on with its byte offset, so an index keeps offsets rather
// than text and memory does not grow with the file.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

const CHUNK = 1 << 20;
const NEWLINE = 0x0a;

/** One line: its bytes (valid until the callback returns) and where it starts in the file. */
export type LineVisitor = (bytes: Buffer, start: number, end: number, fileOffset: number) => void;

/** Calls `visit` for every line of the open file (the last one too when it has no newline). Returns the bytes read. */
export function scanLines(fd: number, visit: LineVisitor): number {
  let buffer = Buffer.allocUnsafe(CHUNK);
  let filled = 0;
  let bufferOffset = 0; // file offset of buffer[0]
  for (;;) {
    if (filled === buffer.length) {
      // One line longer than the buffer: grow it (the line must be whole to be parsed).
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, filled);
      buffer = bigger;
    }
    const read = readSync(fd, buffer, filled, buffer.length - filled, bufferOffset + filled);
    filled += read;
    let lineStart = 0;
    for (;;) {
      const newline = buffer.indexOf(NEWLINE, lineStart);
      if (newline === -1 || newline >= filled) break;
      visit(buffer, lineStart, newline, bufferOffset + lineStart);
      lineStart = newline + 1;
    }
    if (read === 0) {
      if (lineStart < filled) visit(buffer, lineStart, filled, bufferOffset + lineStart);
      return bufferOffset + filled;
    }
    buffer.copy(buffer, 0, lineStart, filled);
    bufferOffset += lineStart;
    filled -= lineStart;
  }
}

const PATH_FIELD = Buffer.from('"path":"');
const HASH_FIELD = Buffer.from('"inputHash":"');
const HASH_LENGTH = 64;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

/**
 * The path and input hash of an `end` line as the tracer writes it
 * (`{"type":"end","t":…,"path":"…",…,"inputHash":"…",…}`), read from its bytes
 * without parsing the line: a journal's outputs are never decoded while it is
 * indexed. Undefined for a line written otherwise (escapes or non-ASCII in the
 * path, fields elsewhere): the caller parses that one.
 */
export function endLineKey(bytes: Buffer, start: number, end: number, prefixLength: number): { path: string; inputHash: string } | undefined {
  const afterT = bytes.indexOf(COMMA, start + prefixLength);
  if (afterT === -1 || afterT >= end || !startsAt(bytes, afterT + 1, end, PATH_FIELD)) return undefined;
  const pathStart = afterT + 1 + PATH_FIELD.length;
  let pathEnd = pathStart;
  for (; pathEnd < end && bytes[pathEnd] !== QUOTE; pathEnd++) {
    const byte = bytes[pathEnd]!;
    if (byte === BACKSLASH || byte >= 0x80) return undefined;
  }
  const field = bytes.indexOf(HASH_FIELD, pathEnd);
  const hashStart = field + HASH_FIELD.length;
  if (pathEnd >= end || field === -1 || hashStart + HASH_LENGTH >= end || bytes[hashStart + HASH_LENGTH] !== QUOTE) return undefined;
  return { path: bytes.toString("latin1", pathStart, pathEnd), inputHash: bytes.toString("latin1", hashStart, hashStart + HASH_LENGTH) };
}

export function startsAt(bytes: Buffer, at: number, end: number, prefix: Buffer): boolean {
  if (end - at < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** The bytes [offset, offset + length) of the open file as text. */
export function readRange(fd: number, offset: number, length: number): string {
  const bytes = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const read = readSync(fd, bytes, done, length - done, offset + done);
    if (read === 0) break;
    done += read;
  }
  return bytes.toString("utf8", 0, done);
}

/** The first and the last complete line of a file (for a quick look at a journal's header and end), or undefined when empty. */
export function firstAndLastLine(path: string, maxLine = 1 << 16): { first: string; last: string } | undefined {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return undefined;
    const head = readRange(fd, 0, Math.min(size, maxLine));
    const firstEnd = head.indexOf("\n");
    const first = firstEnd === -1 ? head : head.slice(0, firstEnd);
    const tailStart = Math.max(0, size - maxLine);
    const tail = readRange(fd, tailStart, size - tailStart).replace(/\n+$/, "");
    const last = tail.slice(tail.lastIndexOf("\n") + 1);
    return { first, last };
  } finally {
    closeSync(fd);
  }
}
