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
