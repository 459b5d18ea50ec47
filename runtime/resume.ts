// Resume from a trace journal: a frame whose path and input hash ended OK in
// an earlier run returns the recorded output instead of calling again.
import { readFileSync } from "node:fs";
import { ConfigError } from "./errors.ts";
import type { TraceEvent } from "./trace.ts";

export class ResumeJournal {
  private readonly outputs = new Map<string, unknown>();

  constructor(events: readonly TraceEvent[]) {
    for (const event of events) {
      if (event.type === "end") this.outputs.set(key(event.path, event.inputHash), event.output);
    }
  }

  static from(source: string | readonly string[] | readonly TraceEvent[]): ResumeJournal {
    const lines = typeof source === "string" ? readJournal(source).split("\n") : source;
    const events = lines.flatMap((line): TraceEvent[] => {
      if (typeof line !== "string") return [line];
      if (line.trim() === "") return [];
      try {
        return [JSON.parse(line) as TraceEvent];
      } catch {
        return []; // a torn last line of a crashed run
      }
    });
    return new ResumeJournal(events);
  }

  lookup(path: string, inputHash: string): { readonly output: unknown } | undefined {
    const k = key(path, inputHash);
    return this.outputs.has(k) ? { output: this.outputs.get(k) } : undefined;
  }
}

function readJournal(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read the trace to resume from (${path}): ${(error as Error).message}`);
  }
}

function key(path: string, inputHash: string): string {
  return `${path}\n${inputHash}`;
}
