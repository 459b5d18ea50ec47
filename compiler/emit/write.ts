// Writing generated files: only when the bytes change, never over a file that
// flowc did not generate, and in `check` mode not at all (listing what is stale).
// Synchronous on purpose: a build writes hundreds of small files, and one
// thread-pool round trip per call cost more than the writes themselves.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { GeneratedFile } from "../index.ts";
import { HEADER_PREFIX } from "./header.ts";

export interface WriteResult {
  /** Files created or changed. */
  readonly written: string[];
  /** Files whose bytes were already right. */
  readonly unchanged: string[];
  /** With `check`: files missing or different (nothing is written). */
  readonly stale: string[];
  /** Existing files without the generated-file header: left alone. */
  readonly refused: string[];
}

function readExisting(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export function isGeneratedText(text: string): boolean {
  return text.startsWith(HEADER_PREFIX);
}

export async function writeGenerated(
  files: readonly GeneratedFile[],
  options: { check: boolean },
): Promise<WriteResult> {
  const result: WriteResult = { written: [], unchanged: [], stale: [], refused: [] };
  const made = new Set<string>();
  for (const file of files) {
    const existing = readExisting(file.path);
    if (existing === file.text) {
      result.unchanged.push(file.path);
      continue;
    }
    if (existing !== undefined && !isGeneratedText(existing)) {
      result.refused.push(file.path);
      continue;
    }
    if (options.check) {
      result.stale.push(file.path);
      continue;
    }
    const dir = path.dirname(file.path);
    if (!made.has(dir)) mkdirSync(dir, { recursive: true });
    made.add(dir);
    writeFileSync(file.path, file.text);
    result.written.push(file.path);
  }
  return result;
}
