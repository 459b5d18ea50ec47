// `flowc stabilize`, step 1: the recorded call of a code worker in a trace.
// Its cells are the end lines of the frames `PATH/cell`, `PATH/cell#2`, ...
// (their output is the cell's record: code, what it printed, its error and
// what it gave FINAL); its sub-calls are the frames below them.
import { CliError } from "./output.ts";

/** One cell of the recorded call, in the order it ran. */
export interface RecordedCell {
  readonly code: string;
  /** The cell's error in the run (`TypeError: ...`); such a cell is left out of the module. */
  readonly error?: string;
  readonly final: boolean;
}

export interface RecordedCall {
  readonly path: string;
  /** The code worker's name. */
  readonly worker: string;
  readonly inputHash: string;
  readonly output: unknown;
  readonly cells: readonly RecordedCell[];
  /** Whether the cells called llm_batch (its items run in `map[i]` scopes). */
  readonly batched: boolean;
}

interface Line {
  readonly type: string;
  readonly path?: string;
  readonly parent?: string | null;
  readonly callable?: string;
  readonly inputHash?: string;
  readonly output?: unknown;
  readonly ok?: boolean;
  readonly error?: string;
}

/** An error of `flowc stabilize`: `FLS1nn: message`, no stack. */
export function stabilizeError(code: string, message: string, hint?: string): CliError {
  return new CliError(`${code}: ${message}`, hint === undefined ? {} : { hint });
}

export function readRecordedCall(file: string, text: string, path: string): RecordedCall {
  const lines = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      try {
        return JSON.parse(line) as Line;
      } catch {
        throw stabilizeError("FLS100", `${file}:${index + 1} is not a JSON line; is this a flowc trace?`);
      }
    });
  const runEnd = lines.find((line) => line.type === "run-end");
  if (runEnd?.ok !== true) {
    throw stabilizeError("FLS101", `the run in ${file} ${runEnd ? `failed (${runEnd.error ?? "error"})` : "did not end"}`, "stabilize a successful run of the code worker");
  }
  const start = lines.find((line) => line.type === "start" && line.path === path);
  if (!start) {
    const known = codeWorkerPaths(lines);
    throw stabilizeError("FLS102", `${file} has no call at ${path}`, known.length > 0 ? `code worker calls in it: ${known.join(", ")}` : "it has no code worker call");
  }
  const end = lines.find((line) => line.type === "end" && line.path === path);
  if (!end) throw stabilizeError("FLS101", `the call at ${path} did not succeed in ${file}`);
  const cellLines = lines.filter((line) => line.type === "end" && line.parent === path && line.callable === "cell");
  if (cellLines.length === 0) {
    throw stabilizeError("FLS103", `${path} (${start.callable}) is not a code worker's call: it ran no cells`, "stabilize the call of a worker with `answer: code`");
  }
  const cellPaths = new Set(cellLines.map((line) => line.path));
  const others = lines.filter(
    (line) => line.type === "start" && line.callable !== "llm" && line.parent !== path && cellPaths.has(owningCell(line.path ?? "", path)),
  );
  if (others.length > 0) {
    throw stabilizeError("FLS104", `the cells of ${path} call ${[...new Set(others.map((l) => l.callable))].join(", ")}; only llm and llm_batch sub-calls can be stabilized yet`);
  }
  return {
    path,
    worker: start.callable ?? "",
    inputHash: start.inputHash ?? "",
    output: end.output,
    cells: cellLines.map((line) => toCell(line.output)),
    batched: lines.some((line) => line.type === "start" && line.callable === "llm" && /\/map\[\d+\]\//.test(line.path ?? "")),
  };
}

/** `a/b/cell#2/map[3]/llm` -> `a/b/cell#2` (the cell frame a sub-call belongs to). */
function owningCell(subPath: string, callPath: string): string {
  if (!subPath.startsWith(`${callPath}/`)) return "";
  const rest = subPath.slice(callPath.length + 1);
  return `${callPath}/${rest.split("/")[0]}`;
}

function toCell(output: unknown): RecordedCell {
  const record = (output ?? {}) as { code?: unknown; error?: unknown; final?: unknown };
  return {
    code: typeof record.code === "string" ? record.code : "",
    ...(typeof record.error === "string" ? { error: record.error } : {}),
    final: "final" in record,
  };
}

function codeWorkerPaths(lines: readonly Line[]): string[] {
  return [...new Set(lines.filter((line) => line.type === "end" && line.callable === "cell" && line.parent).map((line) => line.parent!))];
}
