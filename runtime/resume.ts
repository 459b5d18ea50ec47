// Resume from a journal (the trace of an earlier run of the same flow on the
// same input): a frame whose path and input hash ended in it returns the
// journaled output instead of running again. The file is streamed: the index
// (journal-index.ts) keeps, per result, a 64-bit key and the line's offset and
// length in typed arrays, and a lookup reads that one line back, so memory
// does not grow with the outputs (~38 MB for a million results).
// An entry that cannot be trusted is run again, never returned: a line that
// is not JSON (torn by a crash), an `end` whose line had a secret scrubbed
// (`redacted`, or `[REDACTED]` in its output: traces written before exact
// journals), or an output its callable's schema rejects.
import { openSync } from "node:fs";
import type { z } from "zod";
import { ConfigError } from "./errors.ts";
import { callKey, CompactIndex, type CallKey } from "./journal-index.ts";
import { FileStore, MemoryStore, type EndEvent } from "./journal-entries.ts";
import { endLineKey, scanLines, startsAt } from "./journal-scan.ts";
import { REDACTED } from "./redact.ts";
import { JOURNAL_VERSION, type TraceEvent } from "./trace.ts";

export type RunStartEvent = Extract<TraceEvent, { type: "run-start" }>;
export { summarizeJournal, type JournalSummary } from "./journal-summary.ts";

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
const REDACTED_BYTES = Buffer.from(REDACTED);
const REDACTED_FLAG = Buffer.from(',"redacted":true}');
const CLOSING_BRACE = 0x7d;
const CARRIAGE_RETURN = 0x0d;

export class ResumeJournal {
  #header: RunStartEvent | undefined;
  /** Call key → entry: the line's offset and length in a file, or the event's index in memory. */
  readonly #index = new CompactIndex();
  /** Keys of untrusted lines (few), to count those no later line replaced. */
  readonly #untrusted = new Map<string, CallKey>();
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
    const store = new MemoryStore();
    const journal = new ResumeJournal("the resume journal", store);
    for (const item of source) {
      if (typeof item !== "string") {
        journal.#consider(item, undefined, () => store.add(item as EndEvent));
        continue;
      }
      if (item.trim() === "") continue;
      let event: TraceEvent;
      try {
        event = JSON.parse(item) as TraceEvent;
      } catch {
        journal.#unreadable++;
        continue;
      }
      journal.#consider(event, item, () => store.add(event as EndEvent));
    }
    return journal;
  }

  get header(): RunStartEvent | undefined {
    return this.#header;
  }

  get counts(): JournalCounts {
    let redacted = 0;
    for (const key of this.#untrusted.values()) if (!this.#index.has(key)) redacted++;
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
    const entry = this.#index.get(callKey(path, inputHash));
    if (entry < 0) return undefined;
    const event = this.store.event(this.#index.offset(entry), this.#index.length(entry));
    // A key is 64 bits: a collision is told apart here (and the call runs).
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
    if (startsAt(bytes, start, end, END_PREFIX)) {
      if (bytes[end - 1] !== CLOSING_BRACE) {
        this.#unreadable++; // cut short by a crash
        return;
      }
      // The common line: keyed from its bytes. One flagged or with [REDACTED] in it is parsed, to be judged.
      const fields = endLineKey(bytes, start, end, END_PREFIX.length);
      const flagged = startsAt(bytes, end - REDACTED_FLAG.length, end, REDACTED_FLAG) || bytes.subarray(start, end).includes(REDACTED_BYTES);
      if (fields && !flagged) {
        this.#index.set(callKey(fields.path, fields.inputHash), offset, end - start);
        return;
      }
    } else if (!startsAt(bytes, start, end, RUN_START_PREFIX) && startsAt(bytes, start, end, EVENT_PREFIX)) {
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
    this.#consider(event, text, () => offset, end - start);
  }

  /** Indexes a parsed line: the header, or a trusted end (`where` gives its entry's offset). */
  #consider(event: TraceEvent, text: string | undefined, where: () => number, length = 0): void {
    if (event === null || typeof event !== "object") return;
    if (event.type === "run-start") {
      this.#header ??= event;
      return;
    }
    if (event.type !== "end" || typeof event.path !== "string" || typeof event.inputHash !== "string") return;
    const key = callKey(event.path, event.inputHash);
    if (trusted(event, text)) this.#index.set(key, where(), length);
    else this.#untrusted.set(`${key.hi}:${key.lo}`, key);
  }
}

/** False for an end line that had a secret scrubbed: its output is not what the call returned. */
function trusted(event: EndEvent, text: string | undefined): boolean {
  if (event.redacted === true) return false;
  if (text !== undefined && !text.includes(REDACTED)) return true;
  return !(JSON.stringify(event.output) ?? "").includes(REDACTED);
}
