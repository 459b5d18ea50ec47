// `.env` in the project root, read by `flowc run` before it loads the tool
// files and makes the model provider, so OPENAI_API_KEY and OPENAI_BASE_URL
// (and what tools read) can live there. A variable already set in the
// environment wins. Values are never printed: they are often secrets.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { UsageError } from "./output.ts";
import { displayPath } from "./paths.ts";

/**
 * One `KEY=value` assignment, as dotenv finds them: an optional `export`, a
 * key of letters, digits, `_`, `.` or `-`, then a quoted value (which may span
 * lines) or the rest of the line up to a `#` comment.
 */
const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?[\w.-]+[ \t]*=(?:[ \t]*'(?:\\'|[^'])*'|[ \t]*"(?:\\"|[^"])*"|[ \t]*`(?:\\`|[^`])*`|[^#\r\n]*)[ \t]*(?:#.*)?$/gm;

/**
 * The variables of a `.env` text. Lines that are not an assignment are skipped
 * the way dotenv skips them. Node 20's `util.parseEnv` reads a line without `=`
 * as the start of the next key, so it is given only the assignments found here;
 * it decodes them (quotes, `\n` in double quotes, comments) as `node --env-file` does.
 */
export function parseDotenv(text: string): Record<string, string> {
  const assignments = text.replace(/\r\n?/g, "\n").match(ASSIGNMENT) ?? [];
  const parsed = parseEnv(assignments.join("\n"));
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) if (value !== undefined) variables[name] = value;
  return variables;
}

/**
 * Reads `root/.env` into `env`, leaving variables that are already set alone.
 * No file is not an error. Returns the names it set (never the values).
 */
export function loadDotenv(root: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string[] {
  const file = path.join(root, ".env");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return [];
    throw new UsageError(`cannot read ${displayPath(file, cwd)}: ${code ?? "an unknown error"}`, "make it a readable file of KEY=value lines, or remove it");
  }
  const set: string[] = [];
  for (const [name, value] of Object.entries(parseDotenv(text))) {
    if (Object.hasOwn(env, name)) continue;
    env[name] = value;
    set.push(name);
  }
  return set;
}
