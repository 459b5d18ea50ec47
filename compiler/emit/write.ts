// Writing generated files: only when the bytes change, never over a file that
// flowc did not generate, and in `check` mode not at all (listing what is stale).
import { mkdir, readFile, writeFile } from "node:fs/promises";
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

async function readExisting(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
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
  for (const file of files) {
    const existing = await readExisting(file.path);
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
    await mkdir(path.dirname(file.path), { recursive: true });
    await writeFile(file.path, file.text);
    result.written.push(file.path);
  }
  return result;
}
