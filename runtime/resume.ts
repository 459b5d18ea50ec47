// Resume from a journal (the trace of an earlier run of the same flow on the
// same input): a frame whose path and input hash ended in it returns the
// journaled output instead of running again. The file is streamed: the index
// keeps, per result, a 4-character key and the line's offset and length, and a
// lookup reads that one line back, so memory does not grow with the outputs.
// An entry that cannot be trusted is run again, never returned: a line that
// is not JSON (torn by a crash), an `end` whose line had a secret scrubbed
// (`redacted`, or `[REDACTED]` in its output: traces written before exact
// journals), or an output its callable's schema rejects.
import type { z } from "zod";
import { ConfigError } from "./errors.ts";
import { closeSync, openSync } from "node:fs";
import { firstAndLastLine, readRange, scanLines } from "./journal-scan.ts";
import { REDACTED } from "./redact.ts";
import { JOURNAL_VERSION, type TraceEvent } from "./trace.ts";

export type RunStartEvent = Extract<TraceEvent, { type: "run-start" }>;
type EndEvent = Extract<TraceEvent, { type: "end" }>;

/** Why a journal is not this run's. */
export type ResumeMismatch = "not-a-journal" | "other-flow" | "other-input" | "newer-format";

/** The journal given to resume from belongs to another run (or is no journal): nothing ran. */
export class ResumeMismatchError extends ConfigError {
  constructor(
    message: string,
    readonly reason: ResumeMismatch,
    /** The journal's run-start line, when it has one. */
    readonly header: RunStartEvent | undefined,
  ) {
    super(message);
  }
}

export interface JournalCounts {
  /** Results found (one per call path and input). */
  readonly entries: number;
  /** Calls whose journaled line had a secret scrubbed from it, and that will run again. */
  readonly redacted: number;
  /** Lines that are not JSON (a crash tore them). */
  readonly unreadable: number;
}

const END_PREFIX = Buffer.from('{"type":"end",');
const RUN_START_PREFIX = Buffer.from('{"type":"run-start",');
const EVENT_PREFIX = Buffer.from('{"type":"');
const CLOSING_BRACE = 0x7d;
const CARRIAGE_RETURN = 0x0d;

export class ResumeJournal {
  #header: RunStartEvent | undefined;
  /** Compact key (see compactKey) → entry number in the store. */
  readonly #index = new Map<string, number>();
  /** Keys of untrusted lines, to count those that no later line replaced. */
  readonly #untrusted = new Set<string>();
  #unreadable = 0;
  /** Entries found but not returned: the callable's schema rejected their output. */
  invalid = 0;

  private constructor(
    /** How messages name the journal (its path). */
    readonly source: string,
    private readonly store: FileStore | MemoryStore,
  ) {}

