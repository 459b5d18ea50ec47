// Reading `--input` (JSON text, @file.json or @- for stdin) and naming fields in input-validation messages.
import { readFileSync } from "node:fs";
import path from "node:path";
import { CliError, UsageError } from "./output.ts";
import { displayPath } from "./paths.ts";
import { findJsonError, lineColumn } from "./run-json.ts";

export interface InputValue {
  /** How to name the input in messages: `--input` or the file. */
  readonly name: string;
  readonly value: unknown;
}

/** Parses `--input`: JSON text, or `@file.json`. A syntax error names its line and column. */
export function readInput(raw: string, cwd: string): InputValue {
  let text = raw;
  let name = "--input";
  if (raw === "@-") {
    name = "the input on stdin";
    try {
      text = readFileSync(0, "utf8");
    } catch {
      throw new UsageError("cannot read the input from stdin", "pipe JSON in, e.g. echo '{}' | flowc run app.flow main --input @-");
    }
  } else if (raw.startsWith("@")) {
    const file = path.resolve(cwd, raw.slice(1));
    name = displayPath(file, cwd);
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new UsageError(`cannot read the input file ${raw.slice(1)}`, "--input takes JSON text or @path/to/input.json");
    }
  }
  try {
    return { name, value: JSON.parse(text) };
  } catch {
    const problem = findJsonError(text);
    const { line, column } = lineColumn(text, problem.offset);
    const where = raw.startsWith("@") && raw !== "@-" ? `at ${name}:${line}:${column}` : `at line ${line}, column ${column}`;
    throw new CliError(`${name} is not valid JSON: ${problem.message} ${where}`, {
      hint:
        name === "--input"
          ? `quote the JSON for your shell, e.g. --input '{"text": "hello"}', or put it in a file and pass --input @file.json`
          : raw === "@-"
            ? "fix the JSON you pipe in, then run again"
            : "fix the file, then run again",
    });
  }
}

/** `decks[1].text`, as the runtime names fields. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * The fields of `given` that validation dropped from `kept` (zod strips keys a
 * schema does not name), as field paths: `--input` with a misspelled or stale
 * field would otherwise run silently without it.
 */
export function extraFields(given: unknown, kept: unknown, path: readonly PropertyKey[] = []): string[] {
  if (Array.isArray(given) && Array.isArray(kept)) return given.flatMap((item, i) => extraFields(item, kept[i], [...path, i]));
  if (!isPlainObject(given) || !isPlainObject(kept)) return [];
  return Object.keys(given).flatMap((key) =>
    Object.hasOwn(kept, key) ? extraFields(given[key], kept[key], [...path, key]) : [fieldPath([...path, key])],
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
