// `{{a.b}}` placeholders in worker instructions, rendered against the input.
// The compiler checks every path; at run time a missing value renders empty.
import { toModelText } from "./json.ts";

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*|\[\d+\])*)\s*\}\}/g;

/** Strings are inserted as they are, other values as compact JSON. */
export function renderTemplate(template: string, input: unknown): string {
  return template.replace(PLACEHOLDER, (_match, path: string) => toModelText(lookup(input, path)));
}

function lookup(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const part of path.split(/\.|\[|\]/).filter((p) => p !== "")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
