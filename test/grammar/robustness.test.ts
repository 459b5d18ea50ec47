// parse() must never throw and always return a well-formed Module. The big
// fuzzer lives elsewhere; this is a quick, deterministic smoke test.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Span } from "../../grammar/ast.ts";
import { parse } from "../../grammar/index.ts";

const seedText = readFileSync(new URL("./design-examples.flow", import.meta.url).pathname, "utf8");

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  '"',
  '"""',
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ",",
  ":",
  "=>",
  "->",
  "\n",
  "//",
  "///",
  "{{",
  "}}",
  "\\",
  "map",
  "let",
  "é",
  "\u0000",
  " (",
];

function mutate(text: string, next: () => number): string {
  let result = text;
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (result.length + 1));
    const choice = next();
    if (choice < 0.3) result = result.slice(0, at) + result.slice(at + 1 + Math.floor(next() * 20));
    else if (choice < 0.7)
      result = result.slice(0, at) + FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] + result.slice(at);
    else if (choice < 0.85) result = result.slice(0, at);
    else {
      const from = Math.floor(next() * result.length);
      result = result.slice(0, at) + result.slice(from, from + 30) + result.slice(at);
    }
  }
  return result;
}

/** Paths of the spans that are not inside the text, end before they start, or whose line disagrees with the offset. */
function badSpans(value: unknown, text: string): string[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const lineOf = (offset: number) => lineStarts.filter((start) => start <= offset).length;
  const bad: string[] = [];
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((child, i) => visit(child, `${path}[${i}]`));
    if (node === null || typeof node !== "object") return;
    if ("start" in node && "end" in node && "file" in node) {
      const { start, end } = node as Span;
      const inside = start.offset >= 0 && start.offset <= end.offset && end.offset <= text.length;
      if (!inside || start.line !== lineOf(start.offset) || end.line !== lineOf(end.offset)) bad.push(path);
      return;
    }
    for (const [key, child] of Object.entries(node)) visit(child, `${path}.${key}`);
  };
  visit(value, "result");
  return bad;
}

function parseSafely(text: string) {
  const result = parse(text, "fuzz.flow");
  expect(result.ast.kind).toBe("Module");
  expect(result.errors.filter((e) => e.message.startsWith("internal parser error"))).toEqual([]);
  return result;
}

describe("parse never throws", () => {
  it("on 500 mutations of the DESIGN examples", () => {
    const next = random(20261125);
    for (let i = 0; i < 500; i++) {
      const text = mutate(seedText, next);
      expect(badSpans(parseSafely(text), text)).toEqual([]);
    }
  });

  it("on every truncation of a flow", () => {
    const flow = seedText.slice(seedText.indexOf("flow refine"));
    for (let end = 0; end <= flow.length; end++) parseSafely(flow.slice(0, end));
  });

  it("on random bytes", () => {
    const next = random(7);
    for (let i = 0; i < 200; i++) {
      const length = Math.floor(next() * 200);
      const text = Array.from({ length }, () => String.fromCharCode(Math.floor(next() * 128))).join("");
      expect(badSpans(parseSafely(text), text)).toEqual([]);
    }
  });

  it("on nesting deeper than the recursive descent can take", () => {
    const depth = 20_000;
    const result = parse(`flow f() -> int { return ${"[".repeat(depth)}${"]".repeat(depth)} }`, "deep.flow");
    // The parser stops at the bracket where it would go too deep (grammar/limits.ts).
    expect(result.errors.map((e) => [e.kind, e.message, e.span.start.line])).toEqual([
      ["too-deeply-nested", "nested too deeply: more than 100 levels", 1],
    ]);
    expect(result.errors[0]!.span.start.column).toBeGreaterThan("flow f() -> int { return ".length + 100);
    expect(result.ast.decls).toEqual([]);
    // The shared parser instance is still usable afterwards.
    expect(parse(seedText, "again.flow").errors).toEqual([]);
  });

  it("on empty and whitespace-only input", () => {
    for (const text of ["", " ", "\n\n", "\r\n", "// just a comment", "///"]) {
      const result = parseSafely(text);
      expect(result.errors).toEqual([]);
      expect(result.ast.decls).toEqual([]);
    }
  });
});
