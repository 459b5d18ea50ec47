// Where a resume index finds an entry's event: a journal file's line, read
// back by offset and length on lookup, or an event given in memory.
import { closeSync } from "node:fs";
import { readRange } from "./journal-scan.ts";
import type { TraceEvent } from "./trace.ts";

export type EndEvent = Extract<TraceEvent, { type: "end" }>;

/** Entries of a journal file: a lookup reads its line back. */
export class FileStore {
  #fd: number | undefined;

  constructor(fd: number) {
    this.#fd = fd;
  }

  event(offset: number, length: number): EndEvent | undefined {
    if (this.#fd === undefined) return undefined;
    try {
      return JSON.parse(readRange(this.#fd, offset, length)) as EndEvent;
    } catch {
      return undefined;
    }
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}

/** Entries of a journal given in memory. */
export class MemoryStore {
  readonly #events: EndEvent[] = [];

  add(event: EndEvent): number {
    return this.#events.push(event) - 1;
  }

  event(index: number): EndEvent | undefined {
    return this.#events[index];
  }

  close(): void {}
}
