// `{{a.b}}` placeholders in worker instructions, rendered against the input.
// The compiler checks every path; at run time a missing value renders empty.
import { toModelText } from "./json.ts";

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*|\[\d+\])*)\s*\}\}/g;

/** A template cut at its placeholders: texts[0] value(paths[0]) texts[1] ... texts[n]. */
export interface CompiledTemplate {
  readonly texts: readonly string[];
  /** Each placeholder's path as property keys (`list[0].x` → ["list", "0", "x"]). */
  readonly paths: readonly (readonly string[])[];
}

/** Strings are inserted as they are, other values as compact JSON. */
export function renderTemplate(template: string, input: unknown): string {
  return renderCompiled(compileTemplate(template), input);
}

/** Renders a template compiled once (the worker loop keeps one per worker). */
export function renderCompiled({ texts, paths }: CompiledTemplate, input: unknown): string {
  let out = texts[0]!;
  for (let i = 0; i < paths.length; i++) out += toModelText(lookup(input, paths[i]!)) + texts[i + 1]!;
  return out;
}

export function compileTemplate(template: string): CompiledTemplate {
  const texts: string[] = [];
  const paths: string[][] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    texts.push(template.slice(last, match.index));
    paths.push(match[1]!.split(/\.|\[|\]/).filter((p) => p !== ""));
    last = match.index! + match[0].length;
  }
  texts.push(template.slice(last));
  return { texts, paths };
}

function lookup(root: unknown, path: readonly string[]): unknown {
  let current: unknown = root;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