  /** Indexes the journal file at `path`, streaming it. */
  static open(path: string): ResumeJournal {
    let fd: number;
    try {
      fd = openSync(path, "r");
    } catch (error) {
      throw new ConfigError(`cannot read the journal to resume from (${path}): ${(error as Error).message}`);
    }
    const store = new FileStore(fd);
    const journal = new ResumeJournal(path, store);
    try {
      scanLines(fd, (bytes, start, end, offset) => journal.#scanLine(bytes, start, end, offset));
    } catch (error) {
      store.close();
      throw new ConfigError(`cannot read the journal to resume from (${path}): ${(error as Error).message}`);
    }
    return journal;
  }

  /** A file path (streamed), or a journal's lines or events in memory (tests, programmatic use). */
  static from(source: string | readonly string[] | readonly TraceEvent[]): ResumeJournal {
    if (typeof source === "string") return ResumeJournal.open(source);
    const journal = new ResumeJournal("the resume journal", new MemoryStore());
    for (const item of source) {
      if (typeof item !== "string") {
        journal.#consider(item, undefined);
        continue;
      }
      if (item.trim() === "") continue;
      try {
        journal.#consider(JSON.parse(item) as TraceEvent, item);
      } catch {
        journal.#unreadable++;
      }
    }
    return journal;
  }

  get header(): RunStartEvent | undefined {
    return this.#header;
  }

  get counts(): JournalCounts {
    let redacted = 0;
    for (const key of this.#untrusted) if (!this.#index.has(key)) redacted++;
    return { entries: this.#index.size, redacted, unreadable: this.#unreadable };
  }

  /** Throws ResumeMismatchError unless the journal was written by a run of this callable on this input. */
  verify(run: { readonly callable: string; readonly kind: string; readonly inputHash: string }): void {
    const header = this.#header;
    if (!header) throw new ResumeMismatchError(`${this.source} is not a flowc journal: it has no run-start line`, "not-a-journal", undefined);
    if ((header.journal ?? 0) > JOURNAL_VERSION) {
      throw new ResumeMismatchError(`${this.source} was written by a newer flowc (journal format ${header.journal}, this one reads ${JOURNAL_VERSION})`, "newer-format", header);
    }
    if (header.callable !== run.callable || header.kind !== run.kind) {
      throw new ResumeMismatchError(`${this.source} is the journal of ${header.kind} ${header.callable}, not of ${run.kind} ${run.callable}`, "other-flow", header);
    }
    if (header.inputHash !== run.inputHash) {
      throw new ResumeMismatchError(
        `${this.source} is the journal of a run of ${run.callable} on another input (input hash ${header.inputHash.slice(0, 12)}…, this input ${run.inputHash.slice(0, 12)}…)`,
        "other-input",
        header,
      );
    }
  }

  /** The journaled output of the call at `path` with this input, validated by `schema`; undefined to run the call. */
  lookup(path: string, inputHash: string, schema?: z.ZodType): { readonly output: unknown } | undefined {
    const entry = this.#index.get(compactKey(path, inputHash));
    if (entry === undefined) return undefined;
    const event = this.store.event(entry);
    // A compact key is 64 bits: a collision is told apart here (and the call runs).
    if (!event || event.path !== path || event.inputHash !== inputHash) return undefined;
    if (!schema) return { output: event.output };
    const parsed = schema.safeParse(event.output);
    if (!parsed.success) {
      this.invalid++;
      return undefined;
    }
    return { output: parsed.data };
  }

  close(): void {
    this.store.close();
  }

  #scanLine(bytes: Buffer, start: number, end: number, offset: number): void {
    if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end--;
    if (end === start) return;
    const isEnd = startsWith(bytes, start, end, END_PREFIX);
    if (!isEnd && !startsWith(bytes, start, end, RUN_START_PREFIX) && startsWith(bytes, start, end, EVENT_PREFIX)) {
      // A line the index does not need (start, approval, ...): not parsed; one cut short by a crash is counted.
      if (bytes[end - 1] !== CLOSING_BRACE) this.#unreadable++;
      return;
    }
    const text = bytes.toString("utf8", start, end);
    let event: TraceEvent;
    try {
      event = JSON.parse(text) as TraceEvent;
    } catch {
      if (text.trim() !== "") this.#unreadable++;
      return;
    }
    this.#consider(event, text, offset, end - start);
  }

  #consider(event: TraceEvent, text: string | undefined, offset = 0, length = 0): void {
    if (event === null || typeof event !== "object") return;
    if (event.type === "run-start") {
      this.#header ??= event;
      return;
    }
    if (event.type !== "end" || typeof event.path !== "string" || typeof event.inputHash !== "string") return;
    const key = compactKey(event.path, event.inputHash);
    if (!trusted(event, text)) {
      this.#untrusted.add(key);
      return;
    }
    this.#index.set(key, this.store instanceof FileStore ? this.store.add(offset, length) : this.store.add(event));
  }
}

/** False for an end line that had a secret scrubbed: its output is not what the call returned. */
function trusted(event: EndEvent, text: string | undefined): boolean {
  if (event.redacted === true) return false;
  if (text !== undefined && !text.includes(REDACTED)) return true;
  return !(JSON.stringify(event.output) ?? "").includes(REDACTED);
}

function startsWith(bytes: Buffer, start: number, end: number, prefix: Buffer): boolean {
  if (end - start < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[start + i] !== prefix[i]) return false;
  return true;
}

/** 64 bits of a call's path and input hash as a 4-character string: a small Map key for a million entries. */
export function compactKey(path: string, inputHash: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const text = `${path}\n${inputHash}`;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return String.fromCharCode(h1 >>> 16, h1 & 0xffff, h2 >>> 16, h2 & 0xffff);
}

/** Entries of a journal file: each line's offset and length; a lookup reads the line back. */
class FileStore {
  #offsets = new Float64Array(1024);
  #lengths = new Uint32Array(1024);
  #count = 0;
  #fd: number | undefined;

  constructor(fd: number) {
    this.#fd = fd;
  }

  add(offset: number, length: number): number {
    if (this.#count === this.#offsets.length) {
      const offsets = new Float64Array(this.#count * 2);
      offsets.set(this.#offsets);
      this.#offsets = offsets;
      const lengths = new Uint32Array(this.#count * 2);
      lengths.set(this.#lengths);
      this.#lengths = lengths;
    }
    this.#offsets[this.#count] = offset;
    this.#lengths[this.#count] = length;
    return this.#count++;
  }

  event(entry: number): EndEvent | undefined {
    if (this.#fd === undefined) return undefined;
    try {
      return JSON.parse(readRange(this.#fd, this.#offsets[entry]!, this.#lengths[entry]!)) as EndEvent;
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
class MemoryStore {
  readonly #events: EndEvent[] = [];

  add(event: EndEvent): number {
    return this.#events.push(event) - 1;
  }

  event(entry: number): EndEvent | undefined {
    return this.#events[entry];
  }

  close(): void {}
}

/** What a journal file holds, from its first and last lines: its run, and how the last run on it ended. */
export interface JournalSummary {
  /** The run-start line; undefined when the file is not a flowc journal. */
  readonly header: RunStartEvent | undefined;
  readonly ended: "ok" | "failed" | "unfinished";
}

/** Undefined for an empty file. Reads two lines, whatever the journal's size. */
export function summarizeJournal(path: string): JournalSummary | undefined {
  const lines = firstAndLastLine(path);
  if (!lines) return undefined;
  const first = parseLine(lines.first);
  const last = parseLine(lines.last);
  const header = first?.type === "run-start" && typeof first.callable === "string" ? first : undefined;
  const ended = last?.type === "run-end" ? (last.ok ? "ok" : "failed") : "unfinished";
  return { header, ended };
}

function parseLine(line: string): TraceEvent | undefined {
  try {
    const value = JSON.parse(line) as TraceEvent;
    return value !== null && typeof value === "object" ? value : undefined;
  } catch {
    return undefined;
  }
}
